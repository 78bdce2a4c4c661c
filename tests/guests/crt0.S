/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Start of our bare-metal S-mode test guests: a0 = hartid, a1 = device tree,
 * as firmware (or the monitor) enters a next stage. Sets up a stack and a
 * trap vector, runs guest_start() in C.
 */

#include <lib/csr.h>

#define FRAME_SIZE	(32 * 8)

	.section .text.entry, "ax", %progbits
	.globl _start
_start:
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, (t0)
	addi	t0, t0, 8
	j	1b
2:
	la	sp, guest_stack_top
	mv	tp, a0			/* the hart ID, for this_cpu() */
	la	t0, guest_trap_entry
	csrw	CSR_STVEC, t0
	call	guest_start
3:	wfi
	j	3b

/*
 * Where SBI HSM hart_start sends the other harts: a0 = hart ID,
 * a1 = opaque, which our guests make the top of the hart's stack.
 */
	.globl	secondary_start
secondary_start:
	mv	sp, a1
	mv	tp, a0
	la	t0, guest_trap_entry
	csrw	CSR_STVEC, t0
	call	guest_secondary
	j	3b

/*
 * Every trap of the guest: save all registers in a frame on the stack,
 * let guest_trap() (tests/guests/guest.c) handle it, return with sret.
 */
	.align	2
	.globl	guest_trap_entry
guest_trap_entry:
	addi	sp, sp, -FRAME_SIZE
	sd	t0, (5 * 8)(sp)
	/* When the trap came, for the bench guest: in frame->x[0]. */
	csrr	t0, instret
	sd	t0, 0(sp)
	.irp n, 1,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (\n * 8)(sp)
	.endr
	addi	t0, sp, FRAME_SIZE
	sd	t0, (2 * 8)(sp)
	mv	a0, sp
	call	guest_trap
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, (\n * 8)(sp)
	.endr
	ld	sp, (2 * 8)(sp)
	sret

	.bss
	.align	4
	.space	16384
guest_stack_top:
