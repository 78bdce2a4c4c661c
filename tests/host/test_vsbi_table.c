// SPDX-License-Identifier: BSD-2-Clause
/* Host tests of monitor/sbi/vsbi_table.c: lookup and the boot-time table check. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <monitor/sbi/vsbi.h>

static struct vsbi_ret handle(struct vcpu *v, unsigned long eid,
			      unsigned long fid, const unsigned long *args)
{
	return VSBI_OK(0);
}

static const struct vsbi_extension good[] = {
	{ "legacy", 0x00, 0x0f, NULL, handle, false },
	{ "base", 0x10, 0x10, NULL, handle, false },
	{ "time", 0x54494d45, 0x54494d45, NULL, handle, false },
	{ "experimental", 0x08000000, 0x08ffffff, NULL, handle, false },
};

static void test_find(void **state)
{
	assert_ptr_equal(vsbi_find(good, 4, 0x00), &good[0]);
	assert_ptr_equal(vsbi_find(good, 4, 0x0f), &good[0]);
	assert_ptr_equal(vsbi_find(good, 4, 0x10), &good[1]);
	assert_ptr_equal(vsbi_find(good, 4, 0x54494d45), &good[2]);
	assert_ptr_equal(vsbi_find(good, 4, 0x08534256), &good[3]);
	assert_null(vsbi_find(good, 4, 0x11));
	assert_null(vsbi_find(good, 4, 0x09000000));
	assert_null(vsbi_find(good, 4, ~0UL));
	assert_null(vsbi_find(good, 0, 0x10));
}

static void test_check(void **state)
{
	const struct vsbi_extension overlap[] = {
		{ "a", 0x10, 0x20, NULL, handle, false },
		{ "b", 0x30, 0x40, NULL, handle, false },
		{ "c", 0x20, 0x20, NULL, handle, false },
	};
	const struct vsbi_extension reversed[] = {
		{ "r", 0x20, 0x10, NULL, handle, false },
	};
	const struct vsbi_extension no_handler[] = {
		{ "n", 0x20, 0x20, NULL, NULL, false },
	};
	const char *a = NULL, *b = NULL;

	assert_int_equal(vsbi_check_table(good, 4, &a, &b), 0);
	assert_int_equal(vsbi_check_table(overlap, 3, &a, &b), ERR_OVERLAP);
	assert_string_equal(a, "a");
	assert_string_equal(b, "c");
	assert_int_equal(vsbi_check_table(overlap, 2, &a, &b), 0);
	assert_int_equal(vsbi_check_table(reversed, 1, &a, &b), ERR_INVALID);
	assert_string_equal(a, "r");
	assert_int_equal(vsbi_check_table(no_handler, 1, &a, &b), ERR_INVALID);
}

static void test_hart_mask(void **state)
{
	unsigned long t;

	assert_int_equal(vsbi_hart_mask(0x5, 0, 4, &t), 0);
	assert_int_equal(t, 0x5);
	assert_int_equal(vsbi_hart_mask(0x3, 2, 4, &t), 0);
	assert_int_equal(t, 0xc);
	/* Base -1: every hart, whatever the mask. */
	assert_int_equal(vsbi_hart_mask(0, -1UL, 4, &t), 0);
	assert_int_equal(t, 0xf);
	assert_int_equal(vsbi_hart_mask(0, -1UL, 64, &t), 0);
	assert_int_equal(t, ~0UL);
	/* An empty mask names nobody. */
	assert_int_equal(vsbi_hart_mask(0, 2, 4, &t), 0);
	assert_int_equal(t, 0);
	/* Harts that do not exist. */
	assert_int_equal(vsbi_hart_mask(0x10, 0, 4, &t), -3);
	assert_int_equal(vsbi_hart_mask(0x3, 3, 4, &t), -3);
	assert_int_equal(vsbi_hart_mask(0x1, 4, 4, &t), -3);
	assert_int_equal(vsbi_hart_mask(0x1, -2UL, 4, &t), -3);
	assert_int_equal(vsbi_hart_mask(1UL << 63, 1, 4, &t), -3);
}

