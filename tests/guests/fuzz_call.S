/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * void fuzz_ecall(struct fuzz_call *c)
 *
 * One SBI call with every register under watch: a0-a7 come from c->in,
 * ra, gp, t0-t6 and s0-s11 are set to c->pattern + their register number,
 * and after the ecall all 32 registers go to c->out for C to compare
 * (tests/guests/fuzz.c). sp (noted in c->sp) and tp stay as they are;
 * the trap handler needs them, and they are compared too.
 */

/* struct fuzz_call, tests/guests/fuzz.c */
#define C_IN		0
#define C_PATTERN	(8 * 8)
#define C_SP		(9 * 8)
#define C_OUT		(10 * 8)

#define SAVED		(16 * 8)

	.text
	.globl fuzz_ecall
fuzz_ecall:
	addi	sp, sp, -SAVED
	sd	ra, (0 * 8)(sp)
	sd	gp, (1 * 8)(sp)
	sd	s0, (2 * 8)(sp)
	sd	s1, (3 * 8)(sp)
	.irp n, 18,19,20,21,22,23,24,25,26,27
	sd	x\n, ((\n - 14) * 8)(sp)
	.endr
	csrw	sscratch, a0
	sd	sp, C_SP(a0)

	ld	t0, C_PATTERN(a0)
	.irp n, 1,3,6,7,8,9,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	addi	x\n, t0, \n
	.endr
	mv	t0, a0
	.irp n, 1,2,3,4,5,6,7
	ld	a\n, (C_IN + \n * 8)(t0)
	.endr
	ld	a0, C_IN(t0)
	ld	t0, C_PATTERN(t0)
	addi	t0, t0, 5
	ecall

	csrrw	t0, sscratch, t0	/* t0: the struct; sscratch: t0 as the call left it */
	.irp n, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (C_OUT + \n * 8)(t0)
	.endr
	csrr	t1, sscratch
	sd	t1, (C_OUT + 5 * 8)(t0)
	sd	zero, C_OUT(t0)

	ld	ra, (0 * 8)(sp)
	ld	gp, (1 * 8)(sp)
	ld	s0, (2 * 8)(sp)
	ld	s1, (3 * 8)(sp)
	.irp n, 18,19,20,21,22,23,24,25,26,27
	ld	x\n, ((\n - 14) * 8)(sp)
	.endr
	addi	sp, sp, SAVED
	ret
