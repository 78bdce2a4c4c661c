// SPDX-License-Identifier: BSD-2-Clause
/*
 * The fuzzing guest's trap-fidelity parts: every trap its instructions
 * cause must reach it as bare hardware would hand it to its kernel, at
 * its vector base, never stopping it or parking it:
 *  - privileged instructions from U-mode (VU-mode): fixed ones (WFI, SRET,
 *    the interrupt-file CSRs, ...) and random SYSTEM encodings, each an
 *    illegal instruction from U-mode;
 *  - illegal instructions from S-mode with a vectored stvec, at its base;
 *  - AMOs, LR and SC at random alignments from S- and U-mode: done, or a
 *    misaligned/access fault at the address with memory untouched;
 *  - loads, stores and fetches past a passed-through device's registers in
 *    its page: access faults.
 */

#include <libfdt.h>
#include <lib/format.h>
#include <string.h>

#include "devirq.h"
#include "fuzz_run.h"
#include "guest.h"

#define OP_SYSTEM	0x73
#define OP_AMO		0x2f

#define INSN_SRET	0x10200073
#define INSN_MRET	0x30200073
#define INSN_SFENCE_VMA	0x12000073
#define INSN_HFENCE_VVMA 0x22000073
#define INSN_HLV_W	0x6805c573	/* hlv.w a0, (a1) */

/*
 * An illegal instruction from U-mode, at the instruction, as hardware gives
 * it. stval is not compared: QEMU 10 leaves a stale one for an mret from
 * U-mode (the instruction before it), and the spec allows 0 anyway.
 */
static bool illegal_from_user(const struct insn_outcome *o)
{
	return o->trapped && o->scause == EXC_ILLEGAL_INST && o->from_user &&
	       o->sepc == run_insn_code;
}

/*
 * A SYSTEM encoding U-mode may run: ecall, ebreak, Zawrs's waits, Zimop's
 * may-be-operations, and CSR accesses of U-level CSRs.
 */
static bool user_may_run(uint32_t insn)
{
	unsigned int f3 = (insn >> 12) & 7, csr = insn >> 20;

	if (f3 == 0)
		return insn == 0x00000073 || insn == 0x00100073 ||
		       csr == 0x00d || csr == 0x01d;
	if (f3 == 4)
		return (insn >> 31) && !((insn >> 28) & 3);
	return ((csr >> 8) & 3) == 0;
}

static uint32_t random_privileged(void)
{
	uint32_t insn;

	do
		insn = (uint32_t)(rnd() & ~0x7fULL) | OP_SYSTEM;
	while (user_may_run(insn));
	return insn;
}

/*
 * With an IMSIC file: an interrupt pending there stays the kernel's
 * through a U-mode read and a U-mode claim of stopei (both illegal).
 */
static void vu_cannot_claim(const void *fdt)
{
	struct insn_trial read = { .insn = 0x15c02573, .user = true };	/* csrr a0, stopei */
	struct insn_trial claim = { .insn = 0x15c51573, .user = true };	/* csrrw a0, stopei, a0 */
	struct insn_outcome o[2];
	unsigned long before, after;
	struct aia aia;

	if (aia_find(fdt, 0, &aia))
		return;
	imsic_write(IMSIC_EIDELIVERY, 1);
	imsic_write(IMSIC_EITHRESHOLD, 0);
	imsic_enable(1, true);
	*(volatile uint32_t *)aia.imsic = 1;	/* seteipnum: identity 1 */
	before = csr_read(CSR_STOPEI);
	o[0] = run_insn(&read);
	o[1] = run_insn(&claim);
	after = csr_read(CSR_STOPEI);
	imsic_claim();
	imsic_enable(1, false);
	imsic_write(IMSIC_EIDELIVERY, 0);
	tap_ok(before >> 16 == 1 && after == before && illegal_from_user(&o[0]) &&
	       illegal_from_user(&o[1]),
	       "VU-mode: a read and a claim of stopei are illegal and leave its kernel's pending interrupt (stopei 0x%lx, then 0x%lx)",
	       before, after);
}

