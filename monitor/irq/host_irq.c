// SPDX-License-Identifier: BSD-2-Clause
/* The host interrupt controller; see monitor/include/monitor/irq/host_irq.h. */

#include <lib/bits.h>
#include <lib/error.h>
#include <monitor/irq/host_irq.h>

struct host_irq_info host_irq;

/* No controller the monitor drives: no device interrupts for guests. */
static int none_probe(const void *fdt, host_irq_hart_slot slot_of_intc)
{
	return ERR_NOT_FOUND;
}

static int none_route(unsigned int source, unsigned int hart, void *owner)
{
	return ERR_UNSUPPORTED;
}

static void none_release(const void *owner)
{
}

static void none_hart(unsigned int hart)
{
}

static void none_complete(unsigned int source)
{
}

static const struct host_irq_ops none_ops = {
	.probe = none_probe,
	.route = none_route,
	.release = none_release,
	.hart_init = none_hart,
	.handle = none_hart,
	.complete = none_complete,
};

/* QEMU's virt has one or the other; a PLIC first. */
static const struct host_irq_ops *const drivers[] = { &plic_ops, &aia_ops };
/* The driver of the host's controller: none_ops until one is probed. */
static const struct host_irq_ops *ops = &none_ops;

void host_irq_probe(const void *fdt, host_irq_hart_slot slot_of_intc)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(drivers); i++) {
		if (!drivers[i]->probe(fdt, slot_of_intc)) {
			ops = drivers[i];
			return;
		}
	}
}

int host_irq_route(unsigned int source, unsigned int hart, void *owner)
{
	return ops->route(source, hart, owner);
}

void host_irq_release(const void *owner)
{
	ops->release(owner);
}

void host_irq_hart_init(unsigned int hart)
{
	ops->hart_init(hart);
}

void host_irq_handle(unsigned int hart)
{
	ops->handle(hart);
}

void host_irq_complete(unsigned int source)
{
	ops->complete(source);
}
