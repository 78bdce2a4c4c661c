/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Assembly macros shared by every path that saves or restores a register
 * file (the trap entry, the world switch for host and guest alike): one
 * definition, a base register, an offset and the list of registers.
 */
#ifndef MONITOR_ASM_H
#define MONITOR_ASM_H

#ifdef __ASSEMBLER__

#define REGBYTES	8

/* Register numbers for the lists below (x1 = ra, x2 = sp, ...). */
#define ALL_GPRS_BUT_SP		1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
/* What C code may clobber (ra, t0-t6, a0-a7), and sp: all a guest exit saves. */
#define CALLER_SAVED_GPRS	1,2,5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
/* The rest, but tp: gp, s0-s11. */
#define CALLEE_SAVED_GPRS	3,8,9,18,19,20,21,22,23,24,25,26,27

/* Store registers \regs at \base + \offset + n * REGBYTES (n = number). */
.macro save_gprs base, offset, regs:vararg
	.irp n, \regs
	sd	x\n, (\offset + \n * REGBYTES)(\base)
	.endr
.endm

/* Load what save_gprs stored. */
.macro load_gprs base, offset, regs:vararg
	.irp n, \regs
	ld	x\n, (\offset + \n * REGBYTES)(\base)
	.endr
.endm

#endif /* __ASSEMBLER__ */
#endif /* MONITOR_ASM_H */
