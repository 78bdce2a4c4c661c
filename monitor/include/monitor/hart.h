/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-hart state of the monitor. While the monitor runs on a hart, tp points
 * to that hart's struct hart.
 */
#ifndef MONITOR_HART_H
#define MONITOR_HART_H

/* One slot per hart the device-tree parser records (DT_MAX_HARTS). */
#define MONITOR_MAX_HARTS	32
#define HART_STACK_SIZE		8192

#ifndef __ASSEMBLER__

#include <stdbool.h>

struct hart {
	unsigned long stack_top;	/* loaded by entry.S */
	unsigned long hartid;
	bool online;			/* set once by the hart itself */
};

extern struct hart harts[MONITOR_MAX_HARTS];

static inline struct hart *this_hart(void)
{
	struct hart *hart;

	asm("mv %0, tp" : "=r"(hart));
	return hart;
}

#endif /* __ASSEMBLER__ */
#endif /* MONITOR_HART_H */