void test_vu_privileged(const void *fdt, unsigned long count)
{
	static const struct { uint32_t insn; const char *what; } fixed[] = {
		{ INSN_WFI, "wfi" },
		{ INSN_SRET, "sret" },
		{ INSN_MRET, "mret" },
		{ INSN_SFENCE_VMA, "sfence.vma" },
		{ INSN_HFENCE_VVMA, "hfence.vvma" },
		{ INSN_HLV_W, "hlv.w" },
		{ 0x14002573, "csrr a0, sscratch" },
		{ 0x10002573, "csrr a0, sstatus" },
		{ 0x15c02573, "csrr a0, stopei" },
		{ 0x15c51573, "csrrw a0, stopei, a0" },
		{ 0x15002573, "csrr a0, siselect" },
		{ 0x15102573, "csrr a0, sireg" },
		{ 0xdb002573, "csrr a0, stopi" },
		{ 0x60002573, "csrr a0, hstatus" },
		{ 0x30002573, "csrr a0, mstatus" },
	};
	unsigned long bad = 0, random_bad = 0, sie = csr_read(CSR_SIE);

	/*
	 * No interrupt enabled: a WFI taken for the kernel's would wait for
	 * ever (on a shared hart, where WFI traps).
	 */
	csr_write(CSR_SIE, 0);
	for (unsigned int i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		struct insn_trial t = { .insn = fixed[i].insn, .user = true };
		struct insn_outcome o = run_insn(&t);

		if (!illegal_from_user(&o) && bad++ < 4)
			printf("# VU %s: %s scause %lu stval 0x%lx sepc 0x%lx\n",
			       fixed[i].what, o.trapped ? "trapped" : "ran",
			       o.scause, o.stval, o.sepc);
	}
	csr_write(CSR_SIE, sie);
	tap_ok(!bad, "VU-mode: wfi, sret, mret, sfence.vma, hfence, hlv and S/H/M CSRs (interrupt file too) each an illegal instruction from U-mode (%lu not)",
	       bad);
	vu_cannot_claim(fdt);

	for (unsigned long i = 0; i < count; i++) {
		struct insn_trial t = { .insn = random_privileged(), .user = true };
		struct insn_outcome o = run_insn(&t);

		if (!illegal_from_user(&o) && random_bad++ < 4)
			printf("# VU 0x%08x: %s scause %lu stval 0x%lx\n", t.insn,
			       o.trapped ? "trapped" : "ran", o.scause, o.stval);
	}
	tap_ok(!random_bad, "VU-mode: %lu random privileged SYSTEM instructions, each an illegal instruction from U-mode (%lu not)",
	       count, random_bad);
}

/* --------------------------------------------------- vectored stvec */

/* tests/guests/fuzz_vectored.S: a vector table whose base notes each arrival. */
extern char fuzz_vector_table[];
extern volatile unsigned long fuzz_vector_base_hit;

/*
 * Illegal instructions from S-mode with stvec in vectored mode: each must
 * come in at the table's base (exceptions always do), which counts it and
 * goes on to the usual handler.
 */
void test_vectored_illegal(void)
{
	static const uint32_t insns[] = {
		INSN_MRET,
		0x7b200073,			/* dret, outside debug mode */
		0x70200073,			/* mnret */
		0x00200073,			/* a reserved SYSTEM encoding */
		0x30002573,			/* csrr a0, mstatus */
		0x7c002573,			/* csrr a0, 0x7c0 (custom M) */
		0xffffffff,			/* no instruction at all */
	};
	unsigned long stvec = csr_read(CSR_STVEC), bad = 0;

	csr_write(CSR_STVEC, (uintptr_t)fuzz_vector_table | 1);
	for (unsigned int i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		struct insn_trial t = { .insn = insns[i] };
		struct insn_outcome o;

		fuzz_vector_base_hit = 0;
		o = run_insn(&t);
		if ((!o.trapped || o.scause != EXC_ILLEGAL_INST || o.from_user ||
		     o.sepc != run_insn_code || !fuzz_vector_base_hit) && bad++ < 4)
			printf("# vectored: 0x%08x: %s scause %lu sepc 0x%lx, %s at the base\n",
			       t.insn, o.trapped ? "trapped" : "ran", o.scause, o.sepc,
			       fuzz_vector_base_hit ? "came in" : "not");
	}
	csr_write(CSR_STVEC, stvec);
	tap_ok(!bad, "vectored stvec: mret, dret, mnret, reserved SYSTEM, M-mode CSRs and an all-ones word from S-mode each an illegal instruction at its base (%lu not)",
	       bad);
}

