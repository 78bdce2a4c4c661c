/* SPDX-License-Identifier: BSD-2-Clause */
/* What every test guest gets from tests/guests/guest.c and lib/. */
#ifndef TESTS_GUESTS_GUEST_H
#define TESTS_GUESTS_GUEST_H

#include <lib/console.h>
#include <lib/sbi_call.h>

/*
 * Each guest defines this. Returns 0 for success; the guest then powers off
 * through SRST, with the system-failure reason when it returned nonzero.
 */
int guest_main(unsigned long hartid, const void *fdt);

#endif
