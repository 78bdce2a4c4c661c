/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Assembly macros shared by every path that saves or restores a register
 * file, so the trap entry and (later) the world switch use one definition.
 */
#ifndef MONITOR_ASM_H
#define MONITOR_ASM_H

#ifdef __ASSEMBLER__

#define REGBYTES	8

/*
 * Store the general-purpose registers other than zero and sp at
 * \base + \offset + n * REGBYTES: the callers save sp themselves, since it
 * is usually the base.
 */
.macro save_gprs base, offset
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (\offset + \n * REGBYTES)(\base)
	.endr
.endm

#endif /* __ASSEMBLER__ */
#endif /* MONITOR_ASM_H */
