/* SPDX-License-Identifier: BSD-2-Clause */
/* Monitor-wide facts and the way out when something is wrong. */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include <stdbool.h>

#define MONITOR_VERSION		"0.1.0"

/* Whether the harts have the H extension (decided once on the boot hart). */
extern bool monitor_has_h;

/*
 * Print "monitor: error: <reason>" and power the system off through SBI
 * SRST with the system-failure reason. Never returns.
 */
void monitor_fail(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

/* Leave the hart idle for good (only when SRST itself failed). */
void monitor_park(void) __attribute__((noreturn));

#endif /* MONITOR_MONITOR_H */
