// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest's supervisor timer. With Sstc the guest owns vstimecmp (and may
 * write stimecmp itself, henvcfg.STCE); without it the monitor arms the
 * host timer through SBI for the guest and injects VSTIP when it fires.
 * Guest time is host time (htimedelta = 0).
 */

#include <lib/csr.h>
#include <lib/sbi_call.h>
#include <monitor/monitor.h>
#include <monitor/vcpu.h>

#define TIMER_OFF	(~0UL)

void vcpu_timer_reset(struct vcpu *v)
{
	if (monitor.sstc) {
		csr_write(CSR_VSTIMECMP, TIMER_OFF);
	} else {
		v->timer_deadline = TIMER_OFF;
		sbi_set_timer(TIMER_OFF);
	}
}

/* Always on the vCPU's own hart: its guest asked. */
void vcpu_timer_set(struct vcpu *v, uint64_t when)
{
	if (monitor.sstc) {
		csr_write(CSR_VSTIMECMP, when);
		return;
	}
	/* A new deadline withdraws the interrupt of the old one, as stimecmp would. */
	vcpu_unset_interrupt(v, IRQ_VS_TIMER);
	v->timer_deadline = when;
	sbi_set_timer(when);
}

/* The host timer fired while the guest ran (no Sstc). */
void vcpu_timer_interrupt(struct vcpu *v)
{
	/* Stop the host timer, which clears STIP, and pass the tick on. */
	v->timer_deadline = TIMER_OFF;
	sbi_set_timer(TIMER_OFF);
	vcpu_set_interrupt(v, IRQ_VS_TIMER);
}
