// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of monitor/vdev/mmio_decode.c: what a guest-page fault in an
 * emulated window (a PLIC at 0x0c000000 here) was. A transformed htinst
 * is the guest's access; a pseudoinstruction its page-table walk's, never
 * emulated; with htinst 0 the instruction is decoded and emulated only if
 * it names stval and the guest's own translation leads to the fault.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <monitor/vdev/mmio_decode.h>

#define RAM_BASE	0x80000000ULL
#define PLIC_BASE	0x0c000000ULL
#define V		(1ULL << 0)
#define RW		(3ULL << 1)

/* lw a0, 4(a1); sw a0, 4(a1); amoadd.w a0, a2, (a1); c.lwsp a0, 8(sp) */
#define LW_A0_4_A1	0x0045a503U
#define SW_A0_4_A1	0x00a5a223U
#define AMOADD_W	0x00c5a52fU
#define C_LWSP_A0_8	0x4522U

static uint64_t ram[3 * 512];		/* three table pages at RAM_BASE */
static unsigned long regs[32];
static uint32_t insn_at_sepc;
static bool insn_readable;
static unsigned int insn_reads;

static int read_insn(void *ctx, uint32_t *insn)
{
	insn_reads++;
	if (!insn_readable)
		return -1;
	*insn = insn_at_sepc;
	return 0;
}

static bool read_pte(void *ctx, uint64_t gpa, uint64_t *pte)
{
	if (gpa < RAM_BASE || gpa - RAM_BASE >= sizeof(ram))
		return false;
	*pte = ram[(gpa - RAM_BASE) / 8];
	return true;
}

static int reset(void **state)
{
	memset(ram, 0, sizeof(ram));
	memset(regs, 0, sizeof(regs));
	insn_readable = true;
	insn_reads = 0;
	return 0;
}

static struct mmio_fault fault(bool store, uint64_t va, uint64_t gpa,
			       unsigned long vsatp)
{
	return (struct mmio_fault){
		.store = store, .va = va, .gpa = gpa,
		.vsatp = vsatp, .x = regs, .read_insn = read_insn,
		.read_pte = read_pte,
	};
}

static unsigned long sv39(uint64_t root)
{
	return SATP_MODE_SV39 << SATP_MODE_SHIFT | root >> 12;
}

/* VA 0x40201000 -> `page` through three tables in RAM. */
static void map_page(uint64_t page)
{
	ram[1] = ((RAM_BASE + 0x1000) >> 12) << 10 | V;		/* vpn2 = 1 */
	ram[512 + 1] = ((RAM_BASE + 0x2000) >> 12) << 10 | V;	/* vpn1 = 1 */
	ram[1024 + 1] = (page >> 12) << 10 | RW | V;		/* vpn0 = 1 */
}

/* htinst decides whenever the hart wrote it; the instruction is not read. */
static void test_htinst(void **state)
{
	static const unsigned long pseudo[] = { 0x2000, 0x2020, 0x3000, 0x3020 };
	struct insn_access a;

	/* Implicit accesses of the walk, load and store faults, both widths. */
	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(mmio_decode_htinst(pseudo[i], false, &a), MMIO_ACCESS_FAULT);
		assert_int_equal(mmio_decode_htinst(pseudo[i], true, &a), MMIO_ACCESS_FAULT);
	}
	/* A transformed lw a0 (rs1 and offset zeroed). */
	assert_int_equal(mmio_decode_htinst(0x00002503, false, &a), MMIO_EMULATE);
	assert_int_equal(a.reg, 10);
	assert_int_equal(a.width, 4);
	/* ... reported with a store fault: not that access. */
	assert_int_equal(mmio_decode_htinst(0x00002503, true, &a), MMIO_ACCESS_FAULT);
	/* A transformed AMO: nothing a window takes. */
	assert_int_equal(mmio_decode_htinst(0x00c0252f, true, &a), MMIO_ACCESS_FAULT);
	/* Nothing: the instruction decides. */
	assert_int_equal(mmio_decode_htinst(0, false, &a), MMIO_DECODE_INSN);
	assert_int_equal(insn_reads, 0);
}

static void test_decoded_bare(void **state)
{
	struct mmio_fault f;
	struct insn_access a;

	regs[11] = PLIC_BASE;
	insn_at_sepc = LW_A0_4_A1;
	f = fault(false, PLIC_BASE + 4, PLIC_BASE + 4, 0);
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_EMULATE);
	assert_int_equal(a.reg, 10);
	assert_int_equal(insn_reads, 1);
	/* Naming another address than stval: not emulated. */
	regs[11] = PLIC_BASE + 0x100;
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_ACCESS_FAULT);
	/* A store at sepc for a load fault: something else faulted; again. */
	regs[11] = PLIC_BASE;
	insn_at_sepc = SW_A0_4_A1;
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_RETRY);
	f.store = true;
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_EMULATE);
	assert_true(a.store);
	/* An AMO: not taken. The instruction unreadable: again. */
	insn_at_sepc = AMOADD_W;
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_ACCESS_FAULT);
	insn_readable = false;
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_RETRY);
	/* Compressed, sp-based. */
	insn_readable = true;
	insn_at_sepc = C_LWSP_A0_8;
	regs[2] = PLIC_BASE + 0x1000;
	f = fault(false, PLIC_BASE + 0x1008, PLIC_BASE + 0x1008, 0);
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_EMULATE);
	assert_int_equal(a.len, 2);
}

static void test_decoded_translated(void **state)
{
	struct mmio_fault f;
	struct insn_access a;
	uint64_t va = 0x40201000ULL + 4;

	regs[11] = va - 4;
	insn_at_sepc = LW_A0_4_A1;
	/* Its page table maps the page to the PLIC's: its own access. */
	map_page(PLIC_BASE);
	f = fault(false, va, PLIC_BASE + 4, sv39(RAM_BASE));
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_EMULATE);
	/* The tables now say elsewhere: a stale TLB entry led there. */
	map_page(PLIC_BASE + 0x2000);
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_FLUSH_RETRY);
	/* No mapping now: its own page fault when it runs again. */
	ram[1] = 0;
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_RETRY);
}

/*
 * The case: the guest's root table lies in its PLIC window. The
 * lw's walk faults at the entry's address; emulating the lw there would
 * hand it a PLIC priority. Access fault instead, for loads and stores.
 */
static void test_tables_in_window(void **state)
{
	struct mmio_fault f;
	struct insn_access a;
	uint64_t va = 0x40201004ULL;
	uint64_t pte = PLIC_BASE + ((va >> 30) & 0x1ff) * 8;

	regs[11] = va - 4;
	insn_at_sepc = LW_A0_4_A1;
	f = fault(false, va, pte, sv39(PLIC_BASE));
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_ACCESS_FAULT);
	insn_at_sepc = SW_A0_4_A1;
	f.store = true;
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_ACCESS_FAULT);
	/* A lower level there: the same. */
	ram[1] = ((RAM_BASE + 0x1000) >> 12) << 10 | V;
	ram[512 + 1] = (PLIC_BASE >> 12) << 10 | V;
	f = fault(false, va, PLIC_BASE + 8, sv39(RAM_BASE));
	insn_at_sepc = LW_A0_4_A1;
	assert_int_equal(mmio_decode_insn(&f, &a), MMIO_ACCESS_FAULT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_htinst, reset),
		cmocka_unit_test_setup(test_decoded_bare, reset),
		cmocka_unit_test_setup(test_decoded_translated, reset),
		cmocka_unit_test_setup(test_tables_in_window, reset),
	};

	return cmocka_run_group_tests_name("emulated-window faults", tests, NULL, NULL);
}
