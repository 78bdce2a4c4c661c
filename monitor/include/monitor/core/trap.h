/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef MONITOR_TRAP_H
#define MONITOR_TRAP_H

/*
 * General-purpose registers as every save path stores them (trap entry,
 * world switch, host and guest alike): x[n] is register xn, x[0] unused, so
 * C and assembly index them the same way.
 */
struct gprs {
	unsigned long x[32];
};

#define REG_RA		1
#define REG_SP		2
#define REG_S0		8	/* the frame pointer */
#define REG_A0		10
#define REG_A1		11
#define REG_A6		16
#define REG_A7		17

/*
 * An HS-mode trap of the monitor itself: reported, and the system powered
 * off, unless it is a fault the monitor expected (guest_fetch_half()),
 * which returns to resume where the handler says.
 */
void monitor_trap(struct gprs *frame);

/* monitor/core/switch.S: see there. */
long guest_fetch_half(unsigned long va);
long guest_load_ulong(unsigned long va, unsigned long *value);

/* "load guest-page fault" for an scause value. */
const char *trap_cause_name(unsigned long scause);

#endif /* MONITOR_TRAP_H */
