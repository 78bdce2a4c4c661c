// SPDX-License-Identifier: BSD-2-Clause
/*
 * Pending virtual interrupts; see monitor/include/monitor/core/vcpu_irq.h.
 *
 * The protocol (after KVM RISC-V and Xen's review of it, seed 001):
 *  - a producer writes the pending bit, then (smp_wmb) sets the mask bit;
 *  - the consumer takes the mask with an acquire exchange, then reads the
 *    pending bits it names.
 * So a mask bit seen by the consumer implies the pending bit written before
 * it is seen too. Only producers set mask bits, only the consumer clears
 * them.
 *
 * The guest's own changes to VSSIP are not written back into `pending` as
 * KVM does: there, a producer's raise that lands between the consumer
 * winning the mask bit and writing `pending` is overwritten by the guest's
 * older lowering, and that IPI is lost. Instead VSSIP is an edge: `pending`
 * holds raises not yet delivered, the consumer clears it as it delivers, and
 * the guest's lowering only reaches the consumer's own copy of hvip.
 */

#include <lib/atomic.h>
#include <monitor/core/vcpu_irq.h>

/* The callers are the monitor's own: a wrong irq is a monitor bug. */
#ifdef __riscv
#include <monitor/core/monitor.h>
#define irq_assert(cond)						\
	do {								\
		if (!(cond))						\
			monitor_fail("%s:%d: %s", __FILE__, __LINE__, #cond); \
	} while (0)
#else
#include <assert.h>
#define irq_assert(cond)	assert(cond)
#endif

#define WORD(irq)	((irq) / BITS_PER_LONG)
#define BIT(irq)	(1UL << ((irq) % BITS_PER_LONG))

static bool mark_changed(struct vcpu_irqs *irqs, unsigned int irq)
{
	/*
	 * Write barrier: the pending bit written above is visible before the
	 * mask bit. Pairs with the acquire in vcpu_irqs_flush()'s exchange.
	 */
	smp_wmb();
	return !(atomic_fetch_or_relaxed(&irqs->pending_mask[WORD(irq)],
					 BIT(irq)) & BIT(irq));
}

bool vcpu_irqs_raise(struct vcpu_irqs *irqs, unsigned int irq)
{
	irq_assert(irq < VCPU_IRQ_COUNT && (BIT(irq) & VCPU_IRQ_INJECTABLE));
	atomic_fetch_or_relaxed(&irqs->pending[WORD(irq)], BIT(irq));
	return mark_changed(irqs, irq);
}

bool vcpu_irqs_lower(struct vcpu_irqs *irqs, unsigned int irq)
{
	irq_assert(irq < VCPU_IRQ_COUNT && (BIT(irq) & VCPU_IRQ_INJECTABLE) &&
		   !(BIT(irq) & VCPU_IRQ_EDGE));
	atomic_fetch_and_relaxed(&irqs->pending[WORD(irq)], ~BIT(irq));
	return mark_changed(irqs, irq);
}

bool vcpu_irqs_changed(const struct vcpu_irqs *irqs)
{
	return atomic_read(&irqs->pending_mask[0]);
}

bool __vcpu_irqs_flush(struct vcpu_irqs *irqs)
{
	unsigned long mask, level, edge, old = irqs->hvip;

	/*
	 * Acquire: the pending bits read below are at least those written
	 * before the mask bits taken here. Pairs with the smp_wmb() in
	 * mark_changed().
	 */
	mask = atomic_xchg_acquire(&irqs->pending_mask[0], 0);

	level = mask & ~VCPU_IRQ_EDGE;
	if (level)
		irqs->hvip = (irqs->hvip & ~level) |
			     (atomic_read(&irqs->pending[0]) & level);

	/* Deliver each raised edge once; a raise after this is seen next time. */
	edge = mask & VCPU_IRQ_EDGE;
	if (edge)
		irqs->hvip |= atomic_fetch_and_relaxed(&irqs->pending[0],
						       ~edge) & edge;

	return irqs->hvip != old;
}

void vcpu_irqs_sync(struct vcpu_irqs *irqs, unsigned long hvip_now)
{
	irqs->hvip = (irqs->hvip & ~VCPU_IRQ_EDGE) | (hvip_now & VCPU_IRQ_EDGE);
}

void vcpu_irqs_reset(struct vcpu_irqs *irqs)
{
	atomic_xchg_acquire(&irqs->pending_mask[0], 0);
	atomic_fetch_and_relaxed(&irqs->pending[0], 0);
	irqs->hvip = 0;
}
