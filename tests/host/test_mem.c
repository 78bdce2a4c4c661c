// SPDX-License-Identifier: BSD-2-Clause
/* Host tests of monitor/boot/mem.c: reservations, conflicts, top-down allocation. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <monitor/boot/mem.h>

#define MiB (1ULL << 20)

static struct mem_layout m;

static int setup(void **state)
{
	mem_init(&m);
	assert_int_equal(mem_add_bank(&m, 0x80000000, 256 * MiB), 0);
	return 0;
}

static int reserve(uint64_t base, uint64_t size, const char *what,
		   const char *owner, bool shareable,
		   const struct mem_region **conflict)
{
	struct mem_region r = { .base = base, .size = size, .what = what,
				.owner = owner, .shareable = shareable };

	return mem_reserve(&m, &r, 0, conflict);
}

static void test_in_ram(void **state)
{
	assert_true(mem_in_ram(&m, 0x80000000, 256 * MiB));
	assert_true(mem_in_ram(&m, 0x8ffff000, 0x1000));
	assert_false(mem_in_ram(&m, 0x8ffff000, 0x1001));
	assert_false(mem_in_ram(&m, 0x7ffff000, 0x2000));
	assert_false(mem_in_ram(&m, 0x90000000, 1));
	assert_false(mem_in_ram(&m, 0x80000000, 0));
	assert_false(mem_in_ram(&m, UINT64_MAX, 2));	/* wraps */
	assert_false(mem_in_ram(&m, 0x80000000, 512 * MiB));
}

static void test_range_inside(void **state)
{
	assert_true(range_inside(0x80000000, 0x1000, 0x80000000, 0x1000));
	assert_true(range_inside(0x80000fff, 1, 0x80000000, 0x1000));
	assert_true(range_inside(0x80000000, 0, 0x80000000, 0x1000));
	assert_false(range_inside(0x80000fff, 2, 0x80000000, 0x1000));
	assert_false(range_inside(0x7fffffff, 1, 0x80000000, 0x1000));
	assert_false(range_inside(0x80000000, 0x1001, 0x80000000, 0x1000));
	/* Sizes that would wrap around 2^64 are not inside anything. */
	assert_false(range_inside(0x80000800, UINT64_MAX, 0x80000000, 0x1000));
	assert_false(range_inside(UINT64_MAX, 2, 0x80000000, 0x1000));
	assert_true(range_valid(UINT64_MAX, 1));
	assert_false(range_valid(UINT64_MAX, 2));
	assert_false(range_valid(0, 0));
}

static void test_ranges_overlap(void **state)
{
	assert_true(ranges_overlap(0x1000, 0x1000, 0x1fff, 1));
	assert_false(ranges_overlap(0x1000, 0x1000, 0x2000, 1));
	assert_false(ranges_overlap(0x1000, 0, 0x1000, 0x1000));
	/*
	 * A range that ends at 2^64 (valid: its last byte is 2^64 - 1) still
	 * overlaps what it covers. Found by tests/fuzz/fuzz_sbi_args.c: with
	 * end = base + size the end wrapped to 0 and the overlap was missed.
	 */
	assert_true(range_valid(0xffffffffff, 0xffffff0000000001));
	assert_true(ranges_overlap(0x52464e43, 0xffdf2fffffffa92a,
				   0xffffffffff, 0xffffff0000000001));
	assert_true(ranges_overlap(UINT64_MAX, 1, 1, UINT64_MAX));
	assert_false(ranges_overlap(UINT64_MAX, 1, 0, UINT64_MAX));
}

static void test_reserve_conflicts(void **state)
{
	const struct mem_region *c;

	assert_int_equal(reserve(0x80000000, 0x60000, "firmware", NULL, false, &c), 0);
	assert_null(c);
	assert_int_equal(reserve(0x80200000, 0x50000, "monitor", NULL, false, &c), 0);

	/* One byte into the monitor is a conflict, and it is named. */
	assert_int_equal(reserve(0x8024f000, 0x2000, "RAM", "a", false, &c),
			 ERR_OVERLAP);
	assert_non_null(c);
	assert_string_equal(c->what, "monitor");
	/* Adjacent is fine. */
	assert_int_equal(reserve(0x80250000, 0x1000, "RAM", "a", false, &c), 0);

	/* Shareable regions (staged images) may overlap each other only. */
	assert_int_equal(reserve(0x84000000, 0x100000, "kernel image", "a", true, &c), 0);
	assert_int_equal(reserve(0x84000000, 0x100000, "kernel image", "b", true, &c), 0);
	assert_int_equal(reserve(0x840ff000, 0x2000, "RAM", "c", false, &c),
			 ERR_OVERLAP);
	assert_string_equal(c->what, "kernel image");
	assert_string_equal(c->owner, "a");

	assert_int_equal(reserve(0x90000000, 0x1000, "RAM", "d", false, &c), ERR_NOT_RAM);
	assert_int_equal(reserve(0x81000000, 0, "RAM", "d", false, &c), ERR_INVALID);
}

