// SPDX-License-Identifier: BSD-2-Clause
/*
 * Offsets and sizes of C structures that assembly uses, turned into
 * build/monitor/generated/asm-offsets.h at build time so the two never drift.
 * Compiled with -S only: each DEFINE leaves a "->NAME value" marker that the
 * Makefile turns into a #define.
 */

#include <monitor/hart.h>
#include <monitor/trap.h>
#include <stddef.h>

#define DEFINE(sym, val) \
	asm volatile("\n.ascii \"->" #sym " %0\"" : : "i"(val))
#define OFFSET(sym, type, member) DEFINE(sym, offsetof(struct type, member))

void asm_offsets(void);

void asm_offsets(void)
{
	OFFSET(HART_STACK_TOP, hart, stack_top);

	OFFSET(TRAP_FRAME_X, trap_frame, x);
	OFFSET(TRAP_FRAME_SP, trap_frame, x[2]);
	DEFINE(TRAP_FRAME_SIZE, sizeof(struct trap_frame));
}
