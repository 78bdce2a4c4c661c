// SPDX-License-Identifier: BSD-2-Clause
/*
 * HART_SUSPEND of the sbivisor extension (docs/sbi-extension.md): suspend
 * the calling HS-mode hart and come back to it as from a function call,
 * with every HS and VS CSR, every general-purpose and FP register as
 * before, and a0 = 0.
 *
 * Retentive: OpenSBI's default retentive suspend keeps all of it anyway.
 * Non-retentive: what the hart may lose is saved here first (like Xen's
 * prepare_resume_ctx), then OpenSBI's non-retentive suspend resumes the
 * hart in S-mode at the caller's trampoline, which calls HART_RESUME; that
 * puts everything back (like hyp_resume) and returns to the instruction
 * after the caller's HART_SUSPEND. OpenSBI on QEMU does not really lose
 * state in a non-retentive suspend, so the CSRs are overwritten before it:
 * a restore that missed one would show.
 */

#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_error.h>
#include <sbi/sbi_hart.h>
#include <sbi/sbi_hsm.h>
#include <sbi/sbi_scratch.h>
#include <sbi/sbi_string.h>
#include <sbi/sbi_trap.h>
#include <sbivisor/sbivisor_ext.h>

#include "sbivisor_firmware.h"

/* Not in OpenSBI 1.6's riscv_encoding.h. */
#define CSR_VSTIMECMP_NUM	0x24d
#define CSR_HSTATEEN0_NUM	0x60c

/*
 * The HS and VS CSRs a non-retentive suspend keeps, and whether to
 * overwrite them before it. Not overwritten: the interrupt enables (sie,
 * hie: views of mie, which OpenSBI keeps over the suspend but clears sie
 * of when it resumes S-mode), pending bits (sip, hvip) and what decides
 * what wakes the hart (stimecmp, vstimecmp, henvcfg.STCE), so that the
 * suspend still ends.
 */
#define HS_CSRS(X)							\
	X(sie, CSR_SIE, 0)						\
	X(hie, CSR_HIE, 0)						\
	X(stvec, CSR_STVEC, 1)						\
	X(sscratch, CSR_SSCRATCH, 1)					\
	X(sepc, CSR_SEPC, 1)						\
	X(scause, CSR_SCAUSE, 1)					\
	X(stval, CSR_STVAL, 1)						\
	X(satp, CSR_SATP, 0)						\
	X(scounteren, CSR_SCOUNTEREN, 1)				\
	X(hstatus, CSR_HSTATUS, 1)					\
	X(hedeleg, CSR_HEDELEG, 1)					\
	X(hideleg, CSR_HIDELEG, 1)					\
	X(hcounteren, CSR_HCOUNTEREN, 1)				\
	X(htimedelta, CSR_HTIMEDELTA, 1)				\
	X(htval, CSR_HTVAL, 1)						\
	X(htinst, CSR_HTINST, 1)					\
	X(hgatp, CSR_HGATP, 1)						\
	X(vsstatus, CSR_VSSTATUS, 1)					\
	X(vstvec, CSR_VSTVEC, 1)					\
	X(vsscratch, CSR_VSSCRATCH, 1)					\
	X(vsepc, CSR_VSEPC, 1)						\
	X(vscause, CSR_VSCAUSE, 1)					\
	X(vstval, CSR_VSTVAL, 1)					\
	X(vsatp, CSR_VSATP, 1)

/*
 * Zero: a legal value of every one of them (a WARL CSR ignores a write it
 * cannot take, which would hide nothing), and not what they held.
 */
#define POISON	0UL

struct hs_context {
	struct sbi_trap_regs regs;	/* the caller's, at its HART_SUSPEND */
#define X(name, num, poison) unsigned long name;
	HS_CSRS(X)
#undef X
	unsigned long senvcfg, henvcfg, hstateen0, stimecmp, vstimecmp;
	u64 f[32];
	unsigned long fcsr;
	bool saved;
};

static unsigned long context_offset;

int sbivisor_hart_suspend_init(void)
{
	context_offset = sbi_scratch_alloc_type_offset(struct hs_context);
	return context_offset ? 0 : SBI_ENOMEM;
}

static struct hs_context *this_context(void)
{
	return sbi_scratch_thishart_offset_ptr(context_offset);
}

static bool hart_has_fp(void)
{
	return misa_extension('F') && misa_extension('D');
}

/* FP registers: M-mode may use them while mstatus.FS is on. */
static void fp_save(struct hs_context *c)
{
	unsigned long mstatus = csr_read_set(CSR_MSTATUS, MSTATUS_FS);

#define F(n) asm volatile("fsd f" #n ", %0" : "=m"(c->f[n]));
	F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9) F(10) F(11) F(12)
	F(13) F(14) F(15) F(16) F(17) F(18) F(19) F(20) F(21) F(22) F(23)
	F(24) F(25) F(26) F(27) F(28) F(29) F(30) F(31)
