// SPDX-License-Identifier: BSD-2-Clause
/* Patterns in, patterns checked: see regs.h. */

#include "guest.h"
#include "regs.h"

#define FCSR_PATTERN	0x5a	/* regs.S */

void regs_prepare(struct regs_test *t, unsigned long salt, unsigned long eid,
		  unsigned long fid, unsigned long iterations)
{
	t->iterations = iterations;
	t->eid = eid;
	t->fid = fid;
	for (unsigned int n = 0; n < 32; n++) {
		t->pattern[n] = 0xa5a5000000000000UL | (salt << 40) |
				(n * 0x0101010101UL);
		t->fpattern[n] = 0x3ff0000000000000UL | (salt << 44) |
				 (n * 0x1111111111UL);
	}
}

unsigned int regs_verify(const struct regs_test *t, unsigned int *fbad)
{
	unsigned int bad = 0;

	*fbad = 0;
	for (unsigned int n = 1; n < 32; n++) {
		/* a0, a1, a6, a7 carry the calls; s11 counted to zero. */
		if (n == 10 || n == 11 || n == 16 || n == 17)
			continue;
		if (t->seen[n] != (n == 27 ? 0 : t->pattern[n])) {
			printf("# x%u: 0x%lx, want 0x%lx\n", n, t->seen[n], t->pattern[n]);
			bad++;
		}
	}
	for (unsigned int n = 0; n < 32; n++)
		if (t->fseen[n] != t->fpattern[n]) {
			printf("# f%u: 0x%lx, want 0x%lx\n", n, t->fseen[n], t->fpattern[n]);
			(*fbad)++;
		}
	if (t->fcsr_seen != FCSR_PATTERN)
		(*fbad)++;
	return bad;
}
