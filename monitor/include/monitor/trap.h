/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef MONITOR_TRAP_H
#define MONITOR_TRAP_H

/*
 * General-purpose registers as the trap entry saves them: x[n] is register
 * xn (x[0] is never written), so C and assembly index them alike.
 */
struct trap_frame {
	unsigned long x[32];
};

void monitor_trap(struct trap_frame *frame) __attribute__((noreturn));

#endif /* MONITOR_TRAP_H */
