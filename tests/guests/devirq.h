/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device interrupts for the test guests (tests/guests/devirq.c): the PLIC
 * the guest's device tree names, and the one interrupt a guest can raise
 * at will, a 16550 UART's "transmitter empty". The same code drives the
 * monitor's virtual PLIC and, on plain OpenSBI, QEMU's own.
 */
#ifndef TESTS_GUESTS_DEVIRQ_H
#define TESTS_GUESTS_DEVIRQ_H

#include <stdbool.h>
#include <stdint.h>

struct plic {
	uintptr_t base;
	unsigned int ndev;
	int context;		/* this hart's S-mode context */
	uint32_t phandle;
};

struct uart {
	uintptr_t base;
	unsigned int irq;	/* its PLIC source */
};

/* PLIC register offsets (the PLIC specification's). */
#define PLIC_PRIORITY(s)	(4 * (s))
#define PLIC_PENDING(s)		(0x1000 + 4 * ((s) / 32))
#define PLIC_ENABLE(c, s)	(0x2000 + 0x80 * (c) + 4 * ((s) / 32))
#define PLIC_THRESHOLD(c)	(0x200000 + 0x1000 * (c))
#define PLIC_CLAIM(c)		(PLIC_THRESHOLD(c) + 4)

/* The PLIC of the tree and this hart's context in it; -1: none. */
int plic_find(const void *fdt, unsigned long hartid, struct plic *p);

/* The first ns16550a whose interrupt goes to `p`; -1: none. */
int uart_find(const void *fdt, const struct plic *p, struct uart *u);

static inline uint32_t plic_read(const struct plic *p, unsigned long off)
{
	return *(volatile uint32_t *)(p->base + off);
}

static inline void plic_write(const struct plic *p, unsigned long off,
			      uint32_t v)
{
	*(volatile uint32_t *)(p->base + off) = v;
}

/* Enable or disable `src` for `context` (read-modify-write of its word). */
void plic_enable(const struct plic *p, int context, unsigned int src, bool on);

/* The UART's transmitter-empty interrupt: on raises it at once (THR is empty). */
void uart_thre(const struct uart *u, bool on);
/* Reading IIR takes the transmitter-empty interrupt down. */
uint8_t uart_iir(const struct uart *u);

#endif
