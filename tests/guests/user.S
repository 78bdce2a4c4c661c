/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Running a function in U-mode, for the test guests that check what a
 * user process gets (tests/guests/guest.h):
 *
 * unsigned long guest_user_call(unsigned long (*fn)(unsigned long),
 *				 unsigned long arg)
 *
 * calls fn(arg) in U-mode on the same stack, with satp as it is and
 * interrupts off, and returns what fn returns. fn returns to a U-mode stub
 * whose ecall (a7 = GUEST_USER_EXIT) guest_trap() answers with
 * guest_user_return(), which resumes the S-mode caller here.
 */

#include <lib/csr.h>

#define GUEST_USER_EXIT		0x55534552	/* "USER", in a7 */
#define CTX_WORDS		14		/* ra, sp, s0-s11 */
#define CTX_SIZE		(CTX_WORDS * 8)

/* t0 = this hart's context slot: user_context + tp * CTX_SIZE. */
.macro context_slot
	li	t0, CTX_SIZE
	mul	t0, t0, tp
	la	t1, user_context
	add	t0, t0, t1
.endm

/* Store (sd) or load (ld) ra, sp, s0-s11 at the slot. */
.macro context op
	.set	offset, 0
	.irp r, ra,sp,s0,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11
	\op	\r, offset(t0)
	.set	offset, offset + 8
	.endr
.endm

	.text
	.globl guest_user_call
guest_user_call:
	context_slot
	context sd
	csrw	CSR_SEPC, a0
	mv	a0, a1
	la	ra, user_exit
	/* SPP = 0: sret goes to U-mode; SPIE = 0: interrupts stay off there. */
	li	t0, 0x120		/* sstatus.SPP | sstatus.SPIE */
	csrc	CSR_SSTATUS, t0
	sret

	/* In U-mode: fn returned here with its value in a0. */
user_exit:
	li	a7, GUEST_USER_EXIT
	ecall
1:	j	1b

/*
 * void guest_user_return(unsigned long value)
 *
 * From guest_trap(), in S-mode: drop the trap frame and return `value`
 * from this hart's guest_user_call().
 */
	.globl guest_user_return
guest_user_return:
	context_slot
	context ld
	ret

	.bss
	.align	3
user_context:
	.space	CTX_SIZE * 8	/* GUEST_MAX_CPUS */
