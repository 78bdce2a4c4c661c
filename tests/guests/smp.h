/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef TESTS_GUESTS_SMP_H
#define TESTS_GUESTS_SMP_H

#include <stdbool.h>
#include <stdint.h>

/* Waits yield the host hart (sbivisor YIELD): vCPUs share harts. */
extern bool smp_yield;
/* All vCPUs on one host hart (bootarg `stolen`): SBI STA must see steal. */
extern bool smp_stolen;
/* The only guest, on harts of its own: SBI STA must see no steal. */
extern bool smp_alone;
extern uint64_t smp_timebase_hz;

/* The SMP subtests of tests/guests/smp.c, run by hart 0 with `cpus` harts. */
void test_smp(unsigned int cpus);

/* IPI storms and timers on every hart for `seconds`, then the totals. */
void smp_soak(unsigned int cpus, unsigned long seconds, uint64_t timebase_hz);

/* Have every hart but this one stop itself (SBI HSM); true once all have. */
bool smp_stop_all(void);

#endif
