/* SPDX-License-Identifier: BSD-2-Clause */
/* What firmware/ offers the platform code (M-mode). */
#ifndef SBIVISOR_FIRMWARE_H
#define SBIVISOR_FIRMWARE_H

#include <sbi/sbi_types.h>

struct sbi_trap_regs;

/* Register the sbivisor SBI extension; call once, on the cold-boot hart. */
int sbivisor_ecall_register(void);

/* firmware/hart_suspend.c: HART_SUSPEND and HART_RESUME. */
int sbivisor_hart_suspend_init(void);
int sbivisor_hart_suspend(struct sbi_trap_regs *regs, unsigned long type,
			  unsigned long trampoline);
/* On success the registers are the caller's of HART_SUSPEND, all set. */
int sbivisor_hart_resume(struct sbi_trap_regs *regs);

/*
 * firmware/trap_delegation.c: on each hart's (re)start, illegal
 * instructions to S-mode when M-mode has nothing to emulate for them.
 */
void sbivisor_delegate_traps(void);
bool sbivisor_illegal_insn_delegated(void);

#endif
