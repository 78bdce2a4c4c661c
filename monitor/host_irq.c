// SPDX-License-Identifier: BSD-2-Clause
/* The host interrupt controller; see monitor/include/monitor/host_irq.h. */

#include <monitor/host_irq.h>

struct host_irq_info host_irq;

void host_irq_probe(const void *fdt)
{
	/* QEMU's virt has one or the other; a PLIC first. */
	if (!plic_probe(fdt))
		return;
	aia_probe(fdt);
}

int host_irq_route(unsigned int source, struct guest *g, unsigned long hartid)
{
	switch (host_irq.kind) {
	case HOST_IRQCHIP_PLIC:
		return plic_route(source, g, hartid);
	case HOST_IRQCHIP_AIA:
		return aia_route(source, g, hartid);
	default:
		return -1;
	}
}

void host_irq_release(struct guest *g)
{
	if (host_irq.kind == HOST_IRQCHIP_PLIC)
		plic_release(g);
	else if (host_irq.kind == HOST_IRQCHIP_AIA)
		aia_release(g);
}

void host_irq_hart_init(void)
{
	if (host_irq.kind == HOST_IRQCHIP_PLIC)
		plic_hart_init();
	else if (host_irq.kind == HOST_IRQCHIP_AIA)
		aia_hart_init();
}

void host_irq_handle(void)
{
	if (host_irq.kind == HOST_IRQCHIP_PLIC)
		plic_handle();
	else if (host_irq.kind == HOST_IRQCHIP_AIA)
		aia_handle();
}

void host_irq_complete(unsigned int source)
{
	if (host_irq.kind == HOST_IRQCHIP_PLIC)
		plic_complete(source);
}
