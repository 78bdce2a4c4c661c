/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A software IMSIC interrupt file, for a vCPU whose hart has no guest
 * interrupt file left (AIA specification, chapter 3): eidelivery,
 * eithreshold, the eip and eie arrays, the top pending identity and its
 * claim (stopei), and seteipnum. The guest reaches it through the CSR
 * accesses that trap when hstatus.VGEIN is 0 and through its trapped
 * MMIO page (monitor/core/guest_irq.c); this is the file itself, tested on
 * the host.
 */
#ifndef MONITOR_VIMSIC_H
#define MONITOR_VIMSIC_H

#include <stdbool.h>
#include <stdint.h>

#include <lib/error.h>

#define VIMSIC_MAX_IDS		2047
#define VIMSIC_WORDS		((VIMSIC_MAX_IDS + 64) / 64)

/* Indirect register numbers (siselect) of an interrupt file. */
#define IMSIC_EIDELIVERY	0x70
#define IMSIC_EITHRESHOLD	0x72
#define IMSIC_EIP0		0x80
#define IMSIC_EIP63		0xbf
#define IMSIC_EIE0		0xc0
#define IMSIC_EIE63		0xff

/* Offsets in its MMIO page. */
#define IMSIC_SETEIPNUM_LE	0x0
#define IMSIC_SETEIPNUM_BE	0x4

struct vimsic_file {
	unsigned int ids;		/* identities 1..ids */
	uint32_t eidelivery;		/* 0 or 1 */
	uint32_t eithreshold;
	uint64_t eip[VIMSIC_WORDS];
	uint64_t eie[VIMSIC_WORDS];
};

/* A file of `ids` identities (at most VIMSIC_MAX_IDS), all registers zero. */
void vimsic_init(struct vimsic_file *f, unsigned int ids);

/*
 * The register `sel` (what siselect holds) of an RV64 file: 0, or ERR_INVALID
 * for one that does not exist (an odd eip/eie number, one past the file's
 * identities, outside 0x70-0xff, a reserved one), which the guest gets as an
 * illegal instruction.
 */
int vimsic_reg_read(const struct vimsic_file *f, unsigned long sel,
		    uint64_t *value);
int vimsic_reg_write(struct vimsic_file *f, unsigned long sel, uint64_t value);

/* The highest-priority (lowest) identity that would interrupt; 0: none. */
unsigned int vimsic_top(const struct vimsic_file *f);

/* stopei's value: (top << 16) | top. */
static inline unsigned long vimsic_topei(const struct vimsic_file *f)
{
	unsigned long top = vimsic_top(f);

	return (top << 16) | top;
}

/* A write to stopei: claims the top identity (its eip bit cleared). */
void vimsic_claim(struct vimsic_file *f);

/* seteipnum: identity `id` pending (nothing for 0 or one past ids). */
void vimsic_set_pending(struct vimsic_file *f, uint32_t id);

#endif /* MONITOR_VIMSIC_H */
