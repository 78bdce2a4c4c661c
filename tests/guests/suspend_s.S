/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * long guest_suspend(unsigned long type, struct suspend_ctx *ctx)
 *
 * SBI HSM hart_suspend(type, guest_resume, ctx) with the callee-saved
 * registers, gp, tp and ra from ctx->pattern and every FP register from
 * ctx->fpattern; afterwards all of them go to ctx->seen / ctx->fseen and
 * the caller's context comes back. A non-retentive suspend resumes at
 * guest_resume with a0 = hart ID, a1 = ctx, which records those two and
 * returns 0 as the retentive path does.
 */

#include <sbivisor/sbi.h>

/* struct suspend_ctx, tests/guests/suspend.c */
#define C_PATTERN	0
#define C_FPATTERN	(32 * 8)
#define C_SEEN		(64 * 8)
#define C_FSEEN		(96 * 8)
#define C_SAVED		(128 * 8)
#define C_RESUME_A0	(160 * 8)
#define C_RESUME_A1	(161 * 8)
#define C_RESUMED	(162 * 8)

#define KEPT	1,3,4,8,9,18,19,20,21,22,23,24,25,26,27

	.option	push
	.option	arch, +d

	.text
/*
 * long guest_system_suspend(struct suspend_ctx *ctx): the same with SBI
 * SUSP system_suspend(SUSPEND_TO_RAM, guest_resume, ctx).
 */
	.globl	guest_system_suspend
guest_system_suspend:
	mv	a1, a0
	li	a7, SBI_EXT_SUSP
	li	a6, SBI_SUSP_SYSTEM_SUSPEND
	li	a0, SBI_SUSP_SLEEP_TYPE_SUSPEND_TO_RAM
	j	.Lsuspend

	.globl	guest_suspend
guest_suspend:
	li	a7, SBI_EXT_HSM
	li	a6, SBI_HSM_HART_SUSPEND
.Lsuspend:
	.irp n, KEPT
	sd	x\n, (C_SAVED + \n * 8)(a1)
	.endr
	sd	sp, (C_SAVED + 2 * 8)(a1)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, (C_FPATTERN + \n * 8)(a1)
	.endr
	mv	a2, a1				/* opaque: ctx */
	.irp n, KEPT
	ld	x\n, (C_PATTERN + \n * 8)(a2)
	.endr
	la	a1, guest_resume
	ecall
	/* Retentive: back here, a2 (ctx) kept as every register but a0, a1. */
	.irp n, KEPT
	sd	x\n, (C_SEEN + \n * 8)(a2)
	.endr
	mv	a1, a2
	j	.Lout

	.globl	guest_resume
guest_resume:
	sd	a0, C_RESUME_A0(a1)
	sd	a1, C_RESUME_A1(a1)
	li	t0, 1
	sd	t0, C_RESUMED(a1)
	li	a0, 0
.Lout:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (C_FSEEN + \n * 8)(a1)
	.endr
	.irp n, KEPT
	ld	x\n, (C_SAVED + \n * 8)(a1)
	.endr
	ld	sp, (C_SAVED + 2 * 8)(a1)
	ret

	.option	pop