/* ----------------------------------------------------------- atomics */

static const struct { unsigned int funct5; const char *name; } amo_ops[] = {
	{ 0x01, "amoswap" }, { 0x00, "amoadd" }, { 0x04, "amoxor" },
	{ 0x0c, "amoand" }, { 0x08, "amoor" }, { 0x10, "amomin" },
	{ 0x14, "amomax" }, { 0x18, "amominu" }, { 0x1c, "amomaxu" },
	{ 0x02, "lr" }, { 0x03, "sc" },
};
#define AMO_OPS		(sizeof(amo_ops) / sizeof(amo_ops[0]))
#define FUNCT5_LR	0x02
#define FUNCT5_SC	0x03

static uint8_t amo_area[64] __attribute__((aligned(64)));

static uint64_t load_n(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = n; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

static int64_t sext(uint64_t v, unsigned int n)
{
	return n == 8 ? (int64_t)v : (int64_t)(v << 32) >> 32;
}

/* What the AMO leaves in memory, from the old value and rs2. */
static uint64_t amo_result(unsigned int funct5, uint64_t old, uint64_t src,
			   unsigned int n)
{
	int64_t a = sext(old, n), b = sext(src, n);
	uint64_t ua = n == 8 ? old : (uint32_t)old, ub = n == 8 ? src : (uint32_t)src;

	switch (funct5) {
	case 0x01: return src;
	case 0x00: return old + src;
	case 0x04: return old ^ src;
	case 0x0c: return old & src;
	case 0x08: return old | src;
	case 0x10: return a < b ? old : src;
	case 0x14: return a > b ? old : src;
	case 0x18: return ua < ub ? old : src;
	default:   return ua > ub ? old : src;
	}
}

struct amo_tally {
	unsigned long done, trapped, bad;
};

static void amo_trial(struct amo_tally *tally)
{
	unsigned int op = rnd() % AMO_OPS, funct5 = amo_ops[op].funct5;
	unsigned int n = rnd() & 1 ? 8 : 4, off = rnd() % 32;
	bool user = rnd() & 1;
	uint64_t src = rnd(), old, after;
	uint8_t before[sizeof(amo_area)];
	uintptr_t addr = (uintptr_t)amo_area + off;
	struct insn_trial t = {
		.insn = funct5 << 27 | (uint32_t)(rnd() & 3) << 25 |
			(funct5 == FUNCT5_LR ? 0 : 12U << 20) | 11 << 15 |
			(n == 8 ? 3 : 2) << 12 | 10 << 7 | OP_AMO,
		.user = user, .a1 = addr, .a2 = src,
	};
	struct insn_outcome o;
	bool misaligned = addr % n != 0, ok;

	for (unsigned int i = 0; i < sizeof(amo_area); i++)
		amo_area[i] = rnd();
	memcpy(before, amo_area, sizeof(before));
	old = load_n(before + off, n);
	o = run_insn(&t);
	after = load_n(amo_area + off, n);

	if (o.trapped) {
		/*
		 * Misaligned: a misaligned-address or an access fault, as the
		 * hart chooses, of either kind (QEMU 10 calls a misaligned AMO
		 * a misaligned load).
		 */
		ok = misaligned && o.scause >= EXC_LOAD_MISALIGNED &&
		     o.scause <= EXC_STORE_ACCESS &&
		     o.stval == addr && o.sepc == run_insn_code && o.from_user == user &&
		     !memcmp(before, amo_area, sizeof(before));
		tally->trapped++;
	} else if (funct5 == FUNCT5_LR) {
		ok = !misaligned && o.a0 == (uint64_t)sext(old, n);
	} else if (funct5 == FUNCT5_SC) {
		/*
		 * It may fail (no reservation): then nothing is stored. QEMU 10
		 * fails a misaligned one that way before its alignment check.
		 */
		ok = o.a0 ? after == old :
		     !misaligned && after == (n == 8 ? src : (uint32_t)src);
	} else {
		/* Zama16b: misaligned AMOs inside 16 bytes may simply be done. */
		ok = (!misaligned || off / 16 == (off + n - 1) / 16) &&
		     o.a0 == (uint64_t)sext(old, n) &&
		     after == (amo_result(funct5, old, src, n) & (n == 8 ? ~0ULL : 0xffffffffULL));
	}
	tally->done++;
	if (!ok && tally->bad++ < 4)
		printf("# %s.%c at +%u from %s: %s scause %lu stval 0x%lx, a0 0x%lx, memory 0x%lx -> 0x%lx\n",
		       amo_ops[op].name, n == 8 ? 'd' : 'w', off, user ? "U" : "S",
		       o.trapped ? "trapped" : "done", o.scause, o.stval, o.a0,
		       (unsigned long)old, (unsigned long)after);
}

void test_atomics(unsigned long count)
{
	struct amo_tally tally = { 0 };
	/* The finding first: a misaligned amoadd.w and lr.w, from S and from U. */
	static const uint32_t fixed[] = { 0x00c5a52f, 0x1005a52f };
	unsigned long fixed_bad = 0;

	for (unsigned int i = 0; i < 4; i++) {
		struct insn_trial t = { .insn = fixed[i % 2], .user = i >= 2,
					.a1 = (uintptr_t)amo_area + 1, .a2 = 1 };
		struct insn_outcome o = run_insn(&t);

		if (!o.trapped || o.scause < EXC_LOAD_MISALIGNED ||
		    o.scause > EXC_STORE_ACCESS || o.stval != t.a1 ||
		    o.sepc != run_insn_code || o.from_user != t.user)
			fixed_bad++;
	}
	tap_ok(!fixed_bad, "misaligned amoadd.w and lr.w from S- and U-mode: a misaligned or access fault in the guest (%lu not)",
	       fixed_bad);
	for (unsigned long i = 0; i < count; i++)
		amo_trial(&tally);
	printf("# atomics: %lu at random alignments, %lu trapped\n", tally.done, tally.trapped);
	tap_ok(!tally.bad, "atomics: %lu AMOs, LRs and SCs at random alignments from S- and U-mode: done right, or a fault at the address with memory untouched (%lu not)",
	       count, tally.bad);
}

/* ------------------------------------------------------ device pages */

/* A load, store or fetch at `addr`; the trap's cause, or 0. */
static unsigned long touch(uintptr_t addr, char kind, unsigned long *stval)
{
	expected_trap = (struct trap_expectation){ .armed = true, .return_to_ra = kind == 'x' };
	if (kind == 'r')
		(void)*(volatile uint32_t *)addr;
	else if (kind == 'w')
		*(volatile uint32_t *)addr = 0;
	else
		((void (*)(void))addr)();
	expected_trap.armed = false;
	*stval = expected_trap.stval;
	return expected_trap.taken ? expected_trap.scause : 0;
}

/*
 * The first device given: its page past its registers holds nothing, as
 * on bare hardware an access fault; a fetch from its registers too.
 */
void test_device_page(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "ns16550a");
	uint64_t base, size;
	unsigned long stval, cause[3];
	uintptr_t hole;

	if (guest_node_reg(fdt, node, &base, &size))
		return;
	if (size >= 0x1000)
		return;
	hole = base + 0x800;
	cause[0] = touch(hole, 'r', &stval);
	cause[0] = stval == hole ? cause[0] : 0;
	cause[1] = touch(hole, 'w', &stval);
	cause[1] = stval == hole ? cause[1] : 0;
	cause[2] = touch(base, 'x', &stval);
	cause[2] = stval == base ? cause[2] : 0;
	tap_ok(cause[0] == EXC_LOAD_ACCESS && cause[1] == EXC_STORE_ACCESS &&
	       cause[2] == EXC_INST_ACCESS,
	       "device page: a load and a store past its UART's registers, a fetch from them: access faults in the guest (scause %lu, %lu, %lu)",
	       cause[0], cause[1], cause[2]);
}
