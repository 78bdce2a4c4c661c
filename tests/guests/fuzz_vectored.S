/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A vector table for stvec's vectored mode (tests/guests/fuzz_traps.c):
 * exceptions come in at its base, which notes the arrival in
 * fuzz_vector_base_hit and goes on to the test guests' handler with every
 * register as the trap left it; interrupts, at base + 4 * cause, go to the
 * handler directly.
 */

	.text
	.align	6
	.globl	fuzz_vector_table
fuzz_vector_table:
	/* Four bytes an entry: no compressed jumps. */
	.option	push
	.option	norvc
	j	vector_base
	.rept	15
	j	guest_trap_entry
	.endr
	.option	pop

vector_base:
	csrrw	t0, sscratch, t0		/* t0 saved */
	la	t0, fuzz_vector_base_hit
	sd	sp, 0(t0)			/* nonzero */
	csrrw	t0, sscratch, t0		/* t0 and sscratch back */
	j	guest_trap_entry

	.bss
	.align	3
	.globl	fuzz_vector_base_hit
fuzz_vector_base_hit:
	.space	8
