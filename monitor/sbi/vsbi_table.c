// SPDX-License-Identifier: BSD-2-Clause
/*
 * Lookup and boot-time check of the guest SBI extension table; pure, so it
 * is tested on the host (tests/host/test_vsbi_table.c).
 */

#include <lib/bits.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>


const struct vsbi_extension *vsbi_find(const struct vsbi_extension *table,
				       size_t n, unsigned long eid)
{
	for (const struct vsbi_extension *ext = table; ext < table + n; ext++)
		if (eid >= ext->eid_start && eid <= ext->eid_end)
			return ext;
	return NULL;
}

int vsbi_index_build(struct vsbi_index *index,
		     const struct vsbi_extension *table, size_t n)
{
	for (size_t b = 0; b < VSBI_INDEX_BUCKETS; b++)
		for (size_t d = 0; d < VSBI_INDEX_DEPTH; d++)
			index->bucket[b][d] = NULL;
	for (size_t r = 0; r < VSBI_INDEX_RANGES; r++)
		index->range[r] = NULL;

	for (const struct vsbi_extension *ext = table; ext < table + n; ext++) {
		const struct vsbi_extension **slot = NULL;

		if (ext->eid_start == ext->eid_end) {
			const struct vsbi_extension **b =
				index->bucket[vsbi_index_hash(ext->eid_start)];

			for (size_t d = 0; d < VSBI_INDEX_DEPTH && !slot; d++)
				if (!b[d])
					slot = &b[d];
		} else {
			for (size_t r = 0; r < VSBI_INDEX_RANGES && !slot; r++)
				if (!index->range[r])
					slot = &index->range[r];
		}
		if (!slot)
			return ERR_FULL;
		*slot = ext;
	}
	return 0;
}

int vsbi_check_table(const struct vsbi_extension *table, size_t n,
		     const char **a, const char **b)
{
	for (size_t i = 0; i < n; i++) {
		if (table[i].eid_start > table[i].eid_end || !table[i].handle) {
			*a = *b = table[i].name;
			return ERR_INVALID;
		}
		for (size_t j = i + 1; j < n; j++) {
			if (table[i].eid_start <= table[j].eid_end &&
			    table[j].eid_start <= table[i].eid_end) {
				*a = table[i].name;
				*b = table[j].name;
				return ERR_OVERLAP;
			}
		}
	}
	return 0;
}

long vsbi_hart_mask(unsigned long hart_mask, unsigned long hart_mask_base,
		    unsigned int count, unsigned long *targets)
{
	unsigned long avail, allowed;

	if (hart_mask_base == -1UL) {
		*targets = count >= BITS_PER_LONG ? ~0UL : (1UL << count) - 1;
		return SBI_SUCCESS;
	}
	*targets = 0;
	if (!hart_mask)
		return SBI_SUCCESS;
	/* Bit i is hart base + i: all of them below count, or invalid. */
	if (hart_mask_base >= count)
		return SBI_ERR_INVALID_PARAM;
	avail = count - hart_mask_base;
	allowed = avail >= BITS_PER_LONG ? ~0UL : (1UL << avail) - 1;
	if (hart_mask & ~allowed)
		return SBI_ERR_INVALID_PARAM;
	*targets = hart_mask << hart_mask_base;
	return SBI_SUCCESS;
}

long vsbi_fwft_check(uint32_t feature, unsigned long served)
{
	if (feature >= SBI_FWFT_LOCAL_RESERVED_START)
		return SBI_ERR_DENIED;
	return (served >> feature) & 1 ? SBI_SUCCESS : SBI_ERR_NOT_SUPPORTED;
}

unsigned long vsbi_fwft_pmm(unsigned long pmlen, bool pmlen7, bool pmlen16)
{
	if (!pmlen)
		return 0;
	if (pmlen <= 7 && pmlen7)
		return VSBI_PMM_PMLEN7;
	if (pmlen <= 16 && pmlen16)
		return VSBI_PMM_PMLEN16;
	return -1UL;
}

unsigned long vsbi_fwft_pmlen(unsigned long pmm)
{
	return pmm == VSBI_PMM_PMLEN16 ? 16 : pmm == VSBI_PMM_PMLEN7 ? 7 : 0;
}
