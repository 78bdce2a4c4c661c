/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest: its configuration, its G-stage tables and vCPUs, and what ends
 * it (shutdown, reboot, a fault).
 */
#ifndef MONITOR_GUEST_H
#define MONITOR_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <lib/spinlock.h>
#include <monitor/boot/config.h>
#include <monitor/boot/gstage.h>
#include <monitor/boot/guest_fdt.h>
#include <monitor/core/mmio.h>
#include <monitor/core/vconsole.h>
#include <monitor/core/vcpu.h>
#include <monitor/vdev/vaplic.h>
#include <monitor/vdev/vplic.h>

enum guest_state {
	GUEST_BOOTING,		/* vCPU 0's hart (re)loads and starts it */
	GUEST_RUNNING,
	GUEST_STOPPED,
};

struct guest {
	const struct guest_config *cfg;
	unsigned int id;
	unsigned long vmid;
	struct gstage gstage;
	uint64_t tables_next, tables_end;	/* page-table pages left */
	uint64_t hgatp;
	const void *host_fdt;	/* where its devices' nodes come from */
	struct vcpu *vcpus;
	spinlock_t lock;
	enum guest_state state;
	struct vconsole con;

	/* Emulated devices: trapped windows of guest-physical space. */
	struct mmio_region mmio[GUEST_MAX_MMIO];
	unsigned int mmio_count;
	/* The interrupt controller of its devices, under irq_lock. */
	struct guest_irqchip irqchip;
	spinlock_t irq_lock;
	union {
		struct vplic vplic;	/* GUEST_IRQCHIP_PLIC */
		struct vaplic vaplic;	/* GUEST_IRQCHIP_AIA */
	};
	/* Last: read at boot only, and past the hot fields' short offsets. */
	struct guest_isa isa;
};

/* vCPUs of all guests together. */
#define MONITOR_MAX_VCPUS	64

/*
 * Build every configured guest: page tables, vCPUs bound to their harts.
 * On the boot hart, before the other harts start. Returns how many guests
 * were built; those that could not be are reported and left out.
 */
unsigned int guests_create(const void *host_fdt, struct mem_layout *mem,
			   const struct config_system *sys,
			   struct guest_config *configs, unsigned int count);

/*
 * The VMID policy, decided by guests_create() once it knows how many guests
 * there are: every guest has a VMID of its own (else guests that share a
 * hart flush the TLB between them, monitor/core/vcpu.c).
 */
extern bool guest_vmids_unique;

/*
 * (Re)start a guest from its staged images: copy them in, write its device
 * tree, reset vCPU 0 to the kernel entry. On vCPU 0's hart.
 */
void guest_boot(struct guest *g);

/*
 * The scheduler's hook, each time round on hart `h`: boot (or reboot) every
 * guest whose vCPU 0 is bound here and that is waiting to boot.
 */
void guests_boot_waiting(struct hart *h);

/* The guest ends. `failed`: a fault, told in the power-off reason. */
void guest_shutdown(struct guest *g, bool failed);
void guest_reboot(struct guest *g);

/*
 * Stop the guest for what its vCPU did, or restart it if its configuration
 * says restart-on-fault: one line naming all of it.
 */
void guest_fault(struct vcpu *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * monitor/core/guest_irq.c: the guest's interrupt controller. init at its
 * creation (0, or an error when it cannot have one: refused); reset at each of
 * its boots. Its device interrupts come from the host's controller through
 * host_irq_deliver(), which guest_irq.c defines.
 */
int guest_irq_init(struct guest *g);
void guest_irq_reset(struct guest *g);

/*
 * A virtual instruction of `v` that may be an access to its software
 * IMSIC file's CSRs: emulated (true), or not such an access (false).
 */
bool guest_irq_emulate_csr(struct vcpu *v, unsigned long insn);

/* Guest `id` (0, 1, ... in configuration order), or NULL. */
struct guest *guest_by_id(unsigned long id);

/* Its state as the sbivisor extension tells it (SBIVISOR_GUEST_*). */
unsigned long guest_state_of(struct guest *g);

/* Whether `gpa` lies in the pages of a device passed through to `g`. */
bool guest_device_at(const struct guest *g, uint64_t gpa);

/* The host address of [gpa, gpa + len) if all of it is guest RAM. */
bool guest_ram_hpa(const struct guest *g, uint64_t gpa, uint64_t len,
		   uint64_t *hpa);

#endif /* MONITOR_GUEST_H */
