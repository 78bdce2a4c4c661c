/* SPDX-License-Identifier: BSD-2-Clause */
/* What every test guest gets from tests/guests/guest.c and lib/. */
#ifndef TESTS_GUESTS_GUEST_H
#define TESTS_GUESTS_GUEST_H

#include <lib/console.h>
#include <lib/csr.h>
#include <lib/sbi_call.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Each guest defines this. Returns 0 for success; the guest then powers off
 * through SRST, with the system-failure reason when it returned nonzero.
 */
int guest_main(unsigned long hartid, const void *fdt);

struct guest_frame {
	unsigned long x[32];
};

/* Called for each supervisor timer interrupt; NULL: none expected. */
extern void (*guest_timer_handler)(void);

/*
 * Expect one synchronous exception: guest_trap() records it, steps over the
 * faulting instruction and returns to it. Read the record afterwards.
 */
struct expected_trap {
	bool armed;
	bool taken;
	unsigned long scause;
	unsigned long stval;
};
extern struct expected_trap guest_expected_trap;

/* TAP over the console. */
void tap_ok(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tap_done(void);
extern unsigned int tap_failed;

#endif
