/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI as the monitor serves it to guests (spec v2.0). Each extension is one
 * file, monitor/sbi/vsbi_<name>.c, with one descriptor that carries its EID
 * range, its probe and its handler together, so what probe answers cannot
 * drift from what is served. The descriptors are collected in a linker
 * section; their ranges are checked for overlap at boot. A new extension is
 * its file and one line in monitor/sbi/objects.mk.
 */
#ifndef MONITOR_VSBI_H
#define MONITOR_VSBI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lib/error.h>

#include <monitor/core/ecall.h>
#include <sbivisor/sbi.h>

struct vcpu;

/* What a call returns to the guest: a0 and a1 (returned in registers). */
struct vsbi_ret {
	long error;
	unsigned long value;
};

#define VSBI_RET(e, v)	((struct vsbi_ret){ .error = (e), .value = (v) })
#define VSBI_OK(v)	VSBI_RET(SBI_SUCCESS, (v))
#define VSBI_ERR(e)	VSBI_RET((e), 0)
/*
 * What a handler returns when it set the guest's a0, a1 and sepc itself (a
 * resume elsewhere): the vCPU says so (struct vcpu's sbi_regs_set), not a
 * value of the result.
 */
#define VSBI_REGS_SET(v)	((v)->sbi_regs_set = true, VSBI_OK(0))

/*
 * An argument the spec declares 32 bits wide (uint32_t): its binary
 * encoding passes it in an XLEN register whose upper bits the caller need
 * not clear, so they are ignored, as OpenSBI does.
 */
static inline uint32_t vsbi_arg32(unsigned long arg)
{
	return (uint32_t)arg;
}

struct vsbi_extension {
	const char *name;
	unsigned long eid_start;
	unsigned long eid_end;
	/* What probe_extension answers for an EID of the range; NULL: 1. */
	long (*probe)(struct vcpu *v, unsigned long eid);
	/* args: the guest's a0..a5. */
	struct vsbi_ret (*handle)(struct vcpu *v, unsigned long eid,
				  unsigned long fid, const unsigned long *args);
	/* v0.1 calls return only a0, which is the handler's `error`. */
	bool legacy;
};

#define VSBI_EXTENSION(id)						\
	static const struct vsbi_extension vsbi_ext_##id		\
		__attribute__((used, section(".vsbi_extensions"),	\
			       aligned(sizeof(void *))))

/* The usual extension: one EID, probe answers 1, named after its id. */
#define VSBI_EXTENSION_EID(id, eid, handler)				\
	VSBI_EXTENSION(id) = { .name = #id, .eid_start = (eid),		\
			       .eid_end = (eid), .handle = (handler) }

/* The extension serving `eid` in table[0..n), or NULL. */
const struct vsbi_extension *vsbi_find(const struct vsbi_extension *table,
				       size_t n, unsigned long eid);

/*
 * The same in constant time, for the dispatch of every guest SBI call:
 * extensions of one EID hashed into buckets at boot, those of a range of
 * EIDs (legacy) looked through after.
 */
#define VSBI_INDEX_BUCKETS	16
#define VSBI_INDEX_DEPTH	2
#define VSBI_INDEX_RANGES	4

struct vsbi_index {
	const struct vsbi_extension *bucket[VSBI_INDEX_BUCKETS][VSBI_INDEX_DEPTH];
	const struct vsbi_extension *range[VSBI_INDEX_RANGES];
};

/* Returns 0, or ERR_FULL if the table does not fit the index. */
int vsbi_index_build(struct vsbi_index *index,
		     const struct vsbi_extension *table, size_t n);

static inline unsigned int vsbi_index_hash(unsigned long eid)
{
	/*
	 * Folded once: the EIDs served today fall one to a bucket (so the
	 * hottest, BASE, TIME, IPI, are first in theirs); vsbi_index_build()
	 * refuses more than two at boot.
	 */
	return (eid ^ (eid >> 3)) % VSBI_INDEX_BUCKETS;
}

static inline const struct vsbi_extension *
vsbi_index_find(const struct vsbi_index *index, unsigned long eid)
{
	const struct vsbi_extension *const *b =
		index->bucket[vsbi_index_hash(eid)];

	for (unsigned int i = 0; i < VSBI_INDEX_DEPTH && b[i]; i++)
		if (b[i]->eid_start == eid)
			return b[i];
	for (unsigned int i = 0; i < VSBI_INDEX_RANGES && index->range[i]; i++)
		if (eid >= index->range[i]->eid_start &&
		    eid <= index->range[i]->eid_end)
			return index->range[i];
	return NULL;
}

/*
 * Check a table: ranges well-formed and disjoint. Returns 0, or ERR_INVALID
 * (a range reversed or without handler) or ERR_OVERLAP, with the two names
 * at fault in *a and *b.
 */
int vsbi_check_table(const struct vsbi_extension *table, size_t n,
		     const char **a, const char **b);

/*
 * The vCPUs an SBI hart mask names (IPI, RFENCE): bit i of hart_mask is
 * hart hart_mask_base + i, and hart_mask_base == -1 means all `count` of
 * them. Returns SBI_SUCCESS with *targets a bitmap of vCPU ids, or
 * SBI_ERR_INVALID_PARAM when a hart it names does not exist.
 */
long vsbi_hart_mask(unsigned long hart_mask, unsigned long hart_mask_base,
		    unsigned int count, unsigned long *targets);

/*
 * FWFT's argument checks (monitor/sbi/vsbi_fwft.c). The error for a
 * feature ID, given the bitmap of those served (bit n: feature n):
 * SBI_SUCCESS, SBI_ERR_DENIED for a reserved or platform-specific one,
 * SBI_ERR_NOT_SUPPORTED for a defined one not served.
 */
long vsbi_fwft_check(uint32_t feature, unsigned long served);

/*
 * POINTER_MASKING_PMLEN: the PMM field (0 off, 2 PMLEN 7, 3 PMLEN 16) for
 * a PMLEN of at least `pmlen`, the smallest the harts have; -1UL when
 * none is that long. And back: the PMLEN a PMM field gives.
 */
#define VSBI_PMM_PMLEN7		2UL
#define VSBI_PMM_PMLEN16	3UL
unsigned long vsbi_fwft_pmm(unsigned long pmlen, bool pmlen7, bool pmlen16);
unsigned long vsbi_fwft_pmlen(unsigned long pmm);

/* A VS-level software interrupt on each vCPU of `targets` (IPI, legacy). */
struct guest;
void vsbi_ipi_send(struct guest *g, unsigned long targets);

/* probe_extension for a guest. */
long vsbi_probe(struct vcpu *v, unsigned long eid);

#endif /* MONITOR_VSBI_H */
