// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of monitor/boot/gstage.c. A walker written here from the privileged
 * spec's description of Sv39x4 / Sv48x4 translates through the tables the
 * monitor builds; host heap addresses stand in for physical ones.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <monitor/boot/gstage.h>

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static unsigned int tables_allocated;
static void *allocations[4096];
static unsigned int allocation_count;

static void *track(void *p)
{
	assert_non_null(p);
	assert_true(allocation_count < 4096);
	allocations[allocation_count++] = p;
	return p;
}

static void *alloc_table(void *ctx)
{
	void *p = aligned_alloc(GSTAGE_PAGE_SIZE, GSTAGE_PAGE_SIZE);

	memset(p, 0, GSTAGE_PAGE_SIZE);
	tables_allocated++;
	return track(p);
}

static struct gstage g;

static void new_tables(unsigned int levels)
{
	uint64_t *root = aligned_alloc(GSTAGE_ROOT_SIZE, GSTAGE_ROOT_SIZE);

	memset(root, 0, GSTAGE_ROOT_SIZE);
	track(root);
	tables_allocated = 0;
	assert_int_equal(gstage_init(&g, levels, root, alloc_table, NULL), 0);
}

static int free_all(void **state)
{
	while (allocation_count)
		free(allocations[--allocation_count]);
	return 0;
}

/* Translate like hardware does; returns 0 on a fault. */
static int walk(uint64_t gpa, uint64_t *hpa, uint64_t *pte_out,
		unsigned int *leaf_level)
{
	uint64_t *table = g.root;
	unsigned int bits_total = 12 + 9 * g.levels + 2;

	if (gpa >> bits_total)
		return 0;
	for (int level = g.levels - 1; level >= 0; level--) {
		unsigned int shift = 12 + 9 * level;
		unsigned int bits = level == (int)g.levels - 1 ? 11 : 9;
		uint64_t pte = table[(gpa >> shift) & ((1ULL << bits) - 1)];
		uint64_t pa = (pte >> 10) << 12;

		if (!(pte & PTE_V))
			return 0;
		if (pte & GSTAGE_RWX) {
			/* A leaf: its PPN must be aligned to its page size. */
			assert_int_equal(pa & ((1ULL << shift) - 1), 0);
			*hpa = pa | (gpa & ((1ULL << shift) - 1));
			*pte_out = pte;
			*leaf_level = level;
			return 1;
		}
		table = (uint64_t *)(uintptr_t)pa;
	}
	return 0;
}

static void expect_mapped(uint64_t gpa, uint64_t hpa, unsigned long prot,
			  unsigned int level)
{
	uint64_t got, pte;
	unsigned int leaf;

	assert_true(walk(gpa, &got, &pte, &leaf));
	assert_int_equal(got, hpa);
	assert_int_equal(pte & GSTAGE_RWX, prot);
	/* G-stage leaves are user pages with A and D preset. */
	assert_int_equal(pte & (PTE_U | PTE_A | PTE_D), PTE_U | PTE_A | PTE_D);
	assert_int_equal(leaf, level);
}

static void expect_unmapped(uint64_t gpa)
{
	uint64_t hpa, pte;
	unsigned int leaf;

	assert_false(walk(gpa, &hpa, &pte, &leaf));
}

static void test_megapages(void **state)
{
	new_tables(3);
	/* 64 MiB of guest RAM at 0x80000000, backed at 0x9c000000. */
	assert_int_equal(gstage_map(&g, 0x80000000, 0x9c000000, 64 * MiB, GSTAGE_RWX), 0);
	expect_mapped(0x80000000, 0x9c000000, GSTAGE_RWX, 1);
	expect_mapped(0x80200123, 0x9c200123, GSTAGE_RWX, 1);
	expect_mapped(0x83ffffff, 0x9fffffff, GSTAGE_RWX, 1);
	expect_unmapped(0x84000000);
	expect_unmapped(0x7fffffff);
	expect_unmapped(0x0);
	/* One level-1 table for the whole range: 2 MiB leaves in it. */
	assert_int_equal(tables_allocated, 1);
}

static void test_small_pages_and_mixed(void **state)
{
	new_tables(3);
	/* 4 KiB-aligned but not 2 MiB-aligned: 4 KiB pages, then 2 MiB ones. */
	assert_int_equal(gstage_map(&g, 0x101ff000, 0x201ff000, 0x401000, GSTAGE_R | GSTAGE_W), 0);
	expect_mapped(0x101ff000, 0x201ff000, GSTAGE_R | GSTAGE_W, 0);
	expect_mapped(0x10200000, 0x20200000, GSTAGE_R | GSTAGE_W, 1);
	expect_mapped(0x105fffff, 0x205fffff, GSTAGE_R | GSTAGE_W, 1);
	expect_unmapped(0x101fe000);
	expect_unmapped(0x10600000);
	/* hpa misaligned against gpa at 2 MiB: 4 KiB pages all the way. */
	assert_int_equal(gstage_map(&g, 0x40000000, 0x50001000, 4 * MiB, GSTAGE_R), 0);
	expect_mapped(0x40000000, 0x50001000, GSTAGE_R, 0);
	expect_mapped(0x403ff000, 0x50400000, GSTAGE_R, 0);
}

