/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where a non-retentive HART_SUSPEND resumes (docs/sbi-extension.md): in
 * S-mode, with no register of use but pc. It only asks the firmware to put
 * the suspended context back; the firmware then returns from the caller's
 * HART_SUSPEND. Never returns itself.
 */

#include <sbivisor/sbivisor_ext.h>

	.text
	.align	2
	.globl	sbivisor_resume_trampoline
sbivisor_resume_trampoline:
	li	a7, SBIVISOR_EXT_ID
	li	a6, SBIVISOR_FID_HART_RESUME
	ecall
1:	wfi
	j	1b
