/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The monitor's watchdog: every place a hart waits for another (locks,
 * remote fences, a rebooting guest's vCPUs) counts how long it has waited;
 * past WATCHDOG_LIMIT_S the hart is taken for stuck: it reports what it
 * waited for, its vCPU and a backtrace, and the system powers off with the
 * failure reason. Nothing of it runs unless a hart is already waiting.
 */
#ifndef MONITOR_WATCHDOG_H
#define MONITOR_WATCHDOG_H

#define WATCHDOG_LIMIT_S	3

/*
 * Call in every pass of a wait loop, with *since = 0 before the first:
 * `what` says what the hart waits for.
 */
void watchdog_poll(unsigned long *since, const char *what);

#endif /* MONITOR_WATCHDOG_H */