static void test_gigapages_and_sv48x4(void **state)
{
	new_tables(3);
	/* 1 GiB-aligned: one gigapage leaf in the root. */
	assert_int_equal(gstage_map(&g, 1 * GiB, 3 * GiB, 1 * GiB, GSTAGE_RWX), 0);
	expect_mapped(1 * GiB + 12345, 3 * GiB + 12345, GSTAGE_RWX, 2);
	assert_int_equal(tables_allocated, 0);
	/* Sv39x4 covers 41 bits: the top of it maps, beyond is refused. */
	assert_int_equal(gstage_gpa_bits(&g), 41);
	assert_int_equal(gstage_map(&g, (1ULL << 41) - 2 * MiB, 0x80000000, 2 * MiB, GSTAGE_RWX), 0);
	expect_mapped((1ULL << 41) - 1, 0x801fffff, GSTAGE_RWX, 1);
	assert_int_equal(gstage_map(&g, 1ULL << 41, 0x80000000, 4096, GSTAGE_RWX), ERR_INVALID);
	assert_int_equal(gstage_map(&g, (1ULL << 41) - 4096, 0x80000000, 8192, GSTAGE_RWX), ERR_INVALID);

	new_tables(4);
	assert_int_equal(gstage_gpa_bits(&g), 50);
	assert_int_equal(gstage_map(&g, 1ULL << 45, 0x80000000, 2 * MiB, GSTAGE_RWX), 0);
	expect_mapped((1ULL << 45) + 77, 0x80000000 + 77, GSTAGE_RWX, 1);
	expect_unmapped(0x80000000);
	assert_int_equal(tables_allocated, 2);
}

static void test_refusals(void **state)
{
	new_tables(3);
	assert_int_equal(gstage_map(&g, 0x80000000, 0x90000000, 4 * MiB, GSTAGE_RWX), 0);
	/* Already mapped, in part or whole, with any page size. */
	assert_int_equal(gstage_map(&g, 0x80200000, 0xa0000000, 2 * MiB, GSTAGE_RWX), ERR_OVERLAP);
	assert_int_equal(gstage_map(&g, 0x80201000, 0xa0001000, 4096, GSTAGE_RWX), ERR_OVERLAP);
	/* Misaligned, empty, no permission. */
	assert_int_equal(gstage_map(&g, 0x80400001, 0xa0000000, 4096, GSTAGE_RWX), ERR_INVALID);
	assert_int_equal(gstage_map(&g, 0x80400000, 0xa0000800, 4096, GSTAGE_RWX), ERR_INVALID);
	assert_int_equal(gstage_map(&g, 0x80400000, 0xa0000000, 100, GSTAGE_RWX), ERR_INVALID);
	assert_int_equal(gstage_map(&g, 0x80400000, 0xa0000000, 0, GSTAGE_RWX), ERR_INVALID);
	assert_int_equal(gstage_map(&g, 0x80400000, 0xa0000000, 4096, 0), ERR_INVALID);
	assert_int_equal(gstage_init(&g, 5, g.root, alloc_table, NULL), ERR_UNSUPPORTED);
}

static void *no_memory(void *ctx)
{
	return NULL;
}

static void test_out_of_tables(void **state)
{
	new_tables(3);
	g.alloc_table = no_memory;
	assert_int_equal(gstage_map(&g, 0x80000000, 0x90000000, 2 * MiB, GSTAGE_RWX), ERR_NO_SPACE);
}

static void test_hgatp(void **state)
{
	new_tables(3);
	assert_int_equal(gstage_hgatp(&g, 5),
			 (8ULL << 60) | (5ULL << 44) | ((uintptr_t)g.root >> 12));
	new_tables(4);
	assert_int_equal(gstage_hgatp(&g, 0x3fff) >> 44, (9ULL << 16) | 0x3fff);
}

static void test_tables_needed(void **state)
{
	/* Whatever the alignment, mapping never needs more than estimated. */
	for (uint64_t off = 0; off < 4 * MiB; off += 0x1ff000) {
		new_tables(3);
		assert_int_equal(gstage_map(&g, 0x80000000 + off, 0x90000000 + off, 70 * MiB, GSTAGE_RWX), 0);
		assert_true(tables_allocated <= gstage_tables_needed(3, 70 * MiB));
		free_all(NULL);
	}
	new_tables(4);
	assert_int_equal(gstage_map(&g, 0x80001000, 0x90001000, 3 * GiB, GSTAGE_RWX), 0);
	assert_true(tables_allocated <= gstage_tables_needed(4, 3 * GiB));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_megapages, free_all),
		cmocka_unit_test_teardown(test_small_pages_and_mixed, free_all),
		cmocka_unit_test_teardown(test_gigapages_and_sv48x4, free_all),
		cmocka_unit_test_teardown(test_refusals, free_all),
		cmocka_unit_test_teardown(test_out_of_tables, free_all),
		cmocka_unit_test_teardown(test_hgatp, free_all),
		cmocka_unit_test_teardown(test_tables_needed, free_all),
	};

	return cmocka_run_group_tests_name("G-stage page tables", tests, NULL, NULL);
}
