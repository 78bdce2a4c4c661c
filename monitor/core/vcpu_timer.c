// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest's supervisor timer. With Sstc the guest owns vstimecmp (and may
 * write stimecmp itself, henvcfg.STCE); without it the monitor arms the
 * host timer for the guest and injects VSTIP when it fires. On a shared
 * hart the host timer serves every vCPU there and the time slices
 * (monitor/core/sched.c). Guest time is host time (htimedelta = 0).
 */

#include <lib/csr.h>
#include <lib/sbi_call.h>
#include <monitor/core/hart.h>
#include <monitor/core/monitor.h>
#include <monitor/core/sched.h>
#include <monitor/core/vcpu.h>

#define TIMER_OFF	(~0UL)

void hart_timer_set(uint64_t when)
{
	if (monitor->sstc)
		csr_write(CSR_STIMECMP, when);
	else
		sbi_set_timer(when);
}

/*
 * Another vCPU's deadline into this hart's vstimecmp. A finite one first:
 * QEMU (10.0) keeps the timer of the deadline before armed when vstimecmp
 * becomes all-ones, so that deadline, another vCPU's, would still raise
 * VSTIP. On hardware the first write is simply overwritten.
 */
void vstimecmp_load(uint64_t when)
{
	csr_write(CSR_VSTIMECMP, ~0ULL >> 1);
	csr_write(CSR_VSTIMECMP, when);
}

/* Always on the vCPU's own hart: its guest asked. */
void vcpu_timer_set(struct vcpu *v, uint64_t when)
{
	if (monitor->sstc) {
		csr_write(CSR_VSTIMECMP, when);
		return;
	}
	/* A new deadline withdraws the interrupt of the old one, as stimecmp would. */
	vcpu_unset_interrupt(v, IRQ_VS_TIMER);
	v->timer_deadline = when;
	if (v->hart->shared)
		sched_arm_timer(v->hart);
	else
		sbi_set_timer(when);
}

void vcpu_timer_expire(struct vcpu *v)
{
	v->timer_deadline = TIMER_OFF;
	vcpu_set_interrupt(v, IRQ_VS_TIMER);
}

/* The host timer fired while the guest ran (no Sstc, a dedicated hart). */
void vcpu_timer_interrupt(struct vcpu *v)
{
	/* Stop the host timer, which clears STIP, and pass the tick on. */
	sbi_set_timer(TIMER_OFF);
	vcpu_timer_expire(v);
}
