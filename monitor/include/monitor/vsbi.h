/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI as the monitor serves it to guests (spec v2.0). Each extension is one
 * file, monitor/vsbi_<name>.c, with one descriptor that carries its EID
 * range, its probe and its handler together, so what probe answers cannot
 * drift from what is served. The descriptors are collected in a linker
 * section; their ranges are checked for overlap at boot.
 */
#ifndef MONITOR_VSBI_H
#define MONITOR_VSBI_H

#include <stdbool.h>
#include <stddef.h>

struct vcpu;

struct vsbi_call {
	unsigned long eid;
	unsigned long fid;
	const unsigned long *args;	/* a0..a5 of the guest */
	long error;			/* SBI_SUCCESS unless set */
	unsigned long value;
	bool legacy;			/* v0.1 call: only a0 returns */
};

struct vsbi_extension {
	const char *name;
	unsigned long eid_start;
	unsigned long eid_end;
	/* What probe_extension answers for an EID of the range; NULL: 1. */
	long (*probe)(struct vcpu *v, unsigned long eid);
	void (*handle)(struct vcpu *v, struct vsbi_call *call);
};

#define VSBI_EXTENSION(id)						\
	static const struct vsbi_extension vsbi_ext_##id		\
		__attribute__((used, section(".vsbi_extensions"),	\
			       aligned(sizeof(void *))))

/* The extension serving `eid` in table[0..n), or NULL. */
const struct vsbi_extension *vsbi_find(const struct vsbi_extension *table,
				       size_t n, unsigned long eid);

/*
 * Check a table: ranges well-formed and disjoint. Returns 0, or -1 with the
 * two names at fault in *a and *b.
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

/* Once at boot: check the linked-in table; monitor_fail() if it is wrong. */
void vsbi_init(void);

/* A guest's ecall: dispatch it, write a0/a1, step over the ecall. */
void vsbi_handle_ecall(struct vcpu *v);

/* probe_extension for a guest. */
long vsbi_probe(struct vcpu *v, unsigned long eid);

#endif /* MONITOR_VSBI_H */
