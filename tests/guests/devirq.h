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

/* The AIA the tree names: an APLIC in MSI mode and this hart's IMSIC file. */
struct aia {
	uintptr_t aplic;
	unsigned int sources;
	uint32_t phandle;	/* the APLIC's */
	uintptr_t imsic;	/* the IMSIC's first page */
	unsigned int ids;
	int hart_index;		/* this hart's, in the IMSIC */
};

/* APLIC registers (AIA specification, chapter 4). */
#define APLIC_DOMAINCFG		0x0000
#define APLIC_SOURCECFG(i)	(0x0004 + 4 * ((i) - 1))
#define APLIC_SETIP(k)		(0x1c00 + 4 * (k))
#define APLIC_IN_CLRIP(k)	(0x1d00 + 4 * (k))
#define APLIC_SETIE(k)		(0x1e00 + 4 * (k))
#define APLIC_SETIENUM		0x1edc
#define APLIC_CLRIENUM		0x1fdc
#define APLIC_SETIPNUM_LE	0x2000
#define APLIC_TARGET(i)		(0x3004 + 4 * ((i) - 1))
#define APLIC_DOMAINCFG_IE	(1U << 8)
#define APLIC_DOMAINCFG_DM	(1U << 2)
#define APLIC_SM_LEVEL_HIGH	6

/* IMSIC interrupt-file registers (through siselect / sireg). */
#define CSR_SISELECT		0x150
#define CSR_SIREG		0x151
#define CSR_STOPEI		0x15c
#define IMSIC_EIDELIVERY	0x70
#define IMSIC_EITHRESHOLD	0x72
#define IMSIC_EIP(n)		(0x80 + 2 * ((n) / 64))
#define IMSIC_EIE(n)		(0xc0 + 2 * ((n) / 64))

/* The AIA of the tree and this hart's place in it; -1: none. */
int aia_find(const void *fdt, unsigned long hartid, struct aia *a);

/* The first ns16550a whose interrupt goes to the APLIC; -1: none. */
int uart_find_aia(const void *fdt, const struct aia *a, struct uart *u);

static inline uint32_t aplic_read(const struct aia *a, unsigned long off)
{
	return *(volatile uint32_t *)(a->aplic + off);
}

static inline void aplic_write(const struct aia *a, unsigned long off,
			       uint32_t v)
{
	*(volatile uint32_t *)(a->aplic + off) = v;
}

/* This hart's interrupt file, through siselect and sireg. */
static inline unsigned long imsic_read(unsigned long sel)
{
	unsigned long v;

	asm volatile("csrw 0x150, %1\n\tcsrr %0, 0x151" : "=r"(v) : "r"(sel) : "memory");
	return v;
}

static inline void imsic_write(unsigned long sel, unsigned long v)
{
	asm volatile("csrw 0x150, %0\n\tcsrw 0x151, %1" : : "r"(sel), "r"(v) : "memory");
}

/* Claim the top identity of this hart's file: it, or 0. */
static inline unsigned int imsic_claim(void)
{
	unsigned long topei;

	asm volatile("csrrw %0, 0x15c, zero" : "=r"(topei) : : "memory");
	return topei >> 16;
}

/* Set identity `id` enabled in this hart's file (eie). */
void imsic_enable(unsigned int id, bool on);

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
