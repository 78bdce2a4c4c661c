// SPDX-License-Identifier: BSD-2-Clause
/*
 * CSR isolation: run as two guests taking turns on one hart (bootargs
 * csrswap=N). Each finds every CSR it reaches from VS-mode, gives each
 * writable one a value of its own (from its guest ID), then yields to the
 * other N times, reading all of them back after each turn. A CSR that the
 * monitor neither switches per vCPU nor keeps from guests shows the
 * other's value: a channel between guests. The CSRs that control the
 * guest itself get values it can run with: sstatus.SUM/MXR, sie with
 * interrupts off, stvec direct or vectored, satp with a root table of its
 * own, stimecmp far off, sepc/scause/stval written last and read first.
 */

#include <lib/format.h>
#include <lib/sbi_call.h>
#include <sbivisor/sbi.h>
#include <string.h>

#include "fuzz_run.h"
#include "guest.h"
#include "sv39.h"

#define CSRS		4096
#define OP_SYSTEM	0x73

#define SSTATUS_SUM	(1UL << 18)
#define SSTATUS_MXR	(1UL << 19)
#define SIE_BITS	((1UL << 1) | (1UL << 5) | (1UL << 9))

/* Read by hand, in this order, before any probe traps and overwrites them. */
#define CSR_SCAUSE_NUM	0x142
#define CSR_STVAL_NUM	0x143

enum csr_kind { UNREACHABLE, COMPARED, SKIPPED, SPECIAL };

static uint8_t kind[CSRS];
static uint64_t mine[CSRS];
static unsigned long me;

extern char fuzz_vector_table[];
extern char guest_trap_entry[];

/* Root tables: its RAM by one gigapage; one per guest ID, so satp differs. */
static uint64_t roots[2][512] __attribute__((aligned(4096)));

static uint64_t pattern(unsigned int csr)
{
	uint64_t z = (me + 1) * 0x9e3779b97f4a7c15ULL ^ csr * 0xbf58476d1ce4e5b9ULL;

	return z ^ (z >> 29);
}

static bool try_read(unsigned int csr, uint64_t *value)
{
	struct insn_trial t = { .insn = csr << 20 | 2 << 12 | 10 << 7 | OP_SYSTEM };
	struct insn_outcome o = run_insn(&t);

	*value = o.a0;
	return !o.trapped;
}

/*
 * Write `value`, then read back what the CSR kept, right after: the other
 * guest may take the hart at any time, but not between the two.
 */
static bool try_write(unsigned int csr, uint64_t value, uint64_t *kept)
{
	struct insn_trial t = {
		.insn = csr << 20 | 10 << 15 | 1 << 12 | OP_SYSTEM,	/* csrw */
		.insn2 = csr << 20 | 2 << 12 | 10 << 7 | OP_SYSTEM,	/* csrr a0 */
		.a0 = value,
	};
	struct insn_outcome o = run_insn(&t);

	*kept = o.a0;
	return !o.trapped;
}

/*
 * Not compared: what changes by itself (counters, time, seed, scountovf),
 * reads with side effects or another's state (stopei, the sireg window),
 * the pending view of stopi; fflags and frm, parts of fcsr, and vxsat and
 * vxrm, parts of vcsr (which are compared). The rest of sip is the
 * guest's own SSIP.
 */
static bool volatile_csr(unsigned int csr)
{
	return csr == 0x001 || csr == 0x002 || csr == 0x009 || csr == 0x00a ||
	       (csr >= 0xc00 && csr <= 0xc1f) || (csr >= 0xc80 && csr <= 0xc9f) ||
	       csr == 0x015 || csr == 0xda0 || csr == 0x15c || csr == 0xdb0 ||
	       (csr >= 0x151 && csr <= 0x157);
}

