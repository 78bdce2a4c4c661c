/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fuzzing guest's parts (tests/guests/fuzz*.c) and what they share:
 * its random numbers, bootargs, RAM, and running one instruction from RAM
 * in S-mode or U-mode with a record of the trap it took.
 */
#ifndef TESTS_GUESTS_FUZZ_RUN_H
#define TESTS_GUESTS_FUZZ_RUN_H

#include <stdbool.h>
#include <stdint.h>

/* splitmix64 over the run's seed: a seed replays the whole run. */
uint64_t rnd(void);

/* A decimal bootargs value ("calls=N"), or `fallback`. */
unsigned long arg_dec(const char *name, unsigned long fallback);

extern uint64_t ram_base, ram_size, timebase_hz;

/* One instruction, run from RAM: a0-a2 going in, a0 coming out. */
struct insn_trial {
	uint32_t insn;
	uint32_t insn2;		/* another right after it, or 0 */
	bool user;		/* in U-mode (VU-mode under the monitor) */
	unsigned long a0, a1, a2;
};

struct insn_outcome {
	bool trapped;
	unsigned long scause, stval, sepc;
	bool from_user;		/* the trap came from U-mode */
	unsigned long a0;	/* after it */
};

/*
 * Run t->insn (and t->insn2), then return; a trap is recorded and the
 * instruction skipped. run_insn_code is where t->insn ran (the sepc of
 * its trap).
 */
struct insn_outcome run_insn(const struct insn_trial *t);
extern const uintptr_t run_insn_code;

/* fuzz_traps.c */
void test_vu_privileged(const void *fdt, unsigned long count);
void test_vectored_illegal(void);
void test_atomics(unsigned long count);
void test_device_page(const void *fdt);

/*
 * fuzz_vregs.c, for the isolation test: v0-v31 and vl/vtype of its own
 * (false without V); then 0 if they still hold them, 1 if not.
 */
bool vregs_prepare(unsigned long id);
unsigned long vregs_check(void);
/* bootargs vsuspend=N: the same through N retentive HSM suspends. */
int vregs_across_suspend(unsigned long rounds);

/* fuzz_isa.c: the extensions its cpu node lists, tried. */
void test_isa(const void *fdt);

/* fuzz_pt.c */
void test_page_tables(const void *fdt, unsigned long count);

/*
 * fuzz_csrs.c: every CSR it reaches, kept against another guest's writes;
 * `want`: CSRs it must reach (bootargs reach=0x10a,...).
 */
int csr_isolation(unsigned long rounds, const unsigned long *want, unsigned int wants);

#endif
