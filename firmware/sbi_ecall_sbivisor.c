// SPDX-License-Identifier: BSD-2-Clause
/*
 * The sbivisor SBI extension, served in M-mode (docs/sbi-extension.md).
 */

#include <sbi/riscv_asm.h>
#include <sbi/sbi_ecall.h>
#include <sbi/sbi_error.h>
#include <sbi/sbi_trap.h>
#include <sbivisor/sbivisor_ext.h>

#include "sbivisor_firmware.h"

static unsigned long sbivisor_features(void)
{
	unsigned long features = 0;

	if (misa_extension('H'))
		features |= SBIVISOR_FEAT_HART_H | SBIVISOR_FEAT_HART_SUSPEND;
	if (sbivisor_illegal_insn_delegated())
		features |= SBIVISOR_FEAT_ILLEGAL_INSN_TO_S;

	return features;
}

static int sbivisor_get_info(unsigned long attribute, unsigned long *value)
{
	switch (attribute) {
	case SBIVISOR_INFO_VERSION:
		*value = SBIVISOR_VERSION;
		return SBI_OK;
	case SBIVISOR_INFO_FEATURES:
		*value = sbivisor_features();
		return SBI_OK;
	case SBIVISOR_INFO_MONITOR_VERSION:
	case SBIVISOR_INFO_GUEST_ID:
	case SBIVISOR_INFO_VCPU_COUNT:
	case SBIVISOR_INFO_VCPU_SWITCHES:
		/* The caller is not a guest: the monitor answers these. */
		return SBI_ENOTSUPP;
	default:
		return SBI_EINVAL;
	}
}

static int sbivisor_ecall_handler(unsigned long extid, unsigned long funcid,
				  struct sbi_trap_regs *regs,
				  struct sbi_ecall_return *out)
{
	int rc;

	switch (funcid) {
	case SBIVISOR_FID_GET_INFO:
		return sbivisor_get_info(regs->a0, &out->value);
	case SBIVISOR_FID_HART_SUSPEND:
		return sbivisor_hart_suspend(regs, regs->a0, regs->a1);
	case SBIVISOR_FID_HART_RESUME:
		rc = sbivisor_hart_resume(regs);
		/* Every register is the suspended caller's already. */
		out->skip_regs_update = !rc;
		return rc;
	default:
		return SBI_ENOTSUPP;
	}
}

static struct sbi_ecall_extension ecall_sbivisor = {
	.name		= "sbivsr",
	.extid_start	= SBIVISOR_EXT_ID,
	.extid_end	= SBIVISOR_EXT_ID,
	.experimental	= true,
	.handle		= sbivisor_ecall_handler,
};

int sbivisor_ecall_register(void)
{
	int rc = sbivisor_hart_suspend_init();

	return rc ? rc : sbi_ecall_register_extension(&ecall_sbivisor);
}
