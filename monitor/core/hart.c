// SPDX-License-Identifier: BSD-2-Clause
/*
 * What a hart does at run time, whichever vCPU it runs: its hypervisor
 * CSRs set once, its idle and wake-up, the requests for the vCPUs bound
 * to it. Bring-up (slots, stacks, start) is monitor/core/harts.c.
 */

#include <lib/csr.h>
#include <lib/sbi_call.h>
#include <monitor/core/hart.h>
#include <monitor/core/monitor.h>
#include <monitor/core/vcpu.h>
#include <monitor/irq/host_irq.h>
#include <sbivisor/sbivisor_ext.h>

/* VS-level interrupts go straight to the guest. */
#define HIDELEG_GUEST	(HVIP_VSSIP | HVIP_VSTIP | HVIP_VSEIP)

void hart_process_requests(struct hart *h)
{
	for (unsigned int i = 0; i < h->bound_count; i++)
		vcpu_process_requests(h->bound[i]);
}

void hart_init_hypervisor(void)
{
	csr_write(CSR_HIDELEG, HIDELEG_GUEST);
	/* The guest reads cycle, time and instret itself. */
	csr_write(CSR_HCOUNTEREN, HCOUNTEREN_CY | HCOUNTEREN_TM | HCOUNTEREN_IR);
	/* Guest time is host time. */
	csr_write(CSR_HTIMEDELTA, 0);
	csr_write(CSR_HVIP, 0);
	csr_write(CSR_HGATP, 0);
	/* Kicks from other harts arrive as supervisor software interrupts. */
	csr_set(CSR_SIE, SIP_SSIP);
	/*
	 * Without Sstc the monitor programs the host timer for the guest and
	 * takes its interrupt while the guest runs; the monitor itself runs
	 * with sstatus.SIE = 0, so nothing interrupts it. A shared hart's
	 * time slices end by the same interrupt.
	 */
	if (!monitor->sstc || this_hart()->shared)
		csr_set(CSR_SIE, SIP_STIP);
	/* Guests' device interrupts routed here (SEIE). */
	host_irq_hart_init(this_hart()->slot);
	hart_fwft_init();
}

/*
 * What the firmware's FWFT must turn on at the M level for a guest's
 * FWFT to reach it, on every hart (hart_init_hypervisor()): menvcfg.SSE
 * and menvcfg.ADUE, without which henvcfg.SSE and henvcfg.ADUE are
 * read-only zero. Neither changes the monitor itself, which runs
 * untranslated and has no shadow-stack instructions. Misaligned accesses
 * are delegated per vCPU instead, as it asks (hart_fwft_misaligned()).
 */
void hart_fwft_init(void)
{
	if (!monitor->firmware_fwft)
		return;
	sbi_ecall(SBI_EXT_FWFT, SBI_FWFT_SET, SBI_FWFT_SHADOW_STACK, 1, 0);
	sbi_ecall(SBI_EXT_FWFT, SBI_FWFT_SET, SBI_FWFT_PTE_AD_HW_UPDATING, 1, 0);
}

/*
 * The firmware delegates misaligned accesses to S-mode on this hart, or
 * stops: as the vCPU about to run asked through FWFT (vcpu_load() calls
 * this only when it asked otherwise than the last one here).
 */
void hart_fwft_misaligned(struct hart *h, bool delegate)
{
	sbi_ecall(SBI_EXT_FWFT, SBI_FWFT_SET, SBI_FWFT_MISALIGNED_EXC_DELEG,
		  delegate, 0);
	h->misaligned_delegated = delegate;
}

/*
 * The guest file of a vCPU off its shared hart has an interrupt for it:
 * it is seen as pending (hgeip) when the scheduler looks; no more of
 * these until that vCPU has run again (vcpu_put() sets its bit back).
 */
void hart_guest_files_interrupt(void)
{
	csr_clear(CSR_HGEIE, csr_read(CSR_HGEIP) & csr_read(CSR_HGEIE));
}

/* After a wake-up: what the hart itself was woken for. */
void hart_woken(void)
{
	unsigned long sip = csr_read(CSR_SIP);

	if (sip & SIP_SSIP)
		csr_clear(CSR_SIP, SIP_SSIP);
	if (sip & SIP_SEIP)
		host_irq_handle(this_hart()->slot);
	if (csr_read(CSR_HIP) & HIP_SGEIP)
		hart_guest_files_interrupt();
}

/*
 * A wake-up, not a trap: the monitor runs with sstatus.SIE = 0. The firmware
 * keeps the monitor's context over the suspend (HART_SUSPEND); a kick that
 * woke us is taken in here.
 */
void hart_idle(void)
{
	if (monitor->hart_suspend)
		sbivisor_hart_suspend(SBIVISOR_SUSPEND_RETENTIVE);
	else
		asm volatile("wfi");
	hart_woken();
}
