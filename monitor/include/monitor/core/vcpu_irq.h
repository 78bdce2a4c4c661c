/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Pending virtual interrupts of a vCPU, lockless: many producers (any hart:
 * an IPI from another vCPU, the timer) and one consumer, the vCPU's own hart,
 * which applies them to HVIP before it enters the guest.
 *
 * Host-testable: tests/host/test_vcpu_irq.c runs it under ThreadSanitizer.
 */
#ifndef MONITOR_VCPU_IRQ_H
#define MONITOR_VCPU_IRQ_H

#include <stdbool.h>

#include <lib/atomic.h>
#include <lib/bits.h>
#include <lib/csr.h>

/* The local interrupts of a hart: one per bit of hvip, XLEN of them. */
#define VCPU_IRQ_COUNT		(8 * sizeof(unsigned long))
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

/* What a producer may inject: the three VS-level interrupts. */
#define VCPU_IRQ_INJECTABLE	(HVIP_VSSIP | HVIP_VSTIP | HVIP_VSEIP)

/*
 * VSSIP is an edge: a producer raises it (an IPI), only the guest lowers it
 * (clearing sip.SSIP writes hvip.VSSIP). VSTIP and VSEIP are levels the
 * monitor raises and lowers; the guest cannot write them.
 */
#define VCPU_IRQ_EDGE		HVIP_VSSIP

struct vcpu_irqs {
	/* Producers: the wanted state of each interrupt ... */
	unsigned long pending[BITS_TO_LONGS(VCPU_IRQ_COUNT)];
	/* ... and which of them changed since the consumer last looked. */
	unsigned long pending_mask[BITS_TO_LONGS(VCPU_IRQ_COUNT)];
	/* Consumer only: what hvip holds (or will, at the next entry). */
	unsigned long hvip;
};

/*
 * Producer side. Returns true when this call made the change visible to the
 * consumer (its mask bit went from 0 to 1): the caller must then kick the
 * vCPU so that it flushes soon. Lowering an edge (VSSIP) is not allowed.
 */
bool vcpu_irqs_raise(struct vcpu_irqs *irqs, unsigned int irq);
bool vcpu_irqs_lower(struct vcpu_irqs *irqs, unsigned int irq);

/*
 * Consumer side, just before guest entry: apply what producers changed.
 * Returns true when irqs->hvip changed and must be written to the CSR.
 */
bool __vcpu_irqs_flush(struct vcpu_irqs *irqs);

static inline bool vcpu_irqs_flush(struct vcpu_irqs *irqs)
{
	/*
	 * A plain look first: a mask bit set too late for it is one whose
	 * producer kicks us, so the next pass sees it.
	 */
	if (!atomic_read(&irqs->pending_mask[0]))
		return false;
	return __vcpu_irqs_flush(irqs);
}

/*
 * Consumer side, after a guest exit: take in what the guest itself did to
 * hvip (it may lower or raise VSSIP through sip.SSIP). `hvip_now` is the
 * CSR as read at the exit.
 */
void vcpu_irqs_sync(struct vcpu_irqs *irqs, unsigned long hvip_now);

/* Whether a producer's change waits for the consumer. */
bool vcpu_irqs_changed(const struct vcpu_irqs *irqs);

/* Consumer side, vCPU reset: nothing pending. */
void vcpu_irqs_reset(struct vcpu_irqs *irqs);

#endif /* MONITOR_VCPU_IRQ_H */
