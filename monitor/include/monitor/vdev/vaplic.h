/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's virtual APLIC: one interrupt domain in MSI delivery mode, as
 * the RISC-V AIA specification (chapter 4) defines its registers. The
 * guest's accesses are trapped and emulated (monitor/core/guest_irq.c); this is
 * the register file itself, tested on the host.
 *
 * Only the sources of the guest's own devices ("owned") exist for it:
 * every other source reads as inactive and takes no write. What the guest
 * sets for an owned source (its mode, its enable under the domain's IE,
 * its target vCPU and EIID, pending bits) is passed on to the host APLIC
 * through the ops; pending bits and input levels are read back from it.
 */
#ifndef MONITOR_VAPLIC_H
#define MONITOR_VAPLIC_H

#include <stdbool.h>
#include <stdint.h>

#include <lib/error.h>

#define VAPLIC_MAX_SOURCES	1024	/* source 0 included, which does not exist */
#define VAPLIC_WORDS		(VAPLIC_MAX_SOURCES / 32)

/* Register offsets of an APLIC domain. */
#define APLIC_DOMAINCFG		0x0000
#define APLIC_SOURCECFG(i)	(0x0004 + 4 * ((i) - 1))
#define APLIC_MSIADDRCFG	0x1bc0	/* to 0x1bcc: the root domain's */
#define APLIC_SETIP(k)		(0x1c00 + 4 * (k))
#define APLIC_SETIPNUM		0x1cdc
#define APLIC_IN_CLRIP(k)	(0x1d00 + 4 * (k))
#define APLIC_CLRIPNUM		0x1ddc
#define APLIC_SETIE(k)		(0x1e00 + 4 * (k))
#define APLIC_SETIENUM		0x1edc
#define APLIC_CLRIE(k)		(0x1f00 + 4 * (k))
#define APLIC_CLRIENUM		0x1fdc
#define APLIC_SETIPNUM_LE	0x2000
#define APLIC_SETIPNUM_BE	0x2004
#define APLIC_GENMSI		0x3000
#define APLIC_TARGET(i)		(0x3004 + 4 * ((i) - 1))
#define APLIC_WINDOW		0x4000	/* MSI mode: no IDCs */

#define APLIC_DOMAINCFG_IE	(1U << 8)
#define APLIC_DOMAINCFG_DM	(1U << 2)	/* MSI delivery mode */
#define APLIC_DOMAINCFG_FIXED	0x80000000U	/* bits 31:24 read 0x80 */
#define APLIC_SOURCECFG_D	(1U << 10)
#define APLIC_SM_INACTIVE	0
#define APLIC_SM_DETACHED	1
#define APLIC_SM_EDGE_RISE	4
#define APLIC_SM_EDGE_FALL	5
#define APLIC_SM_LEVEL_HIGH	6
#define APLIC_SM_LEVEL_LOW	7
#define APLIC_TARGET_HART_SHIFT	18
#define APLIC_TARGET_GUEST_SHIFT 12
#define APLIC_TARGET_EIID_MASK	0x7ff
#define APLIC_GENMSI_BUSY	(1U << 12)

struct vaplic_ops {
	/* An owned source's source mode (APLIC_SM_*). */
	void (*set_mode)(void *ctx, unsigned int src, uint32_t sm);
	/* Its MSIs go to vCPU `vcpu` as identity `eiid` (0: to nobody). */
	void (*set_target)(void *ctx, unsigned int src, unsigned int vcpu,
			   uint32_t eiid);
	/* Its enable bit on the host: the guest's, and the domain's IE. */
	void (*set_enable)(void *ctx, unsigned int src, bool on);
	/* Set or clear its pending bit on the host. */
	void (*set_pending)(void *ctx, unsigned int src, bool on);
	/* Its pending bit, and its rectified input, on the host. */
	bool (*pending)(void *ctx, unsigned int src);
	bool (*input)(void *ctx, unsigned int src);
	/* genmsi: identity `eiid` to vCPU `vcpu`'s interrupt file. */
	void (*genmsi)(void *ctx, unsigned int vcpu, uint32_t eiid);
};

struct vaplic {
	unsigned int sources;		/* 1..sources (riscv,num-sources) */
	unsigned int vcpus;		/* hart indexes 0..vcpus-1 */
	bool ie;			/* domaincfg.IE */
	uint32_t owned[VAPLIC_WORDS];
	uint32_t enabled[VAPLIC_WORDS];	/* the guest's enable bits */
	uint16_t sm[VAPLIC_MAX_SOURCES];
	uint32_t target[VAPLIC_MAX_SOURCES];
	uint32_t genmsi;
	const struct vaplic_ops *ops;
	void *ctx;
};

/* Returns 0, or ERR_INVALID for more than VAPLIC_MAX_SOURCES - 1 sources. */
int vaplic_init(struct vaplic *a, unsigned int sources, unsigned int vcpus,
		const struct vaplic_ops *ops, void *ctx);

/* `src` is one of the guest's devices' sources. */
void vaplic_own(struct vaplic *a, unsigned int src);

/* Back to reset (a guest reboot): every owned source inactive on the host. */
void vaplic_reset(struct vaplic *a);

/* A 32-bit access at `offset` in the domain's window (APLIC_WINDOW). */
uint32_t vaplic_read(struct vaplic *a, uint64_t offset);
void vaplic_write(struct vaplic *a, uint64_t offset, uint32_t value);

#endif /* MONITOR_VAPLIC_H */
