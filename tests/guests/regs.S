/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * unsigned long regs_trap_loop(struct regs_test *t)
 *
 * Fill every general-purpose and FP register with the patterns of *t, then
 * make the SBI call t->eid, t->fid (a0 = 0) t->iterations times: each an
 * exit to the monitor; set_timer(0) without Sstc a timer-interrupt exit
 * after it as well, sbivisor YIELD on a shared hart a switch. Then
 * store every register into t->seen / t->fseen for C to compare. a0, a6
 * and a7 carry the call itself, a1 its value, s11 counts down: those five
 * are not compared. The guest runs with interrupts off throughout.
 */

#include <sbivisor/sbi.h>

/* struct regs_test, tests/guests/sbitest.c */
#define T_ITER		0
#define T_EID		8
#define T_FID		16
#define T_PATTERN	24
#define T_FPATTERN	(T_PATTERN + 32 * 8)
#define T_SEEN		(T_FPATTERN + 32 * 8)
#define T_FSEEN		(T_SEEN + 32 * 8)
#define T_FCSR_SEEN	(T_FSEEN + 32 * 8)
#define T_SAVED		(T_FCSR_SEEN + 8)

#define FCSR_PATTERN	0x5a	/* frm = 2, fflags = 0x1a */

	.option	push
	.option	arch, +d

	.text
	.globl regs_trap_loop
regs_trap_loop:
	/* Keep what the C caller needs back, in t->saved. */
	.irp n, 1,2,3,4,8,9,18,19,20,21,22,23,24,25,26,27
	sd	x\n, (T_SAVED + \n * 8)(a0)
	.endr
	csrw	sscratch, a0

	li	t0, FCSR_PATTERN
	fscsr	t0
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, (T_FPATTERN + \n * 8)(a0)
	.endr
	ld	s11, T_ITER(a0)
	mv	t6, a0
	.irp n, 1,2,3,4,5,6,7,8,9,12,13,14,15,18,19,20,21,22,23,24,25,26,28,29,30
	ld	x\n, (T_PATTERN + \n * 8)(t6)
	.endr
	ld	t6, (T_PATTERN + 31 * 8)(t6)

1:	csrr	a0, sscratch
	ld	a7, T_EID(a0)
	ld	a6, T_FID(a0)
	li	a0, 0
	ecall
	addi	s11, s11, -1
	bnez	s11, 1b

	/* Everything out, through the pointer kept in sscratch. */
	csrrw	a0, sscratch, a0
	.irp n, 1,2,3,4,5,6,7,8,9,12,13,14,15,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (T_SEEN + \n * 8)(a0)
	.endr
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (T_FSEEN + \n * 8)(a0)
	.endr
	frcsr	t0
	sd	t0, T_FCSR_SEEN(a0)

	.irp n, 1,2,3,4,8,9,18,19,20,21,22,23,24,25,26,27
	ld	x\n, (T_SAVED + \n * 8)(a0)
	.endr
	ret

	.option	pop
