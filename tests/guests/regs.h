/* SPDX-License-Identifier: BSD-2-Clause */
/* Register integrity across exits (tests/guests/regs.S, regs_check.c). */
#ifndef TESTS_GUESTS_REGS_H
#define TESTS_GUESTS_REGS_H

/* Offsets known to regs.S: keep the order. */
struct regs_test {
	unsigned long iterations;
	unsigned long eid, fid;		/* the SBI call each iteration makes */
	unsigned long pattern[32];
	unsigned long fpattern[32];
	unsigned long seen[32];
	unsigned long fseen[32];
	unsigned long fcsr_seen;
	unsigned long saved[32];
};

unsigned long regs_trap_loop(struct regs_test *t);

/* Patterns of their own for each `salt` (a vCPU, say), and the call to make. */
void regs_prepare(struct regs_test *t, unsigned long salt, unsigned long eid,
		  unsigned long fid, unsigned long iterations);

/*
 * Compare what came back with the patterns; print each mismatch. Returns
 * the number of bad general-purpose registers, *fbad the FP ones (fcsr
 * counted there too).
 */
unsigned int regs_verify(const struct regs_test *t, unsigned int *fbad);

#endif
