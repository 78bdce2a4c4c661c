/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef TESTS_GUESTS_SMP_H
#define TESTS_GUESTS_SMP_H

/* The SMP subtests of tests/guests/smp.c, run by hart 0 with `cpus` harts. */
void test_smp(unsigned int cpus);

#endif
