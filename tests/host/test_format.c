// SPDX-License-Identifier: BSD-2-Clause
/* Host tests of lib/format.c, checked against what C's printf defines. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <lib/format.h>

/* Some cases below are wrong on purpose (unknown conversions, NULL %s). */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"

#define CHECK(expect, ...)						\
	do {								\
		char buf[128];						\
		int n = fmt_snprintf(buf, sizeof(buf), __VA_ARGS__);	\
		assert_string_equal(buf, expect);			\
		assert_int_equal(n, strlen(expect));			\
	} while (0)

static void test_integers(void **state)
{
	CHECK("0", "%d", 0);
	CHECK("-42 42", "%d %i", -42, 42);
	CHECK("-2147483648", "%d", INT32_MIN);
	CHECK("-9223372036854775808", "%ld", INT64_MIN);
	CHECK("18446744073709551615", "%lu", UINT64_MAX);
	CHECK("4294967295", "%u", UINT32_MAX);
	CHECK("ffffffffffffffff", "%lx", UINT64_MAX);
	CHECK("DEADBEEF", "%X", 0xdeadbeefu);
	CHECK("0x1f", "%#x", 0x1f);
	CHECK("123", "%llu", 123ULL);
	CHECK("77", "%zu", (size_t)77);
	CHECK("-3", "%zd", (ptrdiff_t)-3);
}

static void test_width_and_flags(void **state)
{
	CHECK("   42", "%5d", 42);
	CHECK("00042", "%05d", 42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("0x0000001f", "%#010x", 0x1f);
	CHECK("0x000000000000abcd", "0x%016lx", 0xabcdUL);
	CHECK("  ab", "%*s", 4, "ab");
	CHECK("ab  |", "%*s|", -4, "ab");
	CHECK("12345", "%3d", 12345);
}

static void test_strings_and_chars(void **state)
{
	CHECK("hello", "%s", "hello");
	CHECK("(null)", "%s", (char *)NULL);
	CHECK("hel", "%.3s", "hello");
	CHECK("he", "%.*s", 2, "hello");
	CHECK("x=A", "x=%c", 'A');
	CHECK("100%", "100%%");
	CHECK("ra  |", "%-4s|", "ra");
}

static void test_pointer(void **state)
{
	CHECK("0x1000", "%p", (void *)0x1000);
}

static void test_unknown_conversion(void **state)
{
	/* Shown as written, so a wrong format is visible, not silent. */
	CHECK("a %q b", "a %q b");
	CHECK("end %", "end %");
}

static void test_truncation(void **state)
{
	char buf[8];
	int n;

	memset(buf, 'x', sizeof(buf));
	n = fmt_snprintf(buf, sizeof(buf), "%s", "0123456789");
	assert_int_equal(n, 10);
	assert_string_equal(buf, "0123456");

	/* size 0: nothing written, the length still computed */
	memset(buf, 'x', sizeof(buf));
	n = fmt_snprintf(buf, 0, "%d", 12345);
	assert_int_equal(n, 5);
	assert_int_equal(buf[0], 'x');

	n = fmt_snprintf(buf, 1, "abc");
	assert_int_equal(n, 3);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_strings_and_chars),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_unknown_conversion),
		cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
