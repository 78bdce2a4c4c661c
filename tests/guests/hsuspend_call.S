/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * long suspend_with_patterns(unsigned long type, const unsigned long *gpr_in,
 *			      unsigned long *gpr_out, uint64_t *fpr_out)
 *
 * Callee-saved registers, gp, tp and ra from gpr_in[n] (register n), f0-f31
 * and fcsr from fixed patterns, HART_SUSPEND(type), then all of them into
 * gpr_out and fpr_out[0..32] (fcsr last). sp stays ours.
 */

#include <sbivisor/sbivisor_ext.h>

	.option	push
	.option	arch, +d

	.text
	.globl	suspend_with_patterns
suspend_with_patterns:
	addi	sp, sp, -256
	.irp n, 1,3,4,8,9,18,19,20,21,22,23,24,25,26,27
	sd	x\n, (\n * 8)(sp)
	.endr
	sd	a2, 240(sp)
	sd	a3, 248(sp)
	csrr	t0, sstatus
	li	t1, (1 << 13)
	or	t0, t0, t1
	csrw	sstatus, t0			/* FP on */
	li	t0, 0x45
	fscsr	t0
	li	t1, 0x4000000000000000
	li	t2, 0x1001
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.d.x	f\n, t1
	add	t1, t1, t2
	.endr

	mv	t0, a0
	.irp n, 1,3,4,8,9,18,19,20,21,22,23,24,25,26,27
	ld	x\n, (\n * 8)(a1)
	.endr
	mv	a0, t0
	la	a1, sbivisor_resume_trampoline
	li	a7, SBIVISOR_EXT_ID
	li	a6, SBIVISOR_FID_HART_SUSPEND
	ecall

	ld	t0, 240(sp)			/* gpr_out */
	.irp n, 1,3,4,8,9,18,19,20,21,22,23,24,25,26,27
	sd	x\n, (\n * 8)(t0)
	.endr
	ld	t0, 248(sp)			/* fpr_out */
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (\n * 8)(t0)
	.endr
	frcsr	t1
	sd	t1, (32 * 8)(t0)

	.irp n, 1,3,4,8,9,18,19,20,21,22,23,24,25,26,27
	ld	x\n, (\n * 8)(sp)
	.endr
	addi	sp, sp, 256
	ret

	.option	pop
