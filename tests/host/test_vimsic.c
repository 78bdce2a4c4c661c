// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of monitor/vdev/vimsic.c: a software IMSIC interrupt file as the
 * AIA specification defines it for RV64: eidelivery, eithreshold, the
 * even-numbered 64-bit eip/eie registers, identity 0 never pending, the
 * top identity and its claim, and bounds for every register.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <monitor/vdev/vimsic.h>

static struct vimsic_file file;

static int setup(void **state)
{
	vimsic_init(&file, 255);
	return 0;
}

static uint64_t reg(unsigned long sel)
{
	uint64_t v;

	assert_int_equal(vimsic_reg_read(&file, sel, &v), 0);
	return v;
}

static void test_registers(void **state)
{
	uint64_t v;

	assert_int_equal(file.ids, 255);
	vimsic_reg_write(&file, IMSIC_EIDELIVERY, 0x40000001);
	assert_int_equal(reg(IMSIC_EIDELIVERY), 1);
	vimsic_reg_write(&file, IMSIC_EITHRESHOLD, 1000);
	assert_int_equal(reg(IMSIC_EITHRESHOLD), 255);
	vimsic_reg_write(&file, IMSIC_EITHRESHOLD, 7);
	assert_int_equal(reg(IMSIC_EITHRESHOLD), 7);
	/* eip0 bit 0 is identity 0: always zero. */
	vimsic_reg_write(&file, IMSIC_EIP0, ~0ULL);
	assert_int_equal(reg(IMSIC_EIP0), ~1ULL);
	/* Identities 192..255 in eie6; past 255 no register. */
	vimsic_reg_write(&file, IMSIC_EIE0 + 6, ~0ULL);
	assert_int_equal(reg(IMSIC_EIE0 + 6), ~0ULL);
	assert_int_equal(vimsic_reg_write(&file, IMSIC_EIE0 + 8, ~0ULL), ERR_INVALID);
	assert_int_equal(vimsic_reg_read(&file, IMSIC_EIP0 + 62, &v), ERR_INVALID);
	/* RV64: the odd-numbered ones do not exist; nor does 0x71 or 0x30. */
	assert_int_equal(vimsic_reg_read(&file, IMSIC_EIP0 + 1, &v), ERR_INVALID);
	assert_int_equal(vimsic_reg_write(&file, IMSIC_EIE0 + 3, 1), ERR_INVALID);
	assert_int_equal(vimsic_reg_read(&file, 0x71, &v), ERR_INVALID);
	assert_int_equal(vimsic_reg_read(&file, 0x30, &v), ERR_INVALID);
	assert_int_equal(vimsic_reg_write(&file, 0x100, 1), ERR_INVALID);
}

static void test_top_claim(void **state)
{
	vimsic_set_pending(&file, 40);
	vimsic_set_pending(&file, 9);
	/* Not enabled, not delivering: nothing. */
	assert_int_equal(vimsic_top(&file), 0);
	vimsic_reg_write(&file, IMSIC_EIE0, (1ULL << 40) | (1ULL << 9));
	assert_int_equal(vimsic_top(&file), 0);
	vimsic_reg_write(&file, IMSIC_EIDELIVERY, 1);
	/* The lowest identity is the highest priority. */
	assert_int_equal(vimsic_top(&file), 9);
	assert_int_equal(vimsic_topei(&file), (9UL << 16) | 9);
	/* Threshold 9: only identities below 9 interrupt. */
	vimsic_reg_write(&file, IMSIC_EITHRESHOLD, 9);
	assert_int_equal(vimsic_top(&file), 0);
	vimsic_reg_write(&file, IMSIC_EITHRESHOLD, 10);
	assert_int_equal(vimsic_top(&file), 9);
	vimsic_claim(&file);
	assert_int_equal(reg(IMSIC_EIP0), 1ULL << 40);
	/* 40 is above the threshold of 10. */
	assert_int_equal(vimsic_top(&file), 0);
	vimsic_reg_write(&file, IMSIC_EITHRESHOLD, 0);
	assert_int_equal(vimsic_top(&file), 40);
	vimsic_claim(&file);
	assert_int_equal(vimsic_top(&file), 0);
	/* A claim of nothing changes nothing. */
	vimsic_claim(&file);
	assert_int_equal(reg(IMSIC_EIP0), 0);
	/* Identities 0 and past 255 are never pending. */
	vimsic_set_pending(&file, 0);
	vimsic_set_pending(&file, 256);
	vimsic_set_pending(&file, 0xffffffff);
	for (unsigned long sel = IMSIC_EIP0; sel <= IMSIC_EIP0 + 6; sel += 2)
		assert_int_equal(reg(sel), 0);
	/* The highest identity, in the last word. */
	vimsic_set_pending(&file, 255);
	vimsic_reg_write(&file, IMSIC_EIE0 + 6, 1ULL << 63);
	assert_int_equal(vimsic_top(&file), 255);
}

static void test_largest(void **state)
{
	vimsic_init(&file, 100000);
	assert_int_equal(file.ids, VIMSIC_MAX_IDS);
	vimsic_set_pending(&file, VIMSIC_MAX_IDS);
	vimsic_reg_write(&file, IMSIC_EIE0 + 62, ~0ULL);
	vimsic_reg_write(&file, IMSIC_EIDELIVERY, 1);
	assert_int_equal(vimsic_top(&file), VIMSIC_MAX_IDS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_registers, setup),
		cmocka_unit_test_setup(test_top_claim, setup),
		cmocka_unit_test_setup(test_largest, setup),
	};

	return cmocka_run_group_tests_name("software IMSIC file", tests, NULL, NULL);
}