#undef F
	asm volatile("frcsr %0" : "=r"(c->fcsr));
	/* As if power went: what a missed restore would leave. */
	asm volatile("fscsr zero; fmv.d.x f0, zero; fmv.d.x f10, zero; fmv.d.x f31, zero");
	csr_write(CSR_MSTATUS, mstatus);
}

static void fp_restore(const struct hs_context *c)
{
	unsigned long mstatus = csr_read_set(CSR_MSTATUS, MSTATUS_FS);

#define F(n) asm volatile("fld f" #n ", %0" : : "m"(c->f[n]));
	F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9) F(10) F(11) F(12)
	F(13) F(14) F(15) F(16) F(17) F(18) F(19) F(20) F(21) F(22) F(23)
	F(24) F(25) F(26) F(27) F(28) F(29) F(30) F(31)
#undef F
	asm volatile("fscsr %0" : : "r"(c->fcsr));
	csr_write(CSR_MSTATUS, mstatus);
}

static void context_save(struct hs_context *c, const struct sbi_trap_regs *regs)
{
	struct sbi_scratch *scratch = sbi_scratch_thishart_ptr();

	c->regs = *regs;
#define X(name, num, poison)					\
	c->name = csr_read(num);				\
	if (poison)						\
		csr_write(num, POISON);
	HS_CSRS(X)
#undef X
	if (sbi_hart_priv_version(scratch) >= SBI_HART_PRIV_VER_1_12) {
		c->senvcfg = csr_read(CSR_SENVCFG);
		c->henvcfg = csr_read(CSR_HENVCFG);
	}
	if (sbi_hart_has_extension(scratch, SBI_HART_EXT_SMSTATEEN))
		c->hstateen0 = csr_read(CSR_HSTATEEN0_NUM);
	if (sbi_hart_has_extension(scratch, SBI_HART_EXT_SSTC)) {
		c->stimecmp = csr_read(CSR_STIMECMP);
		c->vstimecmp = csr_read(CSR_VSTIMECMP_NUM);
	}
	if (hart_has_fp())
		fp_save(c);
	c->saved = true;
}

static void context_restore(struct hs_context *c)
{
	struct sbi_scratch *scratch = sbi_scratch_thishart_ptr();

#define X(name, num, poison) csr_write(num, c->name);
	HS_CSRS(X)
#undef X
	if (sbi_hart_priv_version(scratch) >= SBI_HART_PRIV_VER_1_12) {
		csr_write(CSR_SENVCFG, c->senvcfg);
		csr_write(CSR_HENVCFG, c->henvcfg);
	}
	if (sbi_hart_has_extension(scratch, SBI_HART_EXT_SMSTATEEN))
		csr_write(CSR_HSTATEEN0_NUM, c->hstateen0);
	if (sbi_hart_has_extension(scratch, SBI_HART_EXT_SSTC)) {
		csr_write(CSR_STIMECMP, c->stimecmp);
		csr_write(CSR_VSTIMECMP_NUM, c->vstimecmp);
	}
	if (hart_has_fp())
		fp_restore(c);
	c->saved = false;
}

int sbivisor_hart_suspend(struct sbi_trap_regs *regs, unsigned long type,
			  unsigned long trampoline)
{
	struct sbi_scratch *scratch = sbi_scratch_thishart_ptr();
	struct hs_context *c = this_context();
	unsigned long mode = (regs->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
	int rc;

	/* An HS-mode caller: one running guests has VS state to keep. */
	if (mode != PRV_S || sbi_regs_from_virt(regs) || !misa_extension('H'))
		return SBI_EDENIED;

	switch (type) {
	case SBIVISOR_SUSPEND_RETENTIVE:
		return sbi_hsm_hart_suspend(scratch, SBI_HSM_SUSPEND_RET_DEFAULT,
					    0, 0, 0);
	case SBIVISOR_SUSPEND_NON_RETENTIVE:
		break;
	default:
		return SBI_EINVAL;
	}

	context_save(c, regs);
	/* On success this does not return: the hart resumes at the trampoline. */
	rc = sbi_hsm_hart_suspend(scratch, SBI_HSM_SUSPEND_NON_RET_DEFAULT,
				  trampoline, PRV_S, 0);
	context_restore(c);
	return rc;
}

int sbivisor_hart_resume(struct sbi_trap_regs *regs)
{
	struct hs_context *c = this_context();

	if (!c->saved)
		return SBI_EDENIED;
	context_restore(c);
	/* Back where the caller's HART_SUSPEND was, as its return. */
	*regs = c->regs;
	regs->mepc += 4;
	regs->a0 = SBI_SUCCESS;
	regs->a1 = 0;
	return SBI_SUCCESS;
}
