/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Monitor entry points: the boot entry OpenSBI jumps to and the entry of the
 * harts the boot hart starts through SBI HSM. Both leave sscratch = 0 (the
 * monitor runs) and stvec at hart_trap_vector (monitor/core/switch.S).
 */

#include <generated/asm-offsets.h>
#include <lib/csr.h>
#include <monitor/core/hart.h>
#include <sbivisor/sbi.h>

	.section .text.entry, "ax", %progbits

/*
 * OpenSBI enters here in HS-mode with a0 = hartid, a1 = device tree,
 * satp = 0 and interrupts off. Normally only the boot hart comes; should a
 * firmware send several, the first one in boots and the others stop
 * themselves, to be started through HSM like every secondary hart.
 */
	.globl _start
_start:
	la	t0, boot_lottery
	li	t1, 1
	amoswap.w t1, t1, (t0)
	bnez	t1, .Llost_lottery

	/* BSS once, before any C code; the lottery lives in .data. */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, (t0)
	addi	t0, t0, 8
	j	1b
2:
	/* The boot hart takes harts[0] and the first stack. */
	la	tp, harts
	la	sp, hart_stacks + HART_STACK_SIZE
	sd	sp, HART_STACK_TOP(tp)
	csrw	CSR_SSCRATCH, zero
	la	t0, hart_trap_vector
	csrw	CSR_STVEC, t0
	call	monitor_boot
	j	monitor_park

.Llost_lottery:
	li	a7, SBI_EXT_HSM
	li	a6, SBI_HSM_HART_STOP
	ecall
	j	monitor_park

/*
 * A secondary hart, started by the boot hart through SBI HSM hart_start:
 * a0 = hartid, a1 = its struct hart, filled in before the start.
 */
	.globl monitor_secondary_entry
monitor_secondary_entry:
	mv	tp, a1
	ld	sp, HART_STACK_TOP(tp)
	csrw	CSR_SSCRATCH, zero
	la	t0, hart_trap_vector
	csrw	CSR_STVEC, t0
	call	monitor_secondary
	j	monitor_park

	.data
	.align	2
boot_lottery:
	.word	0
