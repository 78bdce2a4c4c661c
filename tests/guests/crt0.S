/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Start of our bare-metal S-mode test guests: a0 = hartid, a1 = device tree,
 * as firmware (or the monitor) enters a next stage. Sets up a stack and a
 * trap vector, runs guest_main() and powers off with its verdict.
 */

#include <lib/csr.h>

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
	la	t0, guest_trap_entry
	csrw	CSR_STVEC, t0
	call	guest_start
3:	wfi
	j	3b

	/* Unexpected traps only: report from C, which never returns. */
	.align	2
guest_trap_entry:
	la	sp, guest_stack_top
	call	guest_trap
	j	3b

	.bss
	.align	4
	.space	8192
guest_stack_top:
