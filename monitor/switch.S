/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The trap path, top to bottom: the HS-mode trap vector of every hart, the
 * world switch into a guest and back out of it, and FP state save/restore.
 *
 * sscratch tells where a trap came from: while a guest runs it holds the
 * vCPU, while the monitor runs it is zero.
 */

#include <generated/asm-offsets.h>
#include <lib/csr.h>
#include <monitor/asm.h>

	.text

/*
 * void vcpu_switch_to(struct vcpu *v)
 *
 * Keep the monitor's registers in v->host, load the guest's, sret into it.
 * The guest's next trap comes back through hart_trap_vector and returns
 * from this call.
 */
	.globl vcpu_switch_to
vcpu_switch_to:
	save_gprs a0, VCPU_HOST_X, HOST_GPRS

	ld	t0, VCPU_REGS_SSTATUS(a0)
	csrw	CSR_SSTATUS, t0
	ld	t0, VCPU_REGS_HSTATUS(a0)
	csrw	CSR_HSTATUS, t0
	ld	t0, VCPU_REGS_SEPC(a0)
	csrw	CSR_SEPC, t0
	csrw	CSR_SSCRATCH, a0

	load_gprs a0, VCPU_REGS_X, ALL_GPRS_BUT_A0
	ld	a0, (VCPU_REGS_X + 10 * REGBYTES)(a0)
	sret

/*
 * Every HS-mode trap. From a guest (sscratch = vCPU): save the guest,
 * restore the monitor, return from vcpu_switch_to(). From the monitor
 * (sscratch = 0): an unexpected trap, reported by monitor_trap().
 */
	.align	2
	.globl hart_trap_vector
hart_trap_vector:
	csrrw	a0, CSR_SSCRATCH, a0
	beqz	a0, .Lmonitor_trap

	save_gprs a0, VCPU_REGS_X, ALL_GPRS_BUT_A0
	csrrw	t0, CSR_SSCRATCH, zero		/* the guest's a0; back in the monitor */
	sd	t0, (VCPU_REGS_X + 10 * REGBYTES)(a0)
	csrr	t0, CSR_SEPC
	sd	t0, VCPU_REGS_SEPC(a0)
	csrr	t0, CSR_SSTATUS
	sd	t0, VCPU_REGS_SSTATUS(a0)
	csrr	t0, CSR_HSTATUS
	sd	t0, VCPU_REGS_HSTATUS(a0)

	load_gprs a0, VCPU_HOST_X, HOST_GPRS
	ret

.Lmonitor_trap:
	csrrw	a0, CSR_SSCRATCH, a0		/* a0 back, sscratch = 0 again */
	addi	sp, sp, -GPRS_SIZE
	save_gprs sp, 0, ALL_GPRS_BUT_SP
	addi	t0, sp, GPRS_SIZE
	sd	t0, (2 * REGBYTES)(sp)
	mv	a0, sp
	call	monitor_trap
1:	wfi
	j	1b

/*
 * FP registers. The monitor itself never uses them (it is built without F),
 * so these are the only instructions that touch a guest's FP state; they
 * need sstatus.FS on, which the C callers arrange.
 */
	.option	push
	.option	arch, +d

	.globl vcpu_fp_save
vcpu_fp_save:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (VCPU_FP_F + \n * 8)(a0)
	.endr
	frcsr	t0
	sd	t0, VCPU_FP_FCSR(a0)
	ret

	.globl vcpu_fp_restore
vcpu_fp_restore:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, (VCPU_FP_F + \n * 8)(a0)
	.endr
	ld	t0, VCPU_FP_FCSR(a0)
	fscsr	t0
	ret

	.option	pop