static void test_index(void **state)
{
	/* The real EIDs of the extensions the monitor serves, and a range. */
	static const struct vsbi_extension real[] = {
		{ "legacy", 0x00, 0x0f, NULL, handle, false },
		{ "base", 0x10, 0x10, NULL, handle, false },
		{ "time", 0x54494d45, 0x54494d45, NULL, handle, false },
		{ "ipi", 0x735049, 0x735049, NULL, handle, false },
		{ "rfence", 0x52464e43, 0x52464e43, NULL, handle, false },
		{ "hsm", 0x48534d, 0x48534d, NULL, handle, false },
		{ "srst", 0x53525354, 0x53525354, NULL, handle, false },
		{ "dbcn", 0x4442434e, 0x4442434e, NULL, handle, false },
		{ "sbivisor", 0x08534256, 0x08534256, NULL, handle, false },
		{ "susp", 0x53555350, 0x53555350, NULL, handle, false },
		{ "sta", 0x535441, 0x535441, NULL, handle, false },
		{ "fwft", 0x46574654, 0x46574654, NULL, handle, false },
	};
	const unsigned int n = sizeof(real) / sizeof(real[0]);
	static const unsigned long probes[] = {
		0, 1, 8, 0xf, 0x10, 0x11, 0x54494d45, 0x54494d44, 0x735049,
		0x52464e43, 0x48534d, 0x53525354, 0x4442434e, 0x08534256,
		0x08534257, 0x504d55, 0x53555350, ~0UL, 0x12345678, 0x535441,
		0x46574654,
	};
	struct vsbi_index index;
	struct vsbi_extension crowded[VSBI_INDEX_DEPTH + 1];

	assert_int_equal(vsbi_index_build(&index, real, n), 0);
	/* Whatever the EID, the index answers as the plain search does. */
	for (unsigned int i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		assert_ptr_equal(vsbi_index_find(&index, probes[i]),
				 vsbi_find(real, n, probes[i]));
	for (unsigned long eid = 0; eid < 0x100; eid++)
		assert_ptr_equal(vsbi_index_find(&index, eid), vsbi_find(real, n, eid));

	/*
	 * The hot ones (BASE, TIME, IPI, RFENCE, HSM) share their bucket with
	 * no other extension served today: first in it, whatever the link order.
	 */
	for (unsigned int i = 1; i <= 5; i++)
		for (unsigned int j = 1; j < n; j++)
			if (j != i)
				assert_int_not_equal(vsbi_index_hash(real[i].eid_start),
						     vsbi_index_hash(real[j].eid_start));

	/* More single EIDs in one bucket than it holds: refused at boot. */
	for (unsigned int i = 0; i <= VSBI_INDEX_DEPTH; i++)
		crowded[i] = (struct vsbi_extension){
			"x", 0x100 + i * VSBI_INDEX_BUCKETS * 0x100,
			0x100 + i * VSBI_INDEX_BUCKETS * 0x100, NULL, handle, false };
	assert_int_equal(vsbi_index_hash(crowded[0].eid_start),
			 vsbi_index_hash(crowded[1].eid_start));
	assert_int_equal(vsbi_index_build(&index, crowded, VSBI_INDEX_DEPTH + 1), ERR_FULL);
}

/* FWFT: feature IDs by the spec's ranges, and PMLEN to PMM and back. */
static void test_fwft(void **state)
{
	unsigned long served = 1UL << SBI_FWFT_MISALIGNED_EXC_DELEG |
			       1UL << SBI_FWFT_POINTER_MASKING_PMLEN;

	assert_int_equal(vsbi_fwft_check(SBI_FWFT_MISALIGNED_EXC_DELEG, served), SBI_SUCCESS);
	assert_int_equal(vsbi_fwft_check(SBI_FWFT_POINTER_MASKING_PMLEN, served), SBI_SUCCESS);
	assert_int_equal(vsbi_fwft_check(SBI_FWFT_LANDING_PAD, served), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(vsbi_fwft_check(SBI_FWFT_DOUBLE_TRAP, served), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(vsbi_fwft_check(SBI_FWFT_LOCAL_RESERVED_START, ~0UL), SBI_ERR_DENIED);
	assert_int_equal(vsbi_fwft_check(0x3fffffff, ~0UL), SBI_ERR_DENIED);
	assert_int_equal(vsbi_fwft_check(0x40000000, ~0UL), SBI_ERR_DENIED);
	assert_int_equal(vsbi_fwft_check(0x80000000, ~0UL), SBI_ERR_DENIED);
	assert_int_equal(vsbi_fwft_check(0xffffffff, ~0UL), SBI_ERR_DENIED);

	assert_int_equal(vsbi_fwft_pmm(0, true, true), 0);
	assert_int_equal(vsbi_fwft_pmm(1, true, true), VSBI_PMM_PMLEN7);
	assert_int_equal(vsbi_fwft_pmm(7, true, true), VSBI_PMM_PMLEN7);
	assert_int_equal(vsbi_fwft_pmm(8, true, true), VSBI_PMM_PMLEN16);
	assert_int_equal(vsbi_fwft_pmm(7, false, true), VSBI_PMM_PMLEN16);
	assert_int_equal(vsbi_fwft_pmm(16, true, true), VSBI_PMM_PMLEN16);
	assert_true(vsbi_fwft_pmm(17, true, true) == -1UL);
	assert_true(vsbi_fwft_pmm(8, true, false) == -1UL);
	assert_true(vsbi_fwft_pmm(1, false, false) == -1UL);
	assert_int_equal(vsbi_fwft_pmlen(0), 0);
	assert_int_equal(vsbi_fwft_pmlen(VSBI_PMM_PMLEN7), 7);
	assert_int_equal(vsbi_fwft_pmlen(VSBI_PMM_PMLEN16), 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_hart_mask),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_fwft),
	};

	return cmocka_run_group_tests_name("guest SBI table", tests, NULL, NULL);
}
