/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's virtual PLIC, as the RISC-V PLIC specification and QEMU's
 * sifive,plic-1.0.0 define its registers: priorities, pending bits,
 * per-context enables, thresholds, claim and complete. The guest's
 * accesses are trapped and emulated (monitor/vplic_guest.c); this is the
 * register file itself, without locks or CSRs, so it is tested on the host.
 * Context n is vCPU n's S-mode context.
 *
 * Sources backed by a host device ("hw") are claimed on the host PLIC when
 * they fire and stay so until the guest completes them here: then
 * ops->complete_hw() completes them on the host, and the device may fire
 * again.
 */
#ifndef MONITOR_VPLIC_H
#define MONITOR_VPLIC_H

#include <stdbool.h>
#include <stdint.h>

#include <lib/error.h>

#define VPLIC_MAX_SOURCES	256	/* source 0 included, which never fires */
#define VPLIC_MAX_CONTEXTS	32
#define VPLIC_WORDS		(VPLIC_MAX_SOURCES / 32)
#define VPLIC_PRIORITY_MASK	7	/* 3 priority bits, as QEMU's */

/* Register offsets */
#define VPLIC_PRIORITY_BASE	0x000000
#define VPLIC_PENDING_BASE	0x001000
#define VPLIC_ENABLE_BASE	0x002000
#define VPLIC_ENABLE_STRIDE	0x80
#define VPLIC_CONTEXT_BASE	0x200000
#define VPLIC_CONTEXT_STRIDE	0x1000
#define VPLIC_CONTEXT_THRESHOLD	0
#define VPLIC_CONTEXT_CLAIM	4

/* The size of the register window of `contexts` contexts. */
#define VPLIC_SIZE(contexts) \
	(VPLIC_CONTEXT_BASE + (uint64_t)(contexts) * VPLIC_CONTEXT_STRIDE)

struct vplic_ops {
	/* Context's external interrupt line went up or down. */
	void (*set_line)(void *ctx, unsigned int context, bool on);
	/* The guest completed hw source `source`: complete it on the host. */
	void (*complete_hw)(void *ctx, unsigned int source);
};

struct vplic {
	unsigned int sources;		/* ndev + 1 */
	unsigned int contexts;
	unsigned int words;		/* of each bitmap in use */
	uint8_t priority[VPLIC_MAX_SOURCES];
	uint32_t pending[VPLIC_WORDS];
	uint32_t claimed[VPLIC_WORDS];	/* claimed, not yet completed */
	uint32_t hw[VPLIC_WORDS];
	uint32_t enable[VPLIC_MAX_CONTEXTS][VPLIC_WORDS];
	uint8_t threshold[VPLIC_MAX_CONTEXTS];
	bool line[VPLIC_MAX_CONTEXTS];	/* as last told to set_line() */
	const struct vplic_ops *ops;
	void *ctx;
};

/*
 * `ndev` sources (1..ndev, at most VPLIC_MAX_SOURCES - 1), `contexts`
 * contexts (at most VPLIC_MAX_CONTEXTS). Returns 0, or ERR_INVALID if too many.
 */
int vplic_init(struct vplic *p, unsigned int ndev, unsigned int contexts,
	       const struct vplic_ops *ops, void *ctx);

/* Source `source` is backed by a host device. */
void vplic_set_hw(struct vplic *p, unsigned int source);

/*
 * Back to the state at reset (a guest reboot): every register zero. Hw
 * sources the host still holds claimed for it are completed there.
 */
void vplic_reset(struct vplic *p);

/*
 * A 32-bit register access at `offset` in the window. Reads of what does
 * not exist return 0; writes to it, to read-only registers and beyond a
 * field's bits are ignored, as the specification allows.
 */
uint32_t vplic_read(struct vplic *p, uint64_t offset);
void vplic_write(struct vplic *p, uint64_t offset, uint32_t value);

/* A hw source fired (the host PLIC claimed it): pending for the guest. */
void vplic_raise(struct vplic *p, unsigned int source);

#endif /* MONITOR_VPLIC_H */
