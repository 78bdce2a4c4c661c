// SPDX-License-Identifier: BSD-2-Clause
/* G-stage page tables; see monitor/include/monitor/boot/gstage.h. */

#include <lib/bits.h>
#include <lib/csr.h>
#include <monitor/boot/gstage.h>

#define INDEX_BITS	9	/* per level, but the root has 2 more */

int gstage_init(struct gstage *g, unsigned int levels, uint64_t *root,
		void *(*alloc_table)(void *ctx), void *ctx)
{
	if (levels != 3 && levels != 4)
		return ERR_UNSUPPORTED;
	g->root = root;
	g->levels = levels;
	g->alloc_table = alloc_table;
	g->ctx = ctx;
	return 0;
}

unsigned int gstage_gpa_bits(const struct gstage *g)
{
	return PAGE_SHIFT + INDEX_BITS * g->levels + 2;
}

static unsigned int level_shift(unsigned int level)
{
	return PAGE_SHIFT + INDEX_BITS * level;
}

static uint64_t level_index(const struct gstage *g, uint64_t gpa,
			    unsigned int level)
{
	unsigned int bits = INDEX_BITS + (level == g->levels - 1 ? 2 : 0);

	return (gpa >> level_shift(level)) & ((1ULL << bits) - 1);
}

static uint64_t *pte_table(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)((pte >> PTE_PPN_SHIFT) << PAGE_SHIFT);
}

static uint64_t pte_make(uint64_t pa, uint64_t bits)
{
	return ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | bits | PTE_V;
}

/* A leaf: G-stage accesses count as U-mode ones; A and D set up front. */
static int map_one(struct gstage *g, uint64_t gpa, uint64_t hpa,
		   unsigned int leaf_level, unsigned long prot)
{
	uint64_t *table = g->root;
	uint64_t *pte;

	for (unsigned int level = g->levels - 1; level > leaf_level; level--) {
		pte = &table[level_index(g, gpa, level)];
		if (!(*pte & PTE_V)) {
			void *next = g->alloc_table(g->ctx);

			if (!next)
				return ERR_NO_SPACE;
			*pte = pte_make((uintptr_t)next, 0);
		} else if (*pte & GSTAGE_RWX) {
			return ERR_OVERLAP;	/* a larger page is there already */
		}
		table = pte_table(*pte);
	}
	pte = &table[level_index(g, gpa, leaf_level)];
	if (*pte & PTE_V)
		return ERR_OVERLAP;
	*pte = pte_make(hpa, (prot & GSTAGE_RWX) | PTE_U | PTE_A | PTE_D);
	return 0;
}

int gstage_map(struct gstage *g, uint64_t gpa, uint64_t hpa, uint64_t size,
	       unsigned long prot)
{
	uint64_t limit = 1ULL << gstage_gpa_bits(g);
	int rc;

	if (!size || ((gpa | hpa | size) & (GSTAGE_PAGE_SIZE - 1)) ||
	    !(prot & GSTAGE_RWX) || gpa >= limit || size > limit - gpa)
		return ERR_INVALID;

	while (size) {
		unsigned int level;
		uint64_t page;

		/* The largest page that fits, aligned on both sides. */
		for (level = g->levels - 1; level > 0; level--) {
			page = 1ULL << level_shift(level);
			if (page <= size && !((gpa | hpa) & (page - 1)))
				break;
		}
		page = 1ULL << level_shift(level);
		rc = map_one(g, gpa, hpa, level, prot);
		if (rc)
			return rc;
		gpa += page;
		hpa += page;
		size -= page;
	}
	return 0;
}

uint64_t gstage_hgatp(const struct gstage *g, unsigned long vmid)
{
	uint64_t mode = g->levels == 4 ? HGATP_MODE_SV48X4 : HGATP_MODE_SV39X4;

	return (mode << HGATP_MODE_SHIFT) |
	       ((uint64_t)(vmid & HGATP_VMID_MASK) << HGATP_VMID_SHIFT) |
	       ((uintptr_t)g->root >> PAGE_SHIFT);
}

size_t gstage_tables_needed(unsigned int levels, uint64_t size)
{
	size_t tables = 0;

	/*
	 * A range of `size` touches at most size / span + 2 tables at each
	 * level below the root, span being what one table there covers
	 * (4 KiB pages as the worst case).
	 */
	for (unsigned int level = 0; level + 1 < levels; level++) {
		uint64_t span = 1ULL << (level_shift(level) + INDEX_BITS);

		tables += size / span + 2;
	}
	return tables;
}
