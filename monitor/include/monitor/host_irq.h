/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The host interrupt controller as the monitor uses it: only for the
 * interrupts of devices given to guests, through its S-level side (the
 * firmware keeps the M-level one). Either a PLIC (monitor/plic.c): each
 * source a guest owns is routed to the S context of one hart, claimed
 * there when it fires and completed once the guest completes it; or AIA
 * (monitor/aia.c): the S-level APLIC domain sends each source's MSIs
 * where the guest's virtual APLIC says, straight into a vCPU's guest
 * interrupt file, or to the monitor's own IMSIC file of that vCPU's hart
 * when it has none (a software file, monitor/vimsic.c).
 */
#ifndef MONITOR_HOST_IRQ_H
#define MONITOR_HOST_IRQ_H

#include <stdbool.h>
#include <stdint.h>

struct guest;

enum host_irqchip {
	HOST_IRQCHIP_NONE,
	HOST_IRQCHIP_PLIC,
	HOST_IRQCHIP_AIA,
};

struct host_irq_info {
	enum host_irqchip kind;
	uint64_t base;		/* PLIC, or the S-level APLIC domain */
	uint64_t size;
	unsigned int ndev;	/* sources 1..ndev */
	/* AIA: the S-level IMSIC */
	uint64_t imsic_base;
	unsigned int imsic_guest_bits;	/* riscv,guest-index-bits */
	unsigned int imsic_ids;		/* riscv,num-ids */
	unsigned long guest_files;	/* hgeie bits that exist: VGEIN 1..GEILEN */
	/*
	 * hie's HS-level bits the monitor keeps under every vCPU's VS ones:
	 * SGEIE with guest files, so that one of a vCPU not running (off its
	 * shared hart, or waiting in a suspend) interrupts or wakes the hart.
	 */
	unsigned long hie;
};

extern struct host_irq_info host_irq;

/* Find the controller in the host tree; on the boot hart. */
void host_irq_probe(const void *fdt);

/*
 * Give `source` to guest `g`, delivered on hart `hartid` (its first
 * vCPU's; with AIA, where its virtual APLIC sends it). On the boot hart,
 * before the other harts start. Returns 0, or -1 if the source does not
 * exist or the hart cannot receive it.
 */
int host_irq_route(unsigned int source, struct guest *g,
		   unsigned long hartid);

/* Undo every route of `g` (a guest refused after some were made). */
void host_irq_release(struct guest *g);

/* On each hart with vCPUs, once: what the hart receives. */
void host_irq_hart_init(void);

/* A supervisor external interrupt: claim, hand each source to its guest. */
void host_irq_handle(void);

/* PLIC: the guest completed `source`: it may fire again. From any hart. */
void host_irq_complete(unsigned int source);

/* The backends, behind the functions above. */
int plic_probe(const void *fdt);
int plic_route(unsigned int source, struct guest *g, unsigned long hartid);
void plic_release(struct guest *g);
void plic_hart_init(void);
void plic_handle(void);
void plic_complete(unsigned int source);

int aia_probe(const void *fdt);
int aia_route(unsigned int source, struct guest *g, unsigned long hartid);
void aia_release(struct guest *g);
void aia_hart_init(void);
void aia_handle(void);

/*
 * AIA, for monitor/guest_irq.c: a guest interrupt file of hart `hartid`
 * (VGEIN 1..), or 0 when all are taken; the host address of a hart's
 * interrupt file (0: the S-level one, else a guest file); and the host
 * APLIC's registers of one source.
 */
unsigned int aia_take_guest_file(unsigned long hartid, struct guest *g);
uint64_t aia_file_address(unsigned long hartid, unsigned int file);
void aia_set_mode(unsigned int source, uint32_t sm);
void aia_set_target(unsigned int source, unsigned long hartid,
		    unsigned int file, uint32_t eiid);
void aia_set_enable(unsigned int source, bool on);
void aia_set_pending(unsigned int source, bool on);
bool aia_pending(unsigned int source);
bool aia_input(unsigned int source);

#endif /* MONITOR_HOST_IRQ_H */
