/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * G-stage (guest-physical to host-physical) page tables, Sv39x4 and Sv48x4.
 * Building them is pure memory work, so it compiles and is tested on the
 * host too; the monitor runs with satp = 0, so a table's address is its
 * host physical address.
 */
#ifndef MONITOR_GSTAGE_H
#define MONITOR_GSTAGE_H

#include <stddef.h>
#include <stdint.h>

#include <lib/error.h>

#define GSTAGE_PAGE_SIZE	4096UL
/* The root table of an "x4" mode is four pages: 2 more bits of index. */
#define GSTAGE_ROOT_SIZE	(4 * GSTAGE_PAGE_SIZE)

/* Permissions of a mapping (the PTE bits of the same names). */
#define GSTAGE_R		(1UL << 1)
#define GSTAGE_W		(1UL << 2)
#define GSTAGE_X		(1UL << 3)
#define GSTAGE_RWX		(GSTAGE_R | GSTAGE_W | GSTAGE_X)

/* Page-table entry bits */
#define PTE_V			(1UL << 0)
#define PTE_U			(1UL << 4)
#define PTE_A			(1UL << 6)
#define PTE_D			(1UL << 7)
#define PTE_PPN_SHIFT		10

struct gstage {
	uint64_t *root;
	unsigned int levels;	/* 3: Sv39x4, 4: Sv48x4 */
	/* Returns a zeroed, page-aligned page for a table, or NULL. */
	void *(*alloc_table)(void *ctx);
	void *ctx;
};

/*
 * `root` must be GSTAGE_ROOT_SIZE bytes, aligned to that size and zeroed.
 * Returns 0, or ERR_UNSUPPORTED for a number of levels other than 3 or 4.
 */
int gstage_init(struct gstage *g, unsigned int levels, uint64_t *root,
		void *(*alloc_table)(void *ctx), void *ctx);

/* Guest-physical address bits the tables cover (41 or 50). */
unsigned int gstage_gpa_bits(const struct gstage *g);

/*
 * Map [gpa, gpa + size) to [hpa, hpa + size) with `prot`, using the largest
 * pages alignment allows. Addresses and size must be page-aligned, the range
 * within gstage_gpa_bits() and not mapped already. Returns 0, ERR_INVALID
 * for a range that is not, ERR_OVERLAP for one mapped already, or
 * ERR_NO_SPACE when no table could be allocated.
 */
int gstage_map(struct gstage *g, uint64_t gpa, uint64_t hpa, uint64_t size,
	       unsigned long prot);

/* The hgatp value for these tables and `vmid`. */
uint64_t gstage_hgatp(const struct gstage *g, unsigned long vmid);

/* The largest number of table pages (besides the root) mapping `size` needs. */
size_t gstage_tables_needed(unsigned int levels, uint64_t size);

#endif /* MONITOR_GSTAGE_H */
