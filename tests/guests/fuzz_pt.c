// SPDX-License-Identifier: BSD-2-Clause
/*
 * The fuzzing guest's own page tables in random places: its RAM, or its
 * interrupt controller's emulated window (a PLIC or an APLIC). With Sv39
 * on (its RAM mapped as it is by one gigapage), a test region's second-
 * and third-level tables and its leaves are drawn at random, and a load,
 * store, AMO or fetch goes through them. What a hart gives, computed here
 * from the tables: a walk that reaches a table in the window is an access
 * fault of the access's kind (no I/O region takes page-table walks); an
 * invalid entry or a missing permission a page fault; else the access is
 * done, in RAM or by the window's device (a 32-bit load or store; an AMO
 * or a fetch there is an access fault). Never the walk's access emulated
 * as the guest's: the finding, checked first on its own, was a lw through
 * a table in the PLIC returning a PLIC priority.
 */

#include <libfdt.h>
#include <lib/format.h>
#include <string.h>

#include "fuzz_run.h"
#include "guest.h"
#include "sv39.h"

#define PAGE		4096UL
#define MEGAPAGE	(2UL << 20)
#define TEST_VA		0x40000000UL	/* root entry 1: the test region */

#define INSN_RET	0x00008067

enum { TABLE_ROOT, TABLE_L1, TABLE_L0, DATA_PAGE, POOL_PAGES };
static uint64_t pool[POOL_PAGES][512] __attribute__((aligned(4096)));

static uintptr_t window, window_size;
static const char *window_name;

static uint64_t pointer(uintptr_t table)
{
	return sv39_pte(table, 0);
}

static uint64_t leaf(uintptr_t pa, uint64_t perms)
{
	return sv39_pte(pa, perms | PTE_A | PTE_D);
}

static void flush(void)
{
	asm volatile("sfence.vma zero, zero\n\tfence.i" ::: "memory");
}

/* The root: its own RAM identically, the test region through entry 1. */
static void paging_on(void)
{
	memset(pool, 0, sizeof(pool));
	pool[TABLE_ROOT][sv39_vpn(ram_base, 2)] =
		leaf(ram_base & ~(SV39_GIGAPAGE - 1), PTE_RWX);
	flush();
	csr_write(CSR_SATP, sv39_satp(pool[TABLE_ROOT], 0));
	flush();
}

static void paging_off(void)
{
	csr_write(CSR_SATP, 0);
	flush();
}

enum access { LOAD, STORE, AMO, FETCH };
static const char *const access_names[] = { "lw", "sw", "amoadd.w", "fetch" };

/* The access at `va`; its trap's cause (0: none), stval, a load's value. */
static unsigned long access_at(uintptr_t va, enum access kind, unsigned long *stval,
			       uint32_t *value)
{
	uint32_t v = 0;

	expected_trap = (struct trap_expectation){ .armed = true,
						   .return_to_ra = kind == FETCH };
	switch (kind) {
	case LOAD:
		v = *(volatile uint32_t *)va;
		break;
	case STORE:
		*(volatile uint32_t *)va = 0x5a5a5a5a;
		break;
	case AMO:
		asm volatile("amoadd.w %0, %2, (%1)" : "=r"(v) : "r"(va), "r"(1) : "memory");
		break;
	case FETCH:
		((void (*)(void))va)();
		break;
	}
	expected_trap.armed = false;
	*stval = expected_trap.stval;
	*value = v;
	return expected_trap.taken ? expected_trap.scause : 0;
}

static unsigned long fault_of(enum access kind, bool page_fault)
{
	static const unsigned long access[] = { EXC_LOAD_ACCESS, EXC_STORE_ACCESS,
						EXC_STORE_ACCESS, EXC_INST_ACCESS };
	static const unsigned long page[] = { EXC_LOAD_PAGE_FAULT, EXC_STORE_PAGE_FAULT,
					      EXC_STORE_PAGE_FAULT, EXC_INST_PAGE_FAULT };

	return page_fault ? page[kind] : access[kind];
}

