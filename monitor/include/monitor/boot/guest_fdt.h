/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device tree a guest boots with: written by the monitor with libfdt,
 * describing only what the guest has (its vCPUs, its RAM, the timebase,
 * /chosen). Host-testable.
 */
#ifndef MONITOR_GUEST_FDT_H
#define MONITOR_GUEST_FDT_H

#include <stddef.h>
#include <stdint.h>

#include <lib/error.h>

#include <monitor/boot/config.h>

/* Room for a guest's riscv,isa-extensions list. */
#define GUEST_ISA_LIST_MAX	1024	/* QEMU max: 88 names, 530 bytes */

struct guest_isa {
	char list[GUEST_ISA_LIST_MAX];	/* NUL-separated names */
	size_t len;			/* bytes of list used */
	char string[GUEST_ISA_LIST_MAX];	/* the same as "rv64i..._..." */
	const char *mmu_type;		/* host cpu's, or NULL */
	/* Zicbom, Zicboz, Zicbop: the host cpu's cache-block sizes (0: none). */
	uint32_t cbom_block_size, cboz_block_size, cbop_block_size;
};

/*
 * The ISA a guest vCPU may be told about, from the host cpu node of
 * `hartid`: only the extensions the monitor virtualizes (guest_fdt.c says
 * which), with the cache-block sizes the cbo instructions need. Returns 0,
 * ERR_NOT_FOUND without a cpu node of that hart, or ERR_INVALID when its
 * ISA cannot be read.
 */
int guest_isa_from_host(const void *host_fdt, uint32_t hartid,
			struct guest_isa *isa);

/* The interrupt controller a guest is given for its devices' interrupts. */
enum guest_irqchip_kind {
	GUEST_IRQCHIP_NONE,
	GUEST_IRQCHIP_PLIC,	/* emulated: monitor/vdev/vplic.c */
	GUEST_IRQCHIP_AIA,	/* an emulated APLIC, an IMSIC file per vCPU */
};

struct guest_irqchip {
	enum guest_irqchip_kind kind;
	uint64_t base;		/* guest-physical: the PLIC or the APLIC */
	uint64_t size;
	unsigned int sources;	/* 1..sources */
	uint64_t imsic_base;	/* AIA: vCPU n's file at imsic_base + n pages */
	unsigned int imsic_ids;
};

/*
 * Tell the guest of an extension the monitor gives it beyond the host's
 * allowed ones (ssaia, with the interrupt files it gets).
 */
void guest_isa_add(struct guest_isa *isa, const char *name);

struct guest_fdt_params {
	const char *name;
	unsigned int vcpus;
	uint64_t ram_gpa;
	uint64_t ram_size;
	uint64_t timebase_hz;
	const struct guest_isa *isa;
	const char *bootargs;	/* NULL: none */
	uint64_t initrd_gpa;
	uint64_t initrd_size;	/* 0: no initrd */
	/* This guest's share of the host's /chosen/rng-seed (0 bytes: none). */
	const void *rng_seed;
	unsigned int rng_seed_size;
	/* Host devices given to it: their nodes are copied under /soc. */
	const void *host_fdt;
	unsigned int device_count;
	const struct guest_device *devices;
	/* NULL or kind NONE: the devices' interrupts are left out. */
	const struct guest_irqchip *irqchip;
	/* RAM blocks backed elsewhere: reserved (no-map) in the tree. */
	unsigned int moved_count;
	const struct guest_ram_block *moved;
};

/*
 * Write the guest's tree into buf. Returns 0, ERR_NO_SPACE when buf is too
 * small, or another code of lib/error.h.
 */
int guest_fdt_build(void *buf, size_t size, const struct guest_fdt_params *p);

/*
 * A device tree the configuration supplies, copied to buf: set /chosen's
 * bootargs and initrd there, keep the rest as given. Returns 0, ERR_BAD_DT
 * when the given tree is not whole and well-formed, or as guest_fdt_build().
 */
int guest_fdt_fixup(void *buf, size_t size, const void *given,
		    size_t given_size, const struct guest_fdt_params *p);

#endif /* MONITOR_GUEST_FDT_H */
