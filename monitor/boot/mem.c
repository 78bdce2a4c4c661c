// SPDX-License-Identifier: BSD-2-Clause
/* Host physical memory bookkeeping; see monitor/include/monitor/boot/mem.h. */

#include <monitor/boot/mem.h>
#include <string.h>

void mem_init(struct mem_layout *m)
{
	memset(m, 0, sizeof(*m));
}

int mem_add_bank(struct mem_layout *m, uint64_t base, uint64_t size)
{
	if (!range_valid(base, size))
		return ERR_INVALID;
	if (m->bank_count == MEM_MAX_BANKS)
		return ERR_FULL;
	m->banks[m->bank_count++] = (struct mem_region){
		.base = base, .size = size, .what = "RAM"
	};
	return 0;
}

bool mem_in_ram(const struct mem_layout *m, uint64_t base, uint64_t size)
{
	if (!range_valid(base, size))
		return false;
	for (unsigned int i = 0; i < m->bank_count; i++) {
		const struct mem_region *b = &m->banks[i];

		if (range_inside(base, size, b->base, b->size))
			return true;
	}
	return false;
}

const struct mem_region *mem_find_overlap(const struct mem_layout *m,
					  uint64_t base, uint64_t size,
					  bool shareable)
{
	for (unsigned int i = 0; i < m->count; i++) {
		const struct mem_region *r = &m->used[i];

		if (shareable && r->shareable)
			continue;
		if (ranges_overlap(base, size, r->base, r->size))
			return r;
	}
	return NULL;
}

int mem_reserve(struct mem_layout *m, const struct mem_region *r,
		unsigned int flags, const struct mem_region **conflict)
{
	const struct mem_region *other;

	if (conflict)
		*conflict = NULL;
	if (!range_valid(r->base, r->size))
		return ERR_INVALID;
	if (!(flags & MEM_OUTSIDE_RAM_OK) && !mem_in_ram(m, r->base, r->size))
		return ERR_NOT_RAM;
	other = mem_find_overlap(m, r->base, r->size, r->shareable);
	if (other && !(flags & MEM_OVERLAP_OK)) {
		if (conflict)
			*conflict = other;
		return ERR_OVERLAP;
	}
	if (m->count == MEM_MAX_REGIONS)
		return ERR_FULL;
	m->used[m->count++] = *r;
	return 0;
}

/*
 * Highest block of `size` bytes aligned to `align` inside bank `b` that
 * overlaps nothing in use: start at the top and step below each region in
 * the way.
 */
static bool fit_in_bank(const struct mem_layout *m, const struct mem_region *b,
			uint64_t size, uint64_t align, uint64_t *base)
{
	uint64_t end = b->base + (b->size - 1);	/* last byte */
	const struct mem_region *r;
	uint64_t cand;

	for (;;) {
		if (size - 1 > end - b->base)
			return false;
		cand = (end - (size - 1)) & ~(align - 1);
		if (cand < b->base)
			return false;
		r = mem_find_overlap(m, cand, size, false);
		if (!r) {
			*base = cand;
			return true;
		}
		if (r->base <= b->base)
			return false;
		end = r->base - 1;
	}
}

int mem_alloc(struct mem_layout *m, uint64_t size, uint64_t align,
	      const char *what, const char *owner, uint64_t *base)
{
	struct mem_region r = { .size = size, .what = what, .owner = owner };
	uint64_t best = 0;
	bool found = false;

	if (!size || !align || (align & (align - 1)) || size > UINT64_MAX - align)
		return ERR_INVALID;
	if (m->count == MEM_MAX_REGIONS)
		return ERR_FULL;

	for (unsigned int i = 0; i < m->bank_count; i++) {
		uint64_t cand;

		if (fit_in_bank(m, &m->banks[i], size, align, &cand) &&
		    (!found || cand > best)) {
			best = cand;
			found = true;
		}
	}
	if (!found)
		return ERR_NO_SPACE;
	r.base = best;
	*base = best;
	return mem_reserve(m, &r, 0, NULL);
}

void mem_release_owner(struct mem_layout *m, const char *owner)
{
	unsigned int kept = 0;

	for (unsigned int i = 0; i < m->count; i++)
		if (!m->used[i].owner || !owner ||
		    strcmp(m->used[i].owner, owner))
			m->used[kept++] = m->used[i];
	m->count = kept;
}
