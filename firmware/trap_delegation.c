// SPDX-License-Identifier: BSD-2-Clause
/*
 * Which traps of S-mode and below reach the firmware at all.
 *
 * OpenSBI 1.6 takes illegal instructions in M-mode, to emulate what a hart
 * may lack (the cycle, time and instret counters; fence.tso on harts with
 * that erratum) and to hand the rest on. Handing on costs more than the
 * round trip: into VS-mode it jumps to vstvec mode bits and all, and for a
 * SYSTEM instruction it cannot decode it prints a line of its own into the
 * console that the guests share. A hart that has all of these in hardware
 * leaves M-mode nothing to emulate, so there illegal instructions go
 * straight to S-mode: the monitor, and through hedeleg its guests, get
 * them as bare hardware gives them. SBIVISOR_FEAT_ILLEGAL_INSN_TO_S tells
 * the monitor (docs/sbi-extension.md).
 */

#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_csr_detect.h>
#include <sbi/sbi_hart.h>
#include <sbi/sbi_trap.h>

#include "sbivisor_firmware.h"

#define INSN_FENCE_TSO	0x8330000f

/* Run fence.tso with OpenSBI's expected-trap handler; its trap's cause or 0. */
static unsigned long fence_tso_trap(void)
{
	struct sbi_trap_info trap = { 0 };
	register ulong tinfo asm("a3") = (ulong)&trap;
	register ulong ttmp asm("a4");
	register ulong mtvec = sbi_hart_expected_trap_addr();

	asm volatile("add %[ttmp], %[tinfo], zero\n"
		     "csrrw %[mtvec], " STR(CSR_MTVEC) ", %[mtvec]\n"
		     ".word " STR(INSN_FENCE_TSO) "\n"
		     "csrw " STR(CSR_MTVEC) ", %[mtvec]"
		     : [mtvec] "+&r"(mtvec), [tinfo] "+&r"(tinfo),
		       [ttmp] "+&r"(ttmp)
		     : : "memory");
	return trap.cause;
}

/* Whether M-mode would emulate anything for an illegal instruction here. */
static bool hart_needs_illegal_insn_emulation(void)
{
	struct sbi_trap_info trap = { 0 };

	csr_read_allowed(CSR_CYCLE, &trap);
	if (trap.cause)
		return true;
	csr_read_allowed(CSR_TIME, &trap);
	if (trap.cause)
		return true;
	csr_read_allowed(CSR_INSTRET, &trap);
	if (trap.cause)
		return true;
	return fence_tso_trap() != 0;
}

void sbivisor_delegate_traps(void)
{
	/*
	 * Every hart at its (re)start, after OpenSBI set medeleg; its
	 * non-retentive suspend keeps medeleg.
	 */
	if (!hart_needs_illegal_insn_emulation())
		csr_set(CSR_MEDELEG, 1UL << CAUSE_ILLEGAL_INSTRUCTION);
}

bool sbivisor_illegal_insn_delegated(void)
{
	return csr_read(CSR_MEDELEG) & (1UL << CAUSE_ILLEGAL_INSTRUCTION);
}