static void test_alloc_top_down(void **state)
{
	uint64_t base;

	assert_int_equal(reserve(0x80000000, 0x60000, "firmware", NULL, false, NULL), 0);
	assert_int_equal(mem_alloc(&m, 64 * MiB, 2 * MiB, "RAM", "a", &base), 0);
	assert_int_equal(base, 0x8c000000);
	/* The next one goes right below. */
	assert_int_equal(mem_alloc(&m, 64 * MiB, 2 * MiB, "RAM", "b", &base), 0);
	assert_int_equal(base, 0x88000000);
	/* Something in the way: the block lands below it, aligned. */
	assert_int_equal(reserve(0x87f00000, 0x1000, "kernel image", "c", true, NULL), 0);
	assert_int_equal(mem_alloc(&m, 16 * MiB, 2 * MiB, "RAM", "c", &base), 0);
	assert_int_equal(base, 0x86e00000);
	assert_null(mem_find_overlap(&m, 0x86e00000 + 16 * MiB, 0x87f00000 - (0x86e00000 + 16 * MiB), false));
	/* Too big for what is left. */
	assert_int_equal(mem_alloc(&m, 128 * MiB, 2 * MiB, "RAM", "d", &base),
			 ERR_NO_SPACE);
	/* Bad alignment. */
	assert_int_equal(mem_alloc(&m, MiB, 3, "RAM", "d", &base), ERR_INVALID);
	assert_int_equal(mem_alloc(&m, 0, 4096, "RAM", "d", &base), ERR_INVALID);
}

static void test_alloc_fills_holes(void **state)
{
	uint64_t base;

	/* Leave one 4 MiB hole at 0x80400000 and nothing else. */
	assert_int_equal(reserve(0x80000000, 4 * MiB, "low", NULL, false, NULL), 0);
	assert_int_equal(reserve(0x80800000, 248 * MiB, "high", NULL, false, NULL), 0);
	assert_int_equal(mem_alloc(&m, 2 * MiB, 2 * MiB, "RAM", "a", &base), 0);
	assert_int_equal(base, 0x80600000);
	assert_int_equal(mem_alloc(&m, 2 * MiB, 2 * MiB, "RAM", "b", &base), 0);
	assert_int_equal(base, 0x80400000);
	assert_int_equal(mem_alloc(&m, 4096, 4096, "RAM", "c", &base), ERR_NO_SPACE);
}

static void test_several_banks(void **state)
{
	uint64_t base;

	assert_int_equal(mem_add_bank(&m, 0x100000000, 64 * MiB), 0);
	/* The highest fitting block, whichever bank it is in. */
	assert_int_equal(mem_alloc(&m, 32 * MiB, 2 * MiB, "RAM", "a", &base), 0);
	assert_int_equal(base, 0x102000000);
	assert_int_equal(mem_alloc(&m, 64 * MiB, 2 * MiB, "RAM", "b", &base), 0);
	assert_int_equal(base, 0x8c000000);
	/* A block spanning two banks is not RAM. */
	assert_false(mem_in_ram(&m, 0x8ff00000, 0x200000));
}

static void test_release_owner(void **state)
{
	uint64_t base;

	assert_int_equal(mem_alloc(&m, 128 * MiB, 2 * MiB, "RAM", "a", &base), 0);
	assert_int_equal(mem_alloc(&m, 128 * MiB, 2 * MiB, "RAM", "b", &base), 0);
	assert_int_equal(mem_alloc(&m, 2 * MiB, 2 * MiB, "RAM", "c", &base), ERR_NO_SPACE);
	mem_release_owner(&m, "a");
	assert_int_equal(m.count, 1);
	assert_string_equal(m.used[0].owner, "b");
	assert_int_equal(mem_alloc(&m, 2 * MiB, 2 * MiB, "RAM", "c", &base), 0);
}

static void test_reserve_flags(void **state)
{
	struct mem_region mmio = { 0x10000000, 0x1000, "mmio", NULL, false };
	struct mem_region twice = { 0x80000000, 0x1000, "again", NULL, false };

	assert_int_equal(mem_reserve(&m, &mmio, 0, NULL), ERR_NOT_RAM);
	assert_int_equal(mem_reserve(&m, &mmio, MEM_OUTSIDE_RAM_OK, NULL), 0);
	assert_int_equal(reserve(0x80000000, 0x2000, "firmware", NULL, false, NULL), 0);
	assert_int_equal(mem_reserve(&m, &twice, 0, NULL), ERR_OVERLAP);
	assert_int_equal(mem_reserve(&m, &twice, MEM_OVERLAP_OK, NULL), 0);
	assert_int_equal(m.count, 3);
}

static void test_table_full(void **state)
{
	for (unsigned int i = 0; i < MEM_MAX_REGIONS; i++)
		assert_int_equal(reserve(0x80000000 + i * 0x1000, 0x1000, "x", NULL, false, NULL), 0);
	assert_int_equal(reserve(0x88000000, 0x1000, "x", NULL, false, NULL), ERR_FULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_in_ram, setup),
		cmocka_unit_test(test_range_inside),
		cmocka_unit_test(test_ranges_overlap),
		cmocka_unit_test_setup(test_reserve_conflicts, setup),
		cmocka_unit_test_setup(test_alloc_top_down, setup),
		cmocka_unit_test_setup(test_alloc_fills_holes, setup),
		cmocka_unit_test_setup(test_several_banks, setup),
		cmocka_unit_test_setup(test_release_owner, setup),
		cmocka_unit_test_setup(test_reserve_flags, setup),
		cmocka_unit_test_setup(test_table_full, setup),
	};

	return cmocka_run_group_tests_name("host memory", tests, NULL, NULL);
}