/* A page of the window, for a table there. */
static uintptr_t window_page(void)
{
	return window + (rnd() % (window_size / PAGE)) * PAGE;
}

/*
 * The finding itself: the test region's last-level table at the window's
 * base, so the lw's walk reads its entry from the window (a PLIC priority
 * register: offset 8, source 2's). Access faults, and the register keeps
 * its value through the sw.
 */
static void table_in_window_once(void)
{
	volatile uint32_t *reg = (volatile uint32_t *)(window + 8);
	uintptr_t va = TEST_VA + 1 * PAGE;	/* vpn0 = 1: entry at +8 */
	unsigned long cause[2], stval[2];
	uint32_t before, after, value;

	*reg = 5;
	before = *reg;
	paging_on();
	pool[TABLE_ROOT][sv39_vpn(va, 2)] = pointer((uintptr_t)pool[TABLE_L1]);
	pool[TABLE_L1][sv39_vpn(va, 1)] = pointer(window);
	flush();
	cause[0] = access_at(va, LOAD, &stval[0], &value);
	cause[1] = access_at(va, STORE, &stval[1], &value);
	paging_off();
	after = *reg;
	tap_ok(cause[0] == EXC_LOAD_ACCESS && stval[0] == va &&
	       cause[1] == EXC_STORE_ACCESS && stval[1] == va && after == before,
	       "page tables in its %s: a lw and a sw through them take access faults (scause %lu, %lu; stval 0x%lx, 0x%lx), the register at the entry keeps 0x%x (0x%x)",
	       window_name, cause[0], cause[1],
	       stval[0], stval[1], before, after);
}

struct pt_trial {
	bool l1_in_window, l0_in_window, superpage, l1_invalid, l0_invalid;
	bool leaf_in_window;
	uint64_t perms;
	enum access kind;
	uintptr_t va;
};

/* Draw a placement and build it; the expected cause (0: done). */
static unsigned long build_trial(struct pt_trial *t)
{
	static const uint64_t perms[] = { PTE_RWX, PTE_R | PTE_X,
					  PTE_R | PTE_W, PTE_R };
	uintptr_t l1 = (uintptr_t)pool[TABLE_L1], l0 = (uintptr_t)pool[TABLE_L0];
	uint64_t r = rnd();

	*t = (struct pt_trial){
		.kind = (enum access)(r % 4),
		.l1_in_window = (r >> 2) % 4 == 0,
		.l0_in_window = (r >> 4) % 3 == 0,
		.superpage = (r >> 6) % 5 == 0,
		.l1_invalid = (r >> 9) % 8 == 0,
		.l0_invalid = (r >> 12) % 8 == 0,
		.leaf_in_window = (r >> 15) % 3 == 0,
		.perms = perms[(r >> 18) % 4],
		/* Anywhere in the region, 4-aligned (a fetch needs its ret there). */
		.va = TEST_VA + ((r >> 20) % (SV39_GIGAPAGE / 4)) * 4,
	};
	memset(pool[TABLE_L1], 0, PAGE);
	memset(pool[TABLE_L0], 0, PAGE);
	if (t->l1_in_window)
		l1 = window_page();
	pool[TABLE_ROOT][sv39_vpn(t->va, 2)] = pointer(l1);
	if (t->l1_in_window)
		return fault_of(t->kind, false);
	if (t->l1_invalid)
		return fault_of(t->kind, true);

	if (t->superpage) {
		/* Onto the megapage of its data page, at the same offset. */
		uintptr_t data = (uintptr_t)pool[DATA_PAGE];

		pool[TABLE_L1][sv39_vpn(t->va, 1)] = leaf(data & ~(MEGAPAGE - 1), t->perms);
		t->va = (t->va & ~(MEGAPAGE - 1)) | (data & (MEGAPAGE - 1)) | (t->va & (PAGE - 4));
		t->leaf_in_window = false;
	} else {
		if (t->l0_in_window)
			l0 = window_page();
		pool[TABLE_L1][sv39_vpn(t->va, 1)] = pointer(l0);
		if (t->l0_in_window)
			return fault_of(t->kind, false);
		if (!t->l0_invalid)
			pool[TABLE_L0][sv39_vpn(t->va, 0)] =
				leaf(t->leaf_in_window ? window_page() : (uintptr_t)pool[DATA_PAGE],
				     t->perms);
	}
	if (!t->superpage && t->l0_invalid)
		return fault_of(t->kind, true);
	if ((t->kind == FETCH && !(t->perms & PTE_X)) ||
	    ((t->kind == STORE || t->kind == AMO) && !(t->perms & PTE_W)))
		return fault_of(t->kind, true);
	/* A window's device takes 32-bit loads and stores, nothing else. */
	if (t->leaf_in_window && (t->kind == AMO || t->kind == FETCH))
		return fault_of(t->kind, false);
	return 0;
}

