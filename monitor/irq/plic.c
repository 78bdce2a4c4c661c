// SPDX-License-Identifier: BSD-2-Clause
/*
 * The host PLIC's S-level contexts, for the interrupts of devices given to
 * guests; see monitor/include/monitor/irq/host_irq.h. OpenSBI programs the
 * M-level contexts and leaves each hart's S context disabled, at
 * threshold 7, when the hart boots; the monitor takes it from there.
 */

#include <lib/console.h>
#include <lib/csr.h>
#include <lib/error.h>
#include <libfdt.h>
#include <monitor/boot/dt.h>
#include <monitor/irq/host_irq.h>
#include <monitor/vdev/vplic.h>

#define PLIC_PRIORITY(s)	(4 * (s))
#define PLIC_ENABLE(ctx, s)	(0x2000 + 0x80 * (ctx) + 4 * ((s) / 32))
#define PLIC_THRESHOLD(ctx)	(0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)		(PLIC_THRESHOLD(ctx) + 4)
#define PLIC_MAX_CONTEXTS	(2 * DT_MAX_HARTS + 2)

/* Each hart's S-level context (by hart slot); -1: none. */
static int s_context[DT_MAX_HARTS];

/* Each source's owner, and the hart slot it is delivered on (-1: none). */
static void *route_owner[VPLIC_MAX_SOURCES];
static int route_hart[VPLIC_MAX_SOURCES];

static volatile uint32_t *reg(uint64_t offset)
{
	return (volatile uint32_t *)(uintptr_t)(host_irq.base + offset);
}

static int plic_probe(const void *fdt, host_irq_hart_slot slot_of_intc)
{
	const fdt32_t *cells, *ndev;
	int node, len, n;
	uint64_t addr, size;

	for (unsigned int i = 0; i < DT_MAX_HARTS; i++)
		s_context[i] = -1;
	for (unsigned int i = 0; i < VPLIC_MAX_SOURCES; i++)
		route_hart[i] = -1;
	node = fdt_node_offset_by_compatible(fdt, -1, "riscv,plic0");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "sifive,plic-1.0.0");
	if (node < 0 || dt_node_reg(fdt, node, &addr, &size))
		return ERR_NOT_FOUND;
	ndev = fdt_getprop(fdt, node, "riscv,ndev", &len);
	cells = fdt_getprop(fdt, node, "interrupts-extended", &n);
	if (!ndev || len != 4 || !cells || n % 8) {
		printf("monitor: warning: %s: no riscv,ndev or interrupts-extended; no device interrupts for guests\n",
		       fdt_get_name(fdt, node, NULL));
		return ERR_INVALID;
	}
	/* Context i is the i-th (controller, interrupt) pair: 9 is S-level. */
	for (int ctx = 0; ctx < n / 8 && ctx < PLIC_MAX_CONTEXTS; ctx++) {
		int hart = slot_of_intc(fdt, fdt32_to_cpu(cells[2 * ctx]));

		if (hart >= 0 && hart < DT_MAX_HARTS &&
		    fdt32_to_cpu(cells[2 * ctx + 1]) == IRQ_S_EXT)
			s_context[hart] = ctx;
	}
	host_irq.kind = HOST_IRQCHIP_PLIC;
	host_irq.base = addr;
	host_irq.size = size;
	host_irq.ndev = fdt32_to_cpu(*ndev);
	if (host_irq.ndev >= VPLIC_MAX_SOURCES)
		host_irq.ndev = VPLIC_MAX_SOURCES - 1;
	printf("monitor: interrupts: PLIC at 0x%lx, %u sources\n",
	       (unsigned long)addr, host_irq.ndev);
	return 0;
}

static int plic_route(unsigned int source, unsigned int hart, void *owner)
{
	if (!source || source > host_irq.ndev || hart >= DT_MAX_HARTS ||
	    s_context[hart] < 0)
		return ERR_INVALID;
	route_owner[source] = owner;
	route_hart[source] = hart;
	/* Every source the same priority: the guest orders its own. */
	*reg(PLIC_PRIORITY(source)) = 1;
	return 0;
}

static void plic_release(const void *owner)
{
	for (unsigned int src = 1; src <= host_irq.ndev; src++) {
		if (route_owner[src] != owner)
			continue;
		route_owner[src] = NULL;
		route_hart[src] = -1;
		*reg(PLIC_PRIORITY(src)) = 0;
	}
}

static void plic_hart_init(unsigned int hart)
{
	int ctx = s_context[hart];

	if (ctx < 0)
		return;
	for (unsigned int src = 1; src <= host_irq.ndev; src++)
		if (route_hart[src] == (int)hart)
			*reg(PLIC_ENABLE(ctx, src)) |= 1U << (src % 32);
	*reg(PLIC_THRESHOLD(ctx)) = 0;
	csr_set(CSR_SIE, SIP_SEIP);
}

static void plic_handle(unsigned int hart)
{
	int ctx = s_context[hart];
	uint32_t src;

	if (ctx < 0)
		return;
	/* Claimed here, completed when the guest completes it. */
	while ((src = *reg(PLIC_CLAIM(ctx))) != 0) {
		if (src <= host_irq.ndev && route_owner[src])
			host_irq_deliver(route_owner[src], src);
		else
			*reg(PLIC_CLAIM(ctx)) = src;
	}
}

static void plic_complete(unsigned int source)
{
	/* In the context that claimed it: the one it is enabled in. */
	if (source && source <= host_irq.ndev && route_hart[source] >= 0)
		*reg(PLIC_CLAIM(s_context[route_hart[source]])) = source;
}

const struct host_irq_ops plic_ops = {
	.probe = plic_probe,
	.route = plic_route,
	.release = plic_release,
	.hart_init = plic_hart_init,
	.handle = plic_handle,
	.complete = plic_complete,
};
