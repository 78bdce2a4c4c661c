/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The trap path, top to bottom: the HS-mode trap vector of every hart, the
 * way into a guest and back out of it, and FP state save/restore.
 *
 * sscratch tells where a trap came from: while a guest runs it holds the
 * vCPU, while the monitor runs it is zero.
 *
 * An exit saves only what C code may clobber: the caller-saved registers,
 * sp and tp (the monitor's own there). The guest's callee-saved registers
 * stay in place while the monitor handles the exit, because the C calling
 * convention keeps them; gp is never used by the monitor (--no-relax). The
 * handler runs on the hart's stack from its top every time, so an exit
 * that does not go back to the guest simply never returns. It returns
 * the vCPU to enter, another one when a shared hart switches.
 */

#include <generated/asm-offsets.h>
#include <lib/csr.h>
#include <monitor/core/asm.h>

	.text

/*
 * void vcpu_enter(struct vcpu *v)
 *
 * Enter a vCPU from its reset state: every general-purpose register, sepc
 * and sstatus from v->regs. Does not return; the guest's exits come back
 * through hart_trap_vector.
 */
	.globl vcpu_enter
vcpu_enter:
	ld	t0, VCPU_REGS_SSTATUS(a0)
	csrw	CSR_SSTATUS, t0
	ld	t0, VCPU_REGS_SEPC(a0)
	csrw	CSR_SEPC, t0
	mv	tp, a0
	load_gprs tp, VCPU_REGS_X, CALLEE_SAVED_GPRS
	j	.Lreturn_to_guest

/*
 * Every HS-mode trap. From a guest (sscratch = vCPU): save what C may
 * clobber, handle the exit on the hart's stack, restore, sret. From the
 * monitor (sscratch = 0): an unexpected trap, reported by monitor_trap().
 */
	.align	2
	.globl hart_trap_vector
hart_trap_vector:
	csrrw	tp, CSR_SSCRATCH, tp
	beqz	tp, .Lmonitor_trap

	save_gprs tp, VCPU_REGS_X, CALLER_SAVED_GPRS
	csrrw	t0, CSR_SSCRATCH, zero		/* the guest's tp; back in the monitor */
	sd	t0, (VCPU_REGS_X + 4 * REGBYTES)(tp)
	mv	a0, tp
	csrr	a1, CSR_SCAUSE
	ld	sp, VCPU_HOST_SP(tp)
	ld	tp, VCPU_HART(tp)
	/* Guest-page faults and virtual instructions may be emulated. */
	addi	t0, a1, -EXC_LOAD_GUEST_PAGE_FAULT
	sltiu	t0, t0, 3
	bnez	t0, .Lemulation_exit
	sd	a0, EXIT_FRAME_VCPU(sp)		/* the frame vcpu_load() left */
	call	vcpu_handle_exit		/* returns the vCPU to go back to */
	ld	t0, EXIT_FRAME_VCPU(sp)
	bne	a0, t0, .Lswitch_vcpu
	mv	tp, a0

.Lreturn_to_guest:
	csrw	CSR_SSCRATCH, tp
	load_gprs tp, VCPU_REGS_X, CALLER_SAVED_GPRS
	ld	tp, (VCPU_REGS_X + 4 * REGBYTES)(tp)
	sret

/*
 * A shared hart runs another vCPU (monitor/core/sched.c has loaded it): the
 * registers C kept for the one that exited go to its record, the next
 * one's come from its record. Then its caller-saved ones, as always.
 */
.Lswitch_vcpu:
	save_gprs t0, VCPU_REGS_X, CALLEE_SAVED_GPRS
	load_gprs a0, VCPU_REGS_X, CALLEE_SAVED_GPRS
	mv	tp, a0
	j	.Lreturn_to_guest

/*
 * An exit the monitor may emulate (a load or store to an emulated device,
 * a CSR access): that reads and writes any of the guest's registers, so
 * the ones C keeps go to its record too, and come back from the record of
 * whichever vCPU runs next.
 */
.Lemulation_exit:
	save_gprs a0, VCPU_REGS_X, CALLEE_SAVED_GPRS
	call	vcpu_handle_exit
	load_gprs a0, VCPU_REGS_X, CALLEE_SAVED_GPRS
	mv	tp, a0
	j	.Lreturn_to_guest

/*
 * The monitor's own traps: monitor_trap() reports them and powers off, but
 * returns for a fault it expected (a guest access, below), which resumes
 * where it says.
 */
.Lmonitor_trap:
	csrrw	tp, CSR_SSCRATCH, tp		/* tp back, sscratch = 0 again */
	addi	sp, sp, -GPRS_SIZE
	save_gprs sp, 0, ALL_GPRS_BUT_SP
	addi	t0, sp, GPRS_SIZE
	sd	t0, (2 * REGBYTES)(sp)
	mv	a0, sp
	call	monitor_trap
	load_gprs sp, 0, ALL_GPRS_BUT_SP
	addi	sp, sp, GPRS_SIZE
	sret

/*
 * long guest_fetch_half(unsigned long va)
 *
 * The halfword of guest instruction memory at guest-virtual `va`, through
 * the guest's own translation, as the guest would fetch it (HLVX.HU, with
 * hstatus.SPVP the privilege it trapped from); -1 if that faults:
 * monitor_trap() then resumes at guest_fetch_fault (the trap CSRs and
 * hstatus.SPV are the fault's then, see monitor/core/mmio.c).
 */
	.globl guest_fetch_half, guest_fetch_insn, guest_fetch_fault
guest_fetch_half:
	.option	push
	.option	arch, +h
guest_fetch_insn:
	hlvx.hu	a0, (a0)
	.option	pop
	ret
guest_fetch_fault:
	li	a0, -1
	ret

/*
 * long guest_load_ulong(unsigned long va, unsigned long *value)
 *
 * The doubleword of guest memory at guest-virtual `va` as the guest would
 * load it (HLV.D, hstatus.SPVP its privilege), into *value: 0, or -1 if
 * that faults (monitor_trap() resumes at guest_load_fault, as above).
 */
	.globl guest_load_ulong, guest_load_insn, guest_load_fault
guest_load_ulong:
	.option	push
	.option	arch, +h
guest_load_insn:
	hlv.d	a0, (a0)
	.option	pop
	sd	a0, (a1)
	li	a0, 0
	ret
guest_load_fault:
	li	a0, -1
	ret

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

/*
 * Vector registers and CSRs, the same way: these only touch a guest's
 * vector state, with sstatus.VS on (monitor/vcpu_vector.c). Whole-register
 * loads and stores, eight registers each, need neither vl nor vtype; they
 * start at vstart, so that is saved first and 0 meanwhile. vsetvl, which
 * zeroes vstart, puts vl and vtype back before it.
 */
	.option	push
	.option	arch, +v

/* \op (vs8r.v or vl8re8.v) on v0-v31 at vec->regs, eight registers a time. */
.macro vector_regs op
	ld	t1, VCPU_VEC_REGS(a0)
	csrr	t2, vlenb
	slli	t2, t2, 3
	.irp n, 0,8,16,24
	\op	v\n, (t1)
	add	t1, t1, t2
	.endr
.endm

	.globl vcpu_vector_save
vcpu_vector_save:
	csrr	t0, vstart
	sd	t0, VCPU_VEC_VSTART(a0)
	csrr	t0, vcsr
	sd	t0, VCPU_VEC_VCSR(a0)
	csrr	t0, vl
	sd	t0, VCPU_VEC_VL(a0)
	csrr	t0, vtype
	sd	t0, VCPU_VEC_VTYPE(a0)
	csrw	vstart, zero
	vector_regs vs8r.v
	ret

	.globl vcpu_vector_restore
vcpu_vector_restore:
	csrw	vstart, zero
	vector_regs vl8re8.v
	ld	t0, VCPU_VEC_VL(a0)
	ld	t1, VCPU_VEC_VTYPE(a0)
	vsetvl	zero, t0, t1
	ld	t0, VCPU_VEC_VSTART(a0)
	csrw	vstart, t0
	ld	t0, VCPU_VEC_VCSR(a0)
	csrw	vcsr, t0
	ret

	.option	pop
