/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host physical memory as the monitor hands it out: the RAM banks of the
 * device tree and, inside them, labelled regions already in use (firmware,
 * monitor, device tree, staged guest images, guest RAM, page tables).
 * Allocation takes the highest free aligned block. Host-testable.
 */
#ifndef MONITOR_MEM_H
#define MONITOR_MEM_H

#include <stdbool.h>
#include <stdint.h>

#include <lib/error.h>

#define MEM_MAX_BANKS		8
#define MEM_MAX_REGIONS		64

struct mem_region {
	uint64_t base;
	uint64_t size;
	const char *what;	/* "kernel image", "RAM", "firmware"... */
	const char *owner;	/* guest name, or NULL for the system's own */
	bool shareable;		/* may overlap other shareable regions */
};

struct mem_layout {
	unsigned int bank_count;
	struct mem_region banks[MEM_MAX_BANKS];
	unsigned int count;
	struct mem_region used[MEM_MAX_REGIONS];
};

void mem_init(struct mem_layout *m);
int mem_add_bank(struct mem_layout *m, uint64_t base, uint64_t size);

/* Whether [base, base + size) lies inside one RAM bank. */
bool mem_in_ram(const struct mem_layout *m, uint64_t base, uint64_t size);

/*
 * The first region in use that overlaps [base, base + size), or NULL. With
 * `shareable`, other shareable regions do not count.
 */
const struct mem_region *mem_find_overlap(const struct mem_layout *m,
					  uint64_t base, uint64_t size,
					  bool shareable);

/* mem_reserve() flags */
#define MEM_OUTSIDE_RAM_OK	(1U << 0)	/* the host's own reservations */
#define MEM_OVERLAP_OK		(1U << 1)	/* the same region told twice */

/*
 * Mark [base, base + size) in use: inside one RAM bank and overlapping
 * nothing, unless `flags` say otherwise. On ERR_OVERLAP, *conflict
 * names the region in the way.
 */
int mem_reserve(struct mem_layout *m, const struct mem_region *r,
		unsigned int flags, const struct mem_region **conflict);

/* Find and reserve `size` bytes aligned to `align` (a power of two). */
int mem_alloc(struct mem_layout *m, uint64_t size, uint64_t align,
	      const char *what, const char *owner, uint64_t *base);

/* Drop every region `owner` holds (a refused guest gives its memory back). */
void mem_release_owner(struct mem_layout *m, const char *owner);

/*
 * Whether two ranges share a byte; sizes of zero share none. By last bytes,
 * so that a range ending at 2^64 (range_valid() allows it) does not wrap.
 */
static inline bool ranges_overlap(uint64_t a, uint64_t a_size, uint64_t b,
				  uint64_t b_size)
{
	return a_size && b_size && a <= b + (b_size - 1) && b <= a + (a_size - 1);
}

/* Whether [base, base + len) lies inside [outer, outer + outer_size). */
static inline bool range_inside(uint64_t base, uint64_t len, uint64_t outer,
				uint64_t outer_size)
{
	return base >= outer && len <= outer_size &&
	       base - outer <= outer_size - len;
}

/* base + size without wrapping past 2^64 (the last byte may be 2^64 - 1). */
static inline bool range_valid(uint64_t base, uint64_t size)
{
	return size && base + (size - 1) >= base;
}

#endif /* MONITOR_MEM_H */
