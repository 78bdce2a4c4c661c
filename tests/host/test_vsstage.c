// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of monitor/vdev/vsstage.c: a guest's own page tables, built here
 * in a buffer standing for its RAM at 0x80000000 from the privileged
 * spec's Sv39, Sv48 and Sv57 formats (superpages, Svnapot), walked by the
 * monitor's translation; entries outside that RAM are unreadable, as an
 * emulated window is.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <monitor/vdev/vsstage.h>

#define RAM_BASE	0x80000000ULL
#define RAM_SIZE	(64ULL << 10)
#define PLIC_BASE	0x0c000000ULL

#define V	(1ULL << 0)
#define R	(1ULL << 1)
#define W	(1ULL << 2)
#define X	(1ULL << 3)
#define N	(1ULL << 63)

static uint64_t ram[RAM_SIZE / 8];
static unsigned int reads;

static bool read_pte(void *ctx, uint64_t gpa, uint64_t *pte)
{
	reads++;
	assert_int_equal(gpa & 7, 0);
	if (gpa < RAM_BASE || gpa - RAM_BASE >= RAM_SIZE)
		return false;
	*pte = ram[(gpa - RAM_BASE) / 8];
	return true;
}

/* Table page `n` of the buffer, as a guest-physical address. */
static uint64_t table(unsigned int n)
{
	return RAM_BASE + n * 4096ULL;
}

static void set_pte(uint64_t table_gpa, unsigned int index, uint64_t pte)
{
	ram[(table_gpa - RAM_BASE) / 8 + index] = pte;
}

static uint64_t pointer_to(uint64_t table_gpa)
{
	return (table_gpa >> 12) << 10 | V;
}

static uint64_t leaf(uint64_t gpa, uint64_t perms)
{
	return (gpa >> 12) << 10 | perms | V;
}

static unsigned long satp(unsigned long mode, uint64_t root)
{
	return mode << SATP_MODE_SHIFT | root >> 12;
}

static unsigned int vpn(uint64_t va, unsigned int level)
{
	return (va >> (12 + 9 * level)) & 0x1ff;
}

static void expect(unsigned long vsatp, uint64_t va, enum vsstage_result want,
		   uint64_t want_gpa)
{
	uint64_t gpa = 0xdead;

	assert_int_equal(vsstage_translate(vsatp, va, read_pte, NULL, &gpa), want);
	if (want != VSSTAGE_NOT_MAPPED)
		assert_int_equal(gpa, want_gpa);
}

static int clear(void **state)
{
	memset(ram, 0, sizeof(ram));
	reads = 0;
	return 0;
}

static void test_bare(void **state)
{
	expect(0, 0x12345678, VSSTAGE_MAPPED, 0x12345678);
	expect(0, PLIC_BASE + 4, VSSTAGE_MAPPED, PLIC_BASE + 4);
	assert_int_equal(reads, 0);
}

/* A 4 KiB page through every level of Sv39, Sv48 and Sv57. */
static void test_4k_pages(void **state)
{
	static const struct { unsigned long mode; unsigned int levels; } modes[] = {
		{ SATP_MODE_SV39, 3 }, { SATP_MODE_SV48, 4 }, { SATP_MODE_SV57, 5 },
	};
	uint64_t va = 0x40201234ULL, page = 0x90005000ULL;

	for (unsigned int m = 0; m < 3; m++) {
		unsigned int levels = modes[m].levels;

		clear(NULL);
		for (unsigned int l = levels - 1; l > 0; l--)
			set_pte(table(levels - 1 - l), vpn(va, l),
				pointer_to(table(levels - l)));
		set_pte(table(levels - 1), vpn(va, 0), leaf(page, R | W));
		expect(satp(modes[m].mode, table(0)), va, VSSTAGE_MAPPED, page | 0x234);
		assert_int_equal(reads, levels);
		/* The next page has no entry. */
		expect(satp(modes[m].mode, table(0)), va + 4096, VSSTAGE_NOT_MAPPED, 0);
	}
}

static void test_superpages(void **state)
{
	uint64_t root = table(0), l1 = table(1);

	/* A 1 GiB page at the root, a 2 MiB one below it. */
	set_pte(root, 1, leaf(0xc0000000ULL, R | X));
	set_pte(root, 2, pointer_to(l1));
	set_pte(l1, 3, leaf(0x40600000ULL, R));
	expect(satp(SATP_MODE_SV39, root), 0x40000000ULL + 0x12345678ULL,
	       VSSTAGE_MAPPED, 0xc0000000ULL + 0x12345678ULL);
	expect(satp(SATP_MODE_SV39, root), 0x80000000ULL + 3 * (2ULL << 20) + 0xabcde,
	       VSSTAGE_MAPPED, 0x40600000ULL + 0xabcde);
	/* Misaligned superpages page-fault. */
	set_pte(root, 4, leaf(0xc0200000ULL, R));
	set_pte(l1, 5, leaf(0x40601000ULL, R));
	expect(satp(SATP_MODE_SV39, root), 0x100000000ULL, VSSTAGE_NOT_MAPPED, 0);
	expect(satp(SATP_MODE_SV39, root), 0x80000000ULL + 5 * (2ULL << 20),
	       VSSTAGE_NOT_MAPPED, 0);
}

