/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CSR numbers (privileged spec 1.12) and accessors, for C and assembly, in
 * the monitor and in S-mode test guests alike.
 */
#ifndef LIB_CSR_H
#define LIB_CSR_H

#define CSR_SSTATUS		0x100
#define CSR_STVEC		0x105
#define CSR_SEPC		0x141
#define CSR_SCAUSE		0x142
#define CSR_STVAL		0x143
#define CSR_HTVAL		0x643
#define CSR_TIME		0xc01

#define SCAUSE_INTERRUPT	(1UL << 63)

#ifndef __ASSEMBLER__

#define __csr_str(x)		#x
#define csr_str(x)		__csr_str(x)

#define csr_read(csr)							\
	({								\
		unsigned long __v;					\
		asm volatile("csrr %0, " csr_str(csr)			\
			     : "=r"(__v) : : "memory");			\
		__v;							\
	})

#define csr_write(csr, val)						\
	({								\
		unsigned long __v = (unsigned long)(val);		\
		asm volatile("csrw " csr_str(csr) ", %0"		\
			     : : "rK"(__v) : "memory");			\
	})

#endif /* __ASSEMBLER__ */
#endif /* LIB_CSR_H */
