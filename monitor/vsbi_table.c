// SPDX-License-Identifier: BSD-2-Clause
/*
 * Lookup and boot-time check of the guest SBI extension table; pure, so it
 * is tested on the host (tests/host/test_vsbi_table.c).
 */

#include <monitor/vsbi.h>
#include <sbivisor/sbi.h>

#define BITS_PER_LONG	(8 * sizeof(unsigned long))

const struct vsbi_extension *vsbi_find(const struct vsbi_extension *table,
				       size_t n, unsigned long eid)
{
	for (size_t i = 0; i < n; i++)
		if (eid >= table[i].eid_start && eid <= table[i].eid_end)
			return &table[i];
	return NULL;
}

int vsbi_check_table(const struct vsbi_extension *table, size_t n,
		     const char **a, const char **b)
{
	for (size_t i = 0; i < n; i++) {
		if (table[i].eid_start > table[i].eid_end || !table[i].handle) {
			*a = *b = table[i].name;
			return -1;
		}
		for (size_t j = i + 1; j < n; j++) {
			if (table[i].eid_start <= table[j].eid_end &&
			    table[j].eid_start <= table[i].eid_end) {
				*a = table[i].name;
				*b = table[j].name;
				return -1;
			}
		}
	}
	return 0;
}

long vsbi_hart_mask(unsigned long hart_mask, unsigned long hart_mask_base,
		    unsigned int count, unsigned long *targets)
{
	if (hart_mask_base == -1UL) {
		*targets = count >= BITS_PER_LONG ? ~0UL : (1UL << count) - 1;
		return SBI_SUCCESS;
	}
	*targets = 0;
	for (unsigned int i = 0; i < BITS_PER_LONG; i++) {
		if (!((hart_mask >> i) & 1))
			continue;
		if (hart_mask_base >= count || i >= count - hart_mask_base)
			return SBI_ERR_INVALID_PARAM;
		*targets |= 1UL << (hart_mask_base + i);
	}
	return SBI_SUCCESS;
}
