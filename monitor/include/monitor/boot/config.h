/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guests named in the host device tree (docs/config-binding.md): parsed,
 * checked against the host (harts, RAM, what is in use) and placed in host
 * memory. Pure parsing and bookkeeping, so it compiles and is tested on the
 * host.
 */
#ifndef MONITOR_CONFIG_H
#define MONITOR_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include <lib/error.h>

#include <monitor/boot/dt.h>
#include <monitor/boot/mem.h>

#define CONFIG_PATH		"/chosen/sbivisor"
#define CONFIG_GUEST_COMPATIBLE	"sbivisor,guest"
#define CONFIG_MAX_GUESTS	8
#define GUEST_MAX_VCPUS		DT_MAX_HARTS
#define GUEST_MAX_DEVICES	4
/* Interrupts one device may have (its `interrupts`). */
#define GUEST_DEVICE_MAX_IRQS	4
/* Guest RAM is placed and mapped in 2 MiB blocks (G-stage megapages). */
#define GUEST_RAM_ALIGN		0x200000ULL
/* Without kernel-addr, the kernel sits this far into guest RAM, as after OpenSBI. */
#define GUEST_KERNEL_OFFSET	0x200000ULL
/* Room at the top of guest RAM for the device tree the monitor writes. */
#define GUEST_FDT_SIZE		0x10000ULL
/* Guest-physical space every G-stage mode covers (Sv39x4). */
#define GUEST_GPA_BITS		41

/*
 * A host device given to a guest: its node in the host tree, its registers
 * as its reg says, and the whole pages holding them, mapped at the same
 * guest-physical address.
 */
struct guest_device {
	const char *path;	/* inside the host tree */
	int node;		/* its offset there */
	uint64_t reg_base, reg_size;
	uint64_t map_base, map_size;
	/*
	 * Its interrupts: source numbers of the host's PLIC or APLIC, which
	 * are the guest's too (its virtual controller has the same sources).
	 */
	unsigned int irq_count;
	uint32_t irqs[GUEST_DEVICE_MAX_IRQS];
};

/*
 * An image the firmware image or QEMU's loader left in host memory (a
 * `kernel` range, or a `kernel-part` of the firmware image).
 */
struct guest_image {
	uint64_t hpa;
	uint64_t size;		/* 0: none */
};

/* Most moved blocks of one guest's RAM (see ram_for_dma). */
#define GUEST_RAM_MOVED_MAX	4

struct guest_ram_block {
	uint64_t gpa;
	uint64_t size;
	uint64_t hpa;
};

struct guest_config {
	const char *name;	/* its node's name, inside the host tree */

	unsigned int vcpus;
	uint32_t harts[GUEST_MAX_VCPUS];	/* host hart of each vCPU */

	uint64_t ram_gpa;
	uint64_t ram_size;
	uint64_t ram_hpa;	/* chosen by config_place_guests() */
	bool ram_placed;	/* host-memory given */
	bool ram_for_dma;	/* at its own address, for a device's DMA */
	/*
	 * A DMA guest's RAM blocks at whose host address the host itself
	 * lives (firmware, monitor, host tree): backed by RAM elsewhere, and
	 * reserved (no-map) in the guest's tree so that its drivers never
	 * hand them to a device. Sorted by address, none adjacent.
	 */
	unsigned int moved_count;
	struct guest_ram_block moved[GUEST_RAM_MOVED_MAX];

	struct guest_image kernel;
	struct guest_image initrd;
	struct guest_image dtb;
	uint64_t kernel_gpa;
	uint64_t initrd_gpa;	/* where the monitor copies the initrd */
	uint64_t fdt_gpa;	/* where the guest's device tree goes */
	const char *bootargs;	/* inside the host tree; NULL: none */

	unsigned int device_count;
	struct guest_device devices[GUEST_MAX_DEVICES];

	/* Resume a guest suspended to RAM after this long (0: never). */
	uint32_t wakeup_after_suspend_ms;
	/* A fault restarts the guest from its images instead of stopping it. */
	bool restart_on_fault;
};

/* Most vCPUs one shared hart takes turns between. */
#define HART_MAX_VCPUS		8
/* Default and bounds of a shared hart's time slice, in microseconds. */
#define CONFIG_TIME_SLICE_US		5000
#define CONFIG_TIME_SLICE_US_MIN	100
#define CONFIG_TIME_SLICE_US_MAX	1000000

/* What /chosen/sbivisor says for the whole system. */
struct config_system {
	/* Harts whose vCPUs take turns (any guest's); the others run one. */
	uint32_t shared_harts[DT_MAX_HARTS];
	unsigned int shared_count;
	uint32_t time_slice_us;
	/* When the last guest ends: stay up and say so, or power off. */
	bool keep_running;
};

struct image;

/*
 * Where the configuration comes from: /chosen/sbivisor of `fdt`, the host
 * tree itself or a firmware image's configuration part. Devices are found
 * by path in `host_fdt`; `*-part` names in `image` (NULL: the
 * configuration may not name parts).
 */
struct config_source {
	const void *fdt;
	const void *host_fdt;
	struct image *image;
};

/* Told once per refused guest: node name and what is wrong with it. */
typedef void (*config_report_fn)(void *ctx, const char *node,
				 const char *message);

/*
 * Start `mem` from the host: its RAM banks, its reserved memory, and the
 * `extra` regions in use (the monitor, the host device tree). Returns 0 or
 * mem_reserve()'s error.
 */
int config_init_layout(struct mem_layout *mem, const struct dt_platform *host,
		       const struct mem_region *extra, unsigned int extra_count);

/*
 * Read the system's options into `sys`, then every guest node of `src`,
 * check it against `host` and reserve its memory in `mem`. Refused guests
 * are reported and left out; a bad system option refuses every guest.
 * Returns how many guests were accepted into `out` (at most `max`).
 */
unsigned int config_read_guests(const struct config_source *src,
				const struct dt_platform *host,
				struct mem_layout *mem, struct config_system *sys,
				struct guest_config *out, unsigned int max,
				config_report_fn report, void *ctx);

/*
 * The host address of guest RAM at `gpa` (inside the guest's RAM), and in
 * `span` how many bytes from there are contiguous in host memory: up to
 * the next moved block's edge.
 */
uint64_t config_ram_hpa(const struct guest_config *g, uint64_t gpa,
			uint64_t *span);

#endif /* MONITOR_CONFIG_H */
