// SPDX-License-Identifier: BSD-2-Clause
/*
 * Offsets and sizes of C structures that assembly uses, turned into
 * build/monitor/generated/asm-offsets.h at build time so the two never drift.
 * Compiled with -S only: each DEFINE leaves a "->NAME value" marker that the
 * Makefile turns into a #define.
 */

#include <monitor/core/hart.h>
#include <monitor/core/trap.h>
#include <monitor/core/vcpu.h>
#include <stddef.h>

#define DEFINE(sym, val) \
	asm volatile("\n.ascii \"->" #sym " %0\"" : : "i"(val))
#define OFFSET(sym, type, member) DEFINE(sym, offsetof(struct type, member))

/* Trap frames live on the stack, which stays 16-byte aligned. */
_Static_assert(sizeof(struct gprs) % 16 == 0, "gprs keeps sp aligned");
_Static_assert(sizeof(struct exit_frame) % 16 == 0, "an exit frame keeps sp aligned");

void asm_offsets(void);

void asm_offsets(void)
{
	OFFSET(HART_STACK_TOP, hart, stack_top);
	OFFSET(EXIT_FRAME_VCPU, exit_frame, vcpu);

	DEFINE(GPRS_SIZE, sizeof(struct gprs));

	OFFSET(VCPU_REGS_X, vcpu, regs.gpr.x);
	OFFSET(VCPU_REGS_SEPC, vcpu, regs.sepc);
	OFFSET(VCPU_REGS_SSTATUS, vcpu, regs.sstatus);
	OFFSET(VCPU_HOST_SP, vcpu, host_sp);
	OFFSET(VCPU_HART, vcpu, hart);
	/* For `make bench`: what a vCPU costs in memory. */
	DEFINE(VCPU_SIZE, sizeof(struct vcpu));

	OFFSET(VCPU_FP_F, vcpu_fp, f);
	OFFSET(VCPU_FP_FCSR, vcpu_fp, fcsr);

	OFFSET(VCPU_VEC_REGS, vcpu_vector, regs);
	OFFSET(VCPU_VEC_VSTART, vcpu_vector, vstart);
	OFFSET(VCPU_VEC_VCSR, vcpu_vector, vcsr);
	OFFSET(VCPU_VEC_VL, vcpu_vector, vl);
	OFFSET(VCPU_VEC_VTYPE, vcpu_vector, vtype);
}