/* Svnapot: a 64 KiB page from a 4 KiB leaf whose PPN ends in 1000. */
static void test_napot(void **state)
{
	uint64_t root = table(0), l1 = table(1), l0 = table(2);
	uint64_t va = 0x00250000ULL;	/* 64 KiB aligned */

	set_pte(root, 0, pointer_to(l1));
	set_pte(l1, 1, pointer_to(l0));
	for (unsigned int i = 0; i < 16; i++)
		set_pte(l0, vpn(va, 0) + i, leaf(0x90070000ULL | 0x8000, R | W) | N);
	expect(satp(SATP_MODE_SV39, root), va + 0x5678, VSSTAGE_MAPPED, 0x90075678ULL);
	expect(satp(SATP_MODE_SV39, root), va + 0xfffc, VSSTAGE_MAPPED, 0x9007fffcULL);
	/* Any other NAPOT size is reserved, and so is N above level 0. */
	set_pte(l0, vpn(va, 0), leaf(0x90070000ULL | 0x4000, R | W) | N);
	expect(satp(SATP_MODE_SV39, root), va, VSSTAGE_NOT_MAPPED, 0);
	set_pte(l1, 2, leaf(0x40400000ULL, R) | N);
	expect(satp(SATP_MODE_SV39, root), 0x00400000ULL, VSSTAGE_NOT_MAPPED, 0);
	set_pte(l1, 3, pointer_to(l0) | N);
	expect(satp(SATP_MODE_SV39, root), 0x00600000ULL, VSSTAGE_NOT_MAPPED, 0);
}

static void test_page_faults(void **state)
{
	uint64_t root = table(0), l1 = table(1), l0 = table(2);

	set_pte(root, 0, pointer_to(l1));
	set_pte(l1, 0, pointer_to(l0));
	set_pte(l0, 1, leaf(0x90001000ULL, R) & ~V);		/* invalid */
	set_pte(l0, 2, leaf(0x90002000ULL, W));			/* W without R */
	set_pte(l0, 3, leaf(0x90003000ULL, R) | 1ULL << 54);	/* reserved bit */
	set_pte(l0, 4, pointer_to(l0));				/* no leaf at level 0 */
	set_pte(l0, 5, leaf(0x90005000ULL, X));			/* execute-only: a leaf */
	for (unsigned int i = 1; i <= 4; i++)
		expect(satp(SATP_MODE_SV39, root), i * 4096ULL, VSSTAGE_NOT_MAPPED, 0);
	expect(satp(SATP_MODE_SV39, root), 5 * 4096ULL + 8, VSSTAGE_MAPPED, 0x90005008ULL);
	/* Not canonical: bits above 38 differ from bit 38. */
	expect(satp(SATP_MODE_SV39, root), 1ULL << 39, VSSTAGE_NOT_MAPPED, 0);
	expect(satp(SATP_MODE_SV39, root), 0xffffff8000000000ULL | 5 * 4096ULL,
	       VSSTAGE_NOT_MAPPED, 0);
	/* A mode no hart has (WARL keeps it out of vsatp anyway). */
	expect(satp(1, root), 5 * 4096ULL, VSSTAGE_NOT_MAPPED, 0);
}

/*
 * Tables outside RAM (in the guest's PLIC window): the walk stops at the
 * entry it could not read and names it, at whatever level.
 */
static void test_tables_outside_ram(void **state)
{
	uint64_t va = 0x40201234ULL, l1 = table(1);

	expect(satp(SATP_MODE_SV39, PLIC_BASE), va, VSSTAGE_PTE_UNREADABLE,
	       PLIC_BASE + vpn(va, 2) * 8);
	set_pte(table(0), vpn(va, 2), pointer_to(l1));
	set_pte(l1, vpn(va, 1), pointer_to(PLIC_BASE + 0x2000));
	expect(satp(SATP_MODE_SV39, table(0)), va, VSSTAGE_PTE_UNREADABLE,
	       PLIC_BASE + 0x2000 + vpn(va, 0) * 8);
	/* Sv48 with its root there: the top level's entry. */
	expect(satp(SATP_MODE_SV48, PLIC_BASE), va, VSSTAGE_PTE_UNREADABLE,
	       PLIC_BASE + vpn(va, 3) * 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_bare, clear),
		cmocka_unit_test_setup(test_4k_pages, clear),
		cmocka_unit_test_setup(test_superpages, clear),
		cmocka_unit_test_setup(test_napot, clear),
		cmocka_unit_test_setup(test_page_faults, clear),
		cmocka_unit_test_setup(test_tables_outside_ram, clear),
	};

	return cmocka_run_group_tests_name("VS-stage translation", tests, NULL, NULL);
}
