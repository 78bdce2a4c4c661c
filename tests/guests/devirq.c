// SPDX-License-Identifier: BSD-2-Clause
/* Device interrupts for the test guests; see tests/guests/devirq.h. */

#include <libfdt.h>
#include <string.h>

#include "devirq.h"
#include "guest.h"

#define UART_IER	1
#define UART_IIR	2
#define UART_IER_THRI	0x02

static int reg_of(const void *fdt, int node, uintptr_t *base)
{
	uint64_t addr, size;

	if (guest_node_reg(fdt, node, &addr, &size))
		return -1;
	*base = (uintptr_t)addr;
	return 0;
}

/* The hart ID of the cpu whose interrupt controller has this phandle. */
static long hart_of_intc(const void *fdt, uint32_t phandle)
{
	int intc = fdt_node_offset_by_phandle(fdt, phandle);
	int cpu = intc < 0 ? -1 : fdt_parent_offset(fdt, intc);
	const fdt32_t *reg;
	int len;

	reg = cpu < 0 ? NULL : fdt_getprop(fdt, cpu, "reg", &len);
	return reg && len >= 4 ? (long)fdt32_to_cpu(reg[len / 4 - 1]) : -1;
}

int plic_find(const void *fdt, unsigned long hartid, struct plic *p)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "riscv,plic0");
	const fdt32_t *cells, *ndev;
	int len, n;

	if (node < 0 || reg_of(fdt, node, &p->base))
		return -1;
	ndev = fdt_getprop(fdt, node, "riscv,ndev", &len);
	cells = fdt_getprop(fdt, node, "interrupts-extended", &n);
	if (!ndev || !cells)
		return -1;
	p->ndev = fdt32_to_cpu(*ndev);
	p->phandle = fdt_get_phandle(fdt, node);
	p->context = -1;
	for (int c = 0; c < n / 8; c++)
		if (fdt32_to_cpu(cells[2 * c + 1]) == 9 &&
		    hart_of_intc(fdt, fdt32_to_cpu(cells[2 * c])) == (long)hartid)
			p->context = c;
	return p->context < 0 ? -1 : 0;
}

int uart_find(const void *fdt, const struct plic *p, struct uart *u)
{
	int node = -1;

	while ((node = fdt_node_offset_by_compatible(fdt, node, "ns16550a")) >= 0) {
		const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", NULL);
		const fdt32_t *parent = fdt_getprop(fdt, node, "interrupt-parent", NULL);

		if (irq && parent && fdt32_to_cpu(*parent) == p->phandle &&
		    !reg_of(fdt, node, &u->base)) {
			u->irq = fdt32_to_cpu(*irq);
			return 0;
		}
	}
	return -1;
}

/*
 * On plain OpenSBI the tree has M-level ones too: the APLIC that delegates
 * to none, the IMSIC whose harts take it as interrupt 9.
 */
static int find_s_level(const void *fdt, const char *compatible)
{
	int node = -1;

	while ((node = fdt_node_offset_by_compatible(fdt, node, compatible)) >= 0) {
		const fdt32_t *cells = fdt_getprop(fdt, node, "interrupts-extended", NULL);

		if (!strcmp(compatible, "riscv,aplic") ?
		    !fdt_getprop(fdt, node, "riscv,children", NULL) :
		    (cells && fdt32_to_cpu(cells[1]) == 9))
			return node;
	}
	return -1;
}

int aia_find(const void *fdt, unsigned long hartid, struct aia *a)
{
	int aplic = find_s_level(fdt, "riscv,aplic");
	int imsic = find_s_level(fdt, "riscv,imsics");
	const fdt32_t *cells, *v;
	int n;

	if (aplic < 0 || imsic < 0 || reg_of(fdt, aplic, &a->aplic) ||
	    reg_of(fdt, imsic, &a->imsic))
		return -1;
	v = fdt_getprop(fdt, aplic, "riscv,num-sources", NULL);
	a->sources = v ? fdt32_to_cpu(*v) : 0;
	v = fdt_getprop(fdt, imsic, "riscv,num-ids", NULL);
	a->ids = v ? fdt32_to_cpu(*v) : 0;
	a->phandle = fdt_get_phandle(fdt, aplic);
	a->hart_index = -1;
	cells = fdt_getprop(fdt, imsic, "interrupts-extended", &n);
	for (int i = 0; cells && i < n / 8; i++)
		if (hart_of_intc(fdt, fdt32_to_cpu(cells[2 * i])) == (long)hartid)
			a->hart_index = i;
	return a->hart_index < 0 ? -1 : 0;
}

int uart_find_aia(const void *fdt, const struct aia *a, struct uart *u)
{
	struct plic as_parent = { .phandle = a->phandle };

	return uart_find(fdt, &as_parent, u);
}

void imsic_enable(unsigned int id, bool on)
{
	unsigned long word = imsic_read(IMSIC_EIE(id));

	if (on)
		word |= 1UL << (id % 64);
	else
		word &= ~(1UL << (id % 64));
	imsic_write(IMSIC_EIE(id), word);
}

void plic_enable(const struct plic *p, int context, unsigned int src, bool on)
{
	uint32_t word = plic_read(p, PLIC_ENABLE(context, src));

	if (on)
		word |= 1U << (src % 32);
	else
		word &= ~(1U << (src % 32));
	plic_write(p, PLIC_ENABLE(context, src), word);
}

void uart_thre(const struct uart *u, bool on)
{
	*(volatile uint8_t *)(u->base + UART_IER) = on ? UART_IER_THRI : 0;
}

uint8_t uart_iir(const struct uart *u)
{
	return *(volatile uint8_t *)(u->base + UART_IIR);
}
