/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The host interrupt controller as the monitor uses it: only for the
 * interrupts of devices given to guests, through its S-level side (the
 * firmware keeps the M-level one). Either a PLIC (monitor/irq/plic.c): each
 * source a guest owns is routed to the S context of one hart, claimed
 * there when it fires and completed once the guest completes it; or AIA
 * (monitor/irq/aia.c): the S-level APLIC domain sends each source's MSIs
 * where the guest's virtual APLIC says, straight into a vCPU's guest
 * interrupt file, or to the monitor's own IMSIC file of that vCPU's hart
 * when it has none (a software file, monitor/vdev/vimsic.c).
 *
 * Below the monitor's core (docs/architecture.md, "Layers"): a source is
 * delivered to host_irq_deliver() with the owner its route named, which the
 * controller never looks into; harts are slots (0..DT_MAX_HARTS) the caller
 * numbers.
 */
#ifndef MONITOR_HOST_IRQ_H
#define MONITOR_HOST_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include <monitor/boot/dt.h>

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

/*
 * What a routed source is handed to when it fires, on the hart it fires on,
 * with the owner its route named. Declared here and defined by the layer
 * that routes sources (monitor/core/guest_irq.c): a direct call on the
 * interrupt path, and this layer still knows nothing of guests.
 */
void host_irq_deliver(void *owner, unsigned int source);

/*
 * The slot of the hart whose interrupt controller is `phandle`, or
 * ERR_NOT_FOUND.
 */
typedef int (*host_irq_hart_slot)(const void *fdt, uint32_t phandle);

/* Find the controller in the host tree; on the boot hart. */
void host_irq_probe(const void *fdt, host_irq_hart_slot slot_of_intc);

/*
 * Give `source` to `owner`: delivered as host_irq_deliver(owner, source) on
 * hart slot `hart` (with AIA, where the owner later targets it). On the boot
 * hart, before the other harts start. Returns 0, or ERR_INVALID if the source
 * does not exist or the hart cannot receive it.
 */
int host_irq_route(unsigned int source, unsigned int hart, void *owner);

/* Undo every route of `owner` (a guest refused after some were made). */
void host_irq_release(const void *owner);

/* On each hart with vCPUs, once: what hart slot `hart` receives. */
void host_irq_hart_init(unsigned int hart);

/* A supervisor external interrupt on hart slot `hart`: claim, deliver. */
void host_irq_handle(unsigned int hart);

/* PLIC: the guest completed `source`: it may fire again. From any hart. */
void host_irq_complete(unsigned int source);

/*
 * A controller's driver, behind the functions above: probe returns 0 when
 * the tree has its controller (and fills host_irq), the others are those
 * functions (AIA's complete does nothing: an MSI needs no completion).
 */
struct host_irq_ops {
	int (*probe)(const void *fdt, host_irq_hart_slot slot_of_intc);
	int (*route)(unsigned int source, unsigned int hart, void *owner);
	void (*release)(const void *owner);
	void (*hart_init)(unsigned int hart);
	void (*handle)(unsigned int hart);
	void (*complete)(unsigned int source);
};

extern const struct host_irq_ops plic_ops;	/* monitor/irq/plic.c */
extern const struct host_irq_ops aia_ops;	/* monitor/irq/aia.c */

/*
 * AIA, for monitor/core/guest_irq.c: a guest interrupt file of hart slot
 * `hart` for `owner` (VGEIN 1..), or 0 when all are taken; the host address
 * of a hart's interrupt file (0: the S-level one, else a guest file); and
 * the host APLIC's registers of one source.
 */
unsigned int aia_take_guest_file(unsigned int hart, const void *owner);
uint64_t aia_file_address(unsigned int hart, unsigned int file);
void aia_set_mode(unsigned int source, uint32_t sm);
void aia_set_target(unsigned int source, unsigned int hart,
		    unsigned int file, uint32_t eiid);
void aia_set_enable(unsigned int source, bool on);
void aia_set_pending(unsigned int source, bool on);
bool aia_pending(unsigned int source);
bool aia_input(unsigned int source);

#endif /* MONITOR_HOST_IRQ_H */
