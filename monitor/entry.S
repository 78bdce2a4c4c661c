/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Monitor entry points: the boot entry OpenSBI jumps to, the entry of the
 * harts the boot hart starts through SBI HSM, and the HS-mode trap vector.
 */

#include <generated/asm-offsets.h>
#include <monitor/asm.h>
#include <lib/csr.h>
#include <monitor/hart.h>
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
	addi	t0, t0, REGBYTES
	j	1b
2:
	/* The boot hart takes harts[0] and the first stack. */
	la	tp, harts
	la	sp, hart_stacks + HART_STACK_SIZE
	sd	sp, HART_STACK_TOP(tp)
	la	t0, monitor_trap_entry
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
	la	t0, monitor_trap_entry
	csrw	CSR_STVEC, t0
	call	monitor_secondary
	j	monitor_park

/*
 * Traps taken in HS-mode. The monitor runs with interrupts off and handles
 * no exception of its own yet, so every trap here is unexpected: save the
 * registers on the current stack for the report and let C stop the system.
 */
	.align	2
	.globl monitor_trap_entry
monitor_trap_entry:
	addi	sp, sp, -TRAP_FRAME_SIZE
	save_gprs sp, TRAP_FRAME_X
	addi	t0, sp, TRAP_FRAME_SIZE
	sd	t0, TRAP_FRAME_SP(sp)
	mv	a0, sp
	call	monitor_trap
	j	monitor_park

	.data
	.align	2
boot_lottery:
	.word	0
