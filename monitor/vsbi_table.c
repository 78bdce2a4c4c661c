// SPDX-License-Identifier: BSD-2-Clause
/*
 * Lookup and boot-time check of the guest SBI extension table; pure, so it
 * is tested on the host (tests/host/test_vsbi_table.c).
 */

#include <monitor/vsbi.h>

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
