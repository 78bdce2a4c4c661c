/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef TESTS_GUESTS_SUSPEND_H
#define TESTS_GUESTS_SUSPEND_H

/* tests/guests/suspend.c: HSM hart_suspend on the calling hart. */
void test_suspend(void);

/* SBI SUSP: system suspend to RAM and back, with `cpus` harts. */
void test_system_suspend(unsigned int cpus);

#endif
