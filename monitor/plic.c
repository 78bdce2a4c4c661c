// SPDX-License-Identifier: BSD-2-Clause
/*
 * The host PLIC's S-level contexts, for the interrupts of devices given to
 * guests; see monitor/include/monitor/host_irq.h. OpenSBI programs the
 * M-level contexts and leaves each hart's S context disabled, at
 * threshold 7, when the hart boots; the monitor takes it from there.
 */

#include <libfdt.h>
#include <lib/console.h>
#include <lib/csr.h>
#include <monitor/dt.h>
#include <monitor/guest.h>
#include <monitor/hart.h>
#include <monitor/host_irq.h>
#include <monitor/vplic.h>

#define PLIC_PRIORITY(s)	(4 * (s))
#define PLIC_ENABLE(ctx, s)	(0x2000 + 0x80 * (ctx) + 4 * ((s) / 32))
#define PLIC_THRESHOLD(ctx)	(0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)		(PLIC_THRESHOLD(ctx) + 4)
#define PLIC_MAX_CONTEXTS	(2 * MONITOR_MAX_HARTS + 2)

/* Each hart's S-level context (by struct hart slot); -1: none. */
static int s_context[MONITOR_MAX_HARTS];

/* Who owns each source, and the hart it is delivered on. */
static struct {
	struct guest *owner;
	struct hart *hart;
} routes[VPLIC_MAX_SOURCES];

static volatile uint32_t *reg(uint64_t offset)
{
	return (volatile uint32_t *)(uintptr_t)(host_irq.base + offset);
}

/* The hart whose interrupt controller `phandle` is (its cpu node's reg). */
int plic_probe(const void *fdt)
{
	const fdt32_t *cells, *ndev;
	int node, len, n;
	uint64_t addr, size;

	for (unsigned int i = 0; i < MONITOR_MAX_HARTS; i++)
		s_context[i] = -1;
	node = fdt_node_offset_by_compatible(fdt, -1, "riscv,plic0");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "sifive,plic-1.0.0");
	if (node < 0 || dt_node_reg(fdt, node, &addr, &size))
		return -1;
	ndev = fdt_getprop(fdt, node, "riscv,ndev", &len);
	cells = fdt_getprop(fdt, node, "interrupts-extended", &n);
	if (!ndev || len != 4 || !cells || n % 8) {
		printf("monitor: warning: %s: no riscv,ndev or interrupts-extended; no device interrupts for guests\n",
		       fdt_get_name(fdt, node, NULL));
		return -1;
	}
	/* Context i is the i-th (controller, interrupt) pair: 9 is S-level. */
	for (int ctx = 0; ctx < n / 8 && ctx < PLIC_MAX_CONTEXTS; ctx++) {
		struct hart *h = hart_by_intc(fdt, fdt32_to_cpu(cells[2 * ctx]));

		if (h && fdt32_to_cpu(cells[2 * ctx + 1]) == IRQ_S_EXT)
			s_context[h - harts] = ctx;
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

int plic_route(unsigned int source, struct guest *g, unsigned long hartid)
{
	struct hart *h = hart_by_id(hartid);

	if (!source || source > host_irq.ndev || !h || s_context[h - harts] < 0)
		return -1;
	routes[source].owner = g;
	routes[source].hart = h;
	/* Every source the same priority: the guest orders its own. */
	*reg(PLIC_PRIORITY(source)) = 1;
	return 0;
}

void plic_release(struct guest *g)
{
	for (unsigned int src = 1; src <= host_irq.ndev; src++) {
		if (routes[src].owner != g)
			continue;
		routes[src].owner = NULL;
		routes[src].hart = NULL;
		*reg(PLIC_PRIORITY(src)) = 0;
	}
}

void plic_hart_init(void)
{
	struct hart *h = this_hart();
	int ctx = s_context[h - harts];

	if (ctx < 0)
		return;
	for (unsigned int src = 1; src <= host_irq.ndev; src++)
		if (routes[src].hart == h)
			*reg(PLIC_ENABLE(ctx, src)) |= 1U << (src % 32);
	*reg(PLIC_THRESHOLD(ctx)) = 0;
	csr_set(CSR_SIE, SIP_SEIP);
}

void plic_handle(void)
{
	int ctx = s_context[this_hart() - harts];
	uint32_t src;

	if (ctx < 0)
		return;
	/* Claimed here, completed when the guest completes it. */
	while ((src = *reg(PLIC_CLAIM(ctx))) != 0) {
		if (src <= host_irq.ndev && routes[src].owner)
			guest_irq_fire(routes[src].owner, src);
		else
			*reg(PLIC_CLAIM(ctx)) = src;
	}
}

void plic_complete(unsigned int source)
{
	/* In the context that claimed it: the one it is enabled in. */
	if (source && source <= host_irq.ndev && routes[source].hart)
		*reg(PLIC_CLAIM(s_context[routes[source].hart - harts])) = source;
}
