/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The host interrupt controller as the monitor uses it: only for the
 * interrupts of devices given to guests, through its S-level side (the
 * firmware keeps the M-level one). A PLIC here (monitor/plic.c); each
 * source a guest owns is routed to the S context of one hart, claimed
 * there when it fires and completed once the guest completes it.
 */
#ifndef MONITOR_HOST_IRQ_H
#define MONITOR_HOST_IRQ_H

#include <stdbool.h>
#include <stdint.h>

struct guest;

enum host_irqchip {
	HOST_IRQCHIP_NONE,
	HOST_IRQCHIP_PLIC,
};

struct host_irq_info {
	enum host_irqchip kind;
	uint64_t base;		/* the controller's registers */
	uint64_t size;
	unsigned int ndev;	/* sources 1..ndev */
};

extern struct host_irq_info host_irq;

/* Find the controller in the host tree; on the boot hart. */
void host_irq_probe(const void *fdt);

/*
 * Give `source` to guest `g`, delivered on hart `hartid` (its first
 * vCPU's). On the boot hart, before the other harts start. Returns 0, or
 * -1 if the source does not exist or the hart has no S-level context.
 */
int host_irq_route(unsigned int source, struct guest *g,
		   unsigned long hartid);

/* Undo every route of `g` (a guest refused after some were made). */
void host_irq_release(struct guest *g);

/* On each hart with vCPUs, once: what the hart receives. */
void host_irq_hart_init(void);

/* A supervisor external interrupt: claim, hand each source to its guest. */
void host_irq_handle(void);

/* The guest completed `source`: it may fire again. From any hart. */
void host_irq_complete(unsigned int source);

#endif /* MONITOR_HOST_IRQ_H */
