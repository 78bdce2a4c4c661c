// SPDX-License-Identifier: BSD-2-Clause
/* Host tests of monitor/vsbi_table.c: lookup and the boot-time table check. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <monitor/vsbi.h>

static void handle(struct vcpu *v, struct vsbi_call *call)
{
	(void)v;
	(void)call;
}

static const struct vsbi_extension good[] = {
	{ "legacy", 0x00, 0x0f, NULL, handle },
	{ "base", 0x10, 0x10, NULL, handle },
	{ "time", 0x54494d45, 0x54494d45, NULL, handle },
	{ "experimental", 0x08000000, 0x08ffffff, NULL, handle },
};

static void test_find(void **state)
{
	(void)state;
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
		{ "a", 0x10, 0x20, NULL, handle },
		{ "b", 0x30, 0x40, NULL, handle },
		{ "c", 0x20, 0x20, NULL, handle },
	};
	const struct vsbi_extension reversed[] = {
		{ "r", 0x20, 0x10, NULL, handle },
	};
	const struct vsbi_extension no_handler[] = {
		{ "n", 0x20, 0x20, NULL, NULL },
	};
	const char *a = NULL, *b = NULL;

	(void)state;
	assert_int_equal(vsbi_check_table(good, 4, &a, &b), 0);
	assert_int_equal(vsbi_check_table(overlap, 3, &a, &b), -1);
	assert_string_equal(a, "a");
	assert_string_equal(b, "c");
	assert_int_equal(vsbi_check_table(overlap, 2, &a, &b), 0);
	assert_int_equal(vsbi_check_table(reversed, 1, &a, &b), -1);
	assert_string_equal(a, "r");
	assert_int_equal(vsbi_check_table(no_handler, 1, &a, &b), -1);
}

static void test_hart_mask(void **state)
{
	unsigned long t;

	(void)state;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_hart_mask),
	};

	return cmocka_run_group_tests_name("guest SBI table", tests, NULL, NULL);
}