/* The CSRs the guest itself runs by, with values it runs with. */
static void write_special(void)
{
	uint64_t *root = roots[me & 1];

	root[sv39_vpn(ram_base, 2)] = sv39_pte(ram_base & ~(SV39_GIGAPAGE - 1),
					      PTE_RWX | PTE_A | PTE_D);
	csr_write(CSR_SATP, sv39_satp(root, me + 1));
	asm volatile("sfence.vma" ::: "memory");
	csr_set(CSR_SSTATUS, me & 1 ? SSTATUS_SUM : SSTATUS_MXR);
	csr_set(CSR_SIE, me & 1 ? (1UL << 5) : (1UL << 1) | (1UL << 9));
	if (!(me & 1))
		csr_set(CSR_SIP, SIP_SSIP);
	csr_write(CSR_STVEC, me & 1 ? (uintptr_t)fuzz_vector_table | 1 :
			     (uintptr_t)guest_trap_entry);
	csr_write(CSR_SSCRATCH, pattern(CSR_SSCRATCH));
}

/* sepc, scause, stval: last in, first out (every trap rewrites them). */
static void write_trap_csrs(void)
{
	csr_write(CSR_SEPC, pattern(CSR_SEPC) & ~3UL);
	csr_write(CSR_SCAUSE_NUM, 13);
	csr_write(CSR_STVAL_NUM, pattern(CSR_STVAL_NUM));
	mine[CSR_SEPC] = csr_read(CSR_SEPC);
	mine[CSR_SCAUSE_NUM] = csr_read(CSR_SCAUSE_NUM);
	mine[CSR_STVAL_NUM] = csr_read(CSR_STVAL_NUM);
}

static uint64_t read_special(unsigned int csr)
{
	switch (csr) {
	case CSR_SSTATUS: return csr_read(CSR_SSTATUS) & (SSTATUS_SUM | SSTATUS_MXR);
	case CSR_SIE: return csr_read(CSR_SIE) & SIE_BITS;
	case CSR_SIP: return csr_read(CSR_SIP) & SIP_SSIP;
	case CSR_STVEC: return csr_read(CSR_STVEC);
	case CSR_SSCRATCH: return csr_read(CSR_SSCRATCH);
	case CSR_SATP: return csr_read(CSR_SATP);
	default: return 0;
	}
}

static const unsigned int specials[] = {
	CSR_SSTATUS, CSR_SIE, CSR_SIP, CSR_STVEC, CSR_SSCRATCH, CSR_SATP,
};