static bool run_trial(void)
{
	struct pt_trial t;
	unsigned long want = build_trial(&t), cause, stval;
	uint32_t *data = (uint32_t *)pool[DATA_PAGE] + (t.va & (PAGE - 1)) / 4;
	uint32_t value, pattern = (uint32_t)rnd();
	bool ok;

	*data = t.kind == FETCH ? INSN_RET : pattern;
	flush();
	cause = access_at(t.va, t.kind, &stval, &value);
	/*
	 * QEMU 10 looks at an AMO's G-stage before its VS-stage write
	 * permission: into a window through a leaf without W it reports the
	 * guest-page fault, which the guest gets as an access fault.
	 */
	if (t.kind == AMO && t.leaf_in_window && want == EXC_STORE_PAGE_FAULT &&
	    cause == EXC_STORE_ACCESS)
		want = EXC_STORE_ACCESS;
	if (cause || want)
		ok = cause == want && stval == t.va;
	else if (t.leaf_in_window)
		ok = true;	/* the device's register, whatever it holds */
	else if (t.kind == LOAD)
		ok = value == pattern;
	else if (t.kind == STORE)
		ok = *data == 0x5a5a5a5a;
	else if (t.kind == AMO)
		ok = value == pattern && *data == pattern + 1;
	else
		ok = true;	/* it ran the ret and came back */
	if (!ok)
		printf("# page tables: %s at 0x%lx (L1 %s%s, L0 %s%s, leaf %s perms 0x%lx): scause %lu stval 0x%lx, wanted %lu\n",
		       access_names[t.kind], (unsigned long)t.va,
		       t.l1_in_window ? "window" : "RAM", t.l1_invalid ? " invalid" : "",
		       t.superpage ? "-" : t.l0_in_window ? "window" : "RAM",
		       t.l0_invalid ? " invalid" : "", t.leaf_in_window ? "window" : "RAM",
		       (unsigned long)t.perms, cause, stval, want);
	return ok;
}

void test_page_tables(const void *fdt, unsigned long count)
{
	int plic = fdt_node_offset_by_compatible(fdt, -1, "riscv,plic0");
	int aplic = fdt_node_offset_by_compatible(fdt, -1, "riscv,aplic");
	int node = plic >= 0 ? plic : aplic;
	unsigned long bad = 0;
	uint64_t base, size;

	if (!count || guest_node_reg(fdt, node, &base, &size))
		return;
	window = (uintptr_t)base;
	window_size = (uintptr_t)size;
	window_name = plic >= 0 ? "PLIC" : "APLIC";
	table_in_window_once();

	paging_on();
	for (unsigned long i = 0; i < count; i++)
		bad += !run_trial();
	paging_off();
	tap_ok(!bad, "page tables: %lu random placements in RAM and its %s, loads, stores, AMOs and fetches through them: each done or faulting as a hart would (%lu not)",
	       count, window_name, bad);
}
