// SPDX-License-Identifier: BSD-2-Clause
/*
 * Virtual-instruction exits: instructions VS-mode or VU-mode may not run
 * although HS-mode or U-mode could. The monitor carries out the few that
 * VS-mode has a right to, as bare hardware would for an OS:
 *
 * - WFI and Zawrs's WRS.NTO/WRS.STO on a shared hart (hstatus.VTW traps
 *   them there, so that the hart can run another vCPU meanwhile);
 * - a read of Zkr's seed, which traps whenever V=1 (mseccfg.SSEED) so a
 *   hypervisor can decide: each guest gets entropy from the hart's own
 *   source, read in HS-mode;
 * - the software IMSIC file's CSRs (monitor/core/guest_irq.c).
 *
 * The rest, and everything from VU-mode, is an illegal instruction for the
 * guest's kernel.
 */

#include <lib/csr.h>
#include <monitor/core/guest.h>
#include <monitor/core/mmio.h>
#include <monitor/core/monitor.h>
#include <monitor/core/sched.h>
#include <monitor/core/vcpu.h>
#include <monitor/vdev/insn.h>

#define INSN_WRS_NTO	0x00d00073UL
#define INSN_WRS_STO	0x01d00073UL
#define CSR_SEED	0x015

static void skip_insn(void)
{
	csr_write(CSR_SEPC, csr_read(CSR_SEPC) + 4);
}

/*
 * seed: only a read-write access is allowed (the Zkr spec: csrrs/csrrc
 * with x0 are illegal); what the guest writes is ignored, as the hart
 * ignores it.
 */
static bool emulate_seed(struct vcpu *v, unsigned long insn)
{
	struct insn_csr c;

	if (!monitor->zkr || insn_decode_csr(insn, &c) || c.csr != CSR_SEED ||
	    (c.op != INSN_CSRRW && !c.rs1))
		return false;
	if (c.rd)
		v->regs.gpr.x[c.rd] = csr_swap(CSR_SEED, 0);
	skip_insn();
	return true;
}

void vcpu_virtual_instruction(struct vcpu *v)
{
	unsigned long insn = csr_read(CSR_STVAL);
	bool from_vs = csr_read(CSR_SSTATUS) & SSTATUS_SPP;
	uint32_t fetched;

	if (!insn && !guest_read_insn(csr_read(CSR_SEPC), &fetched))
		insn = fetched;
	/* WFI from VS-mode traps only on a shared hart (hstatus.VTW). */
	if (insn == INSN_WFI && from_vs && v->hart->shared) {
		skip_insn();
		sched_wfi(v);
		return;
	}
	/*
	 * WRS waits for a reservation to go or an interrupt, and may end at
	 * any time: on a shared hart the rest of the slice goes to another.
	 * U-mode may run it too (Zawrs has no U-mode rule, unlike WFI).
	 */
	if ((insn == INSN_WRS_NTO || insn == INSN_WRS_STO) && v->hart->shared) {
		skip_insn();
		sched_yield(v);
		return;
	}
	/*
	 * Else from VU-mode it is WFI, SRET, SFENCE, a CBO senvcfg disables
	 * or a supervisor CSR: none of them U-mode's to run, an illegal
	 * instruction for the guest's kernel as on bare hardware.
	 */
	if (!from_vs) {
		vcpu_redirect_trap(v, EXC_ILLEGAL_INST, insn);
		return;
	}
	if (emulate_seed(v, insn) || guest_irq_emulate_csr(v, insn))
		return;
	/* What S-mode on bare hardware would get: illegal instruction. */
	vcpu_redirect_trap(v, EXC_ILLEGAL_INST, insn);
}