static bool is_special(unsigned int csr)
{
	for (unsigned int i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
		if (specials[i] == csr)
			return true;
	return false;
}

/* A value of its own for a CSR with no special meaning to it. */
static uint64_t value_for(unsigned int csr)
{
	/* stimecmp: far off, or its timer would fire (interrupts are off). */
	if (csr == CSR_STIMECMP)
		return (pattern(csr) | 1ULL << 62) & ~(1ULL << 63);
	return pattern(csr);
}

static void find_and_write(void)
{
	unsigned long reached = 0, written = 0;
	uint64_t value;

	for (unsigned int csr = 0; csr < CSRS; csr++) {
		kind[csr] = UNREACHABLE;
		if (csr == CSR_SEPC || csr == CSR_SCAUSE_NUM || csr == CSR_STVAL_NUM)
			continue;
		if (!try_read(csr, &value))
			continue;
		reached++;
		kind[csr] = volatile_csr(csr) ? SKIPPED : COMPARED;
		if (kind[csr] == SKIPPED || is_special(csr))
			continue;
		/* A read-only one is compared as read; a writable one as it kept ours. */
		mine[csr] = value;
		if (try_write(csr, value_for(csr), &value)) {
			mine[csr] = value;
			written++;
		}
	}
	/* Ours, over what the probes left there. */
	write_special();
	for (unsigned int i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
		kind[specials[i]] = SPECIAL;
		mine[specials[i]] = read_special(specials[i]);
	}
	printf("# csr isolation: guest %lu reaches %lu CSRs from VS-mode (%lu written):",
	       me, reached + 3, written + 3);
	for (unsigned int csr = 0; csr < CSRS; csr++)
		if (kind[csr] != UNREACHABLE)
			printf(" %x", csr);
	printf(" and sepc, scause, stval\n");
	write_trap_csrs();
}

static unsigned long check_all(void)
{
	uint64_t trap[3] = { csr_read(CSR_SEPC), csr_read(CSR_SCAUSE_NUM),
			     csr_read(CSR_STVAL_NUM) };
	static const unsigned int trap_csrs[3] = { CSR_SEPC, CSR_SCAUSE_NUM, CSR_STVAL_NUM };
	unsigned long changed = 0;
	uint64_t value;

	for (unsigned int i = 0; i < 3; i++)
		if (trap[i] != mine[trap_csrs[i]] && changed++ < 4)
			printf("# csr 0x%x: 0x%lx, not its 0x%lx\n", trap_csrs[i],
			       (unsigned long)trap[i], (unsigned long)mine[trap_csrs[i]]);
	for (unsigned int csr = 0; csr < CSRS; csr++) {
		if (kind[csr] == SPECIAL)
			value = read_special(csr);
		else if (kind[csr] != COMPARED || !try_read(csr, &value))
			continue;
		if (value != mine[csr] && changed++ < 4)
			printf("# csr 0x%x: 0x%lx, not its 0x%lx\n", csr,
			       (unsigned long)value, (unsigned long)mine[csr]);
	}
	/* The probes took traps: its trap CSRs are its own again. */
	write_trap_csrs();
	return changed;
}

int csr_isolation(unsigned long rounds, const unsigned long *want, unsigned int wants)
{
	struct sbiret id = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO,
				     SBIVISOR_INFO_GUEST_ID, 0, 0);
	unsigned long changed = 0, stvec = csr_read(CSR_STVEC), missing = 0;
	unsigned long vregs_changed = 0;
	bool vregs;

	me = id.error ? 0 : id.value;
	/* Its FP and vector state on, so that their CSRs are reachable (if the hart lets them). */
	csr_set(CSR_SSTATUS, SSTATUS_FS_INITIAL | SSTATUS_VS_INITIAL);
	/* ssp too, where FWFT can turn shadow stacks on (Zicfiss). */
	if (!sbi_ecall(SBI_EXT_FWFT, SBI_FWFT_SET, SBI_FWFT_SHADOW_STACK, 1, 0).error)
		printf("# csr isolation: FWFT SHADOW_STACK on: ssp reachable\n");
	vregs = vregs_prepare(me);
	find_and_write();
	for (unsigned int i = 0; i < wants; i++) {
		if (want[i] < CSRS && kind[want[i]] != UNREACHABLE)
			continue;
		if (missing++ < 4)
			printf("# csr 0x%lx: not reachable from VS-mode\n", want[i]);
	}
	if (wants)
		tap_ok(!missing, "csr isolation: the %u CSRs the hart gives a kernel reachable from VS-mode (%lu not)",
		       wants, missing);
	for (unsigned long r = 0; r < rounds; r++) {
		sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_YIELD, 0, 0, 0);
		changed += check_all();
		if (vregs)
			vregs_changed += vregs_check();
	}
	csr_write(CSR_SATP, 0);
	asm volatile("sfence.vma" ::: "memory");
	csr_write(CSR_STVEC, stvec);
	csr_clear(CSR_SIE, SIE_BITS);
	csr_clear(CSR_SIP, SIP_SSIP);
	tap_ok(!changed, "csr isolation: every CSR it reaches kept its value through %lu turns of another guest on its hart (%lu changed)",
	       rounds, changed);
	if (vregs)
		tap_ok(!vregs_changed, "csr isolation: v0-v31 kept their values through %lu turns (%lu rounds changed one)",
		       rounds, vregs_changed);
	return changed != 0 || vregs_changed != 0;
}
