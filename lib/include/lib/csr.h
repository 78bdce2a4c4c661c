/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CSR numbers and fields (privileged spec 1.12, H extension 1.0, Sstc,
 * Smstateen) and accessors, for C and assembly, in the monitor and in S-mode
 * test guests alike.
 */
#ifndef LIB_CSR_H
#define LIB_CSR_H

/* Supervisor */
#define CSR_SSTATUS		0x100
#define CSR_SIE			0x104
#define CSR_STVEC		0x105
#define CSR_SCOUNTEREN		0x106
#define CSR_SSP			0x011	/* Zicfiss */
#define CSR_SENVCFG		0x10a
#define CSR_SSTATEEN0		0x10c
#define CSR_SSCRATCH		0x140
#define CSR_SEPC		0x141
#define CSR_SCAUSE		0x142
#define CSR_STVAL		0x143
#define CSR_SIP			0x144
#define CSR_STIMECMP		0x14d
#define CSR_SISELECT		0x150	/* AIA */
#define CSR_SIREG		0x151
#define CSR_STOPEI		0x15c
#define CSR_SATP		0x180

/* Virtual supervisor (VS-mode's view of the S CSRs) */
#define CSR_VSSTATUS		0x200
#define CSR_VSIE		0x204
#define CSR_VSTVEC		0x205
#define CSR_VSSCRATCH		0x240
#define CSR_VSEPC		0x241
#define CSR_VSCAUSE		0x242
#define CSR_VSTVAL		0x243
#define CSR_VSIP		0x244
#define CSR_VSTIMECMP		0x24d
#define CSR_VSISELECT		0x250	/* AIA */
#define CSR_VSIREG		0x251
#define CSR_VSTOPEI		0x25c
#define CSR_VSATP		0x280

/* Hypervisor */
#define CSR_HSTATUS		0x600
#define CSR_HEDELEG		0x602
#define CSR_HIDELEG		0x603
#define CSR_HIE			0x604
#define CSR_HTIMEDELTA		0x605
#define CSR_HCOUNTEREN		0x606
#define CSR_HGEIE		0x607
#define CSR_HVICTL		0x609	/* AIA */
#define CSR_HENVCFG		0x60a
#define CSR_HSTATEEN0		0x60c
#define CSR_HTVAL		0x643
#define CSR_HIP			0x644
#define CSR_HVIP		0x645
#define CSR_HTINST		0x64a
#define CSR_HGATP		0x680
#define CSR_HGEIP		0xe12

/* Unprivileged counters */
#define CSR_CYCLE		0xc00
#define CSR_TIME		0xc01
#define CSR_INSTRET		0xc02

/* Vector (V) */
#define CSR_VLENB		0xc22

/* sstatus */
#define SSTATUS_SIE		(1UL << 1)
#define SSTATUS_SPIE		(1UL << 5)
#define SSTATUS_SPP		(1UL << 8)
#define SSTATUS_FS		(3UL << 13)
#define SSTATUS_FS_OFF		(0UL << 13)
#define SSTATUS_FS_INITIAL	(1UL << 13)
#define SSTATUS_FS_CLEAN	(2UL << 13)
#define SSTATUS_FS_DIRTY	(3UL << 13)
#define SSTATUS_UXL_64		(2UL << 32)
#define SSTATUS_VS		(3UL << 9)
#define SSTATUS_VS_OFF		(0UL << 9)
#define SSTATUS_VS_INITIAL	(1UL << 9)
#define SSTATUS_VS_CLEAN	(2UL << 9)
#define SSTATUS_VS_DIRTY	(3UL << 9)

/* scause */
#define SCAUSE_INTERRUPT	(1UL << 63)

#define IRQ_S_SOFT		1
#define IRQ_VS_SOFT		2
#define IRQ_S_TIMER		5
#define IRQ_VS_TIMER		6
#define IRQ_S_EXT		9
#define IRQ_VS_EXT		10
#define IRQ_S_GEXT		12	/* a guest interrupt file (hgeip & hgeie) */

#define EXC_INST_MISALIGNED	0
#define EXC_INST_ACCESS		1
#define EXC_ILLEGAL_INST	2
#define EXC_BREAKPOINT		3
#define EXC_LOAD_MISALIGNED	4
#define EXC_LOAD_ACCESS		5
#define EXC_STORE_MISALIGNED	6
#define EXC_STORE_ACCESS	7
#define EXC_ECALL_U		8
#define EXC_ECALL_S		9
#define EXC_ECALL_VS		10
#define EXC_INST_PAGE_FAULT	12
#define EXC_LOAD_PAGE_FAULT	13
#define EXC_STORE_PAGE_FAULT	15
#define EXC_INST_GUEST_PAGE_FAULT	20
#define EXC_LOAD_GUEST_PAGE_FAULT	21
#define EXC_VIRTUAL_INST	22
#define EXC_STORE_GUEST_PAGE_FAULT	23

/* sie / sip / hvip / hideleg bits */
#define SIP_SSIP		(1UL << IRQ_S_SOFT)
#define SIP_STIP		(1UL << IRQ_S_TIMER)
#define SIP_SEIP		(1UL << IRQ_S_EXT)
#define HVIP_VSSIP		(1UL << IRQ_VS_SOFT)
#define HVIP_VSTIP		(1UL << IRQ_VS_TIMER)
#define HVIP_VSEIP		(1UL << IRQ_VS_EXT)
/* hip / hie bit 12: a guest interrupt file (hgeip & hgeie), an HS-level interrupt. */
#define HIP_SGEIP		(1UL << IRQ_S_GEXT)
#define HIE_SGEIE		(1UL << IRQ_S_GEXT)

/* hstatus */
#define HSTATUS_GVA		(1UL << 6)
#define HSTATUS_SPV		(1UL << 7)
#define HSTATUS_SPVP		(1UL << 8)
#define HSTATUS_VGEIN_SHIFT	12
#define HSTATUS_VGEIN_MASK	(0x3fUL << HSTATUS_VGEIN_SHIFT)
#define HSTATUS_VTW		(1UL << 21)

/* The encoding of WFI, as stval gives it on a virtual-instruction trap. */
#define INSN_WFI		0x10500073UL

/* hvictl: IID (27:16) and IPRIO (7:0) of what vstopi reports */
#define HVICTL_IID_SHIFT	16
#define HVICTL_IPRIO_LOWEST	0xffUL

/* hcounteren: which counters VS/VU-mode may read */
#define HCOUNTEREN_CY		(1UL << 0)
#define HCOUNTEREN_TM		(1UL << 1)
#define HCOUNTEREN_IR		(1UL << 2)

/* henvcfg */
#define HENVCFG_LPE		(1UL << 2)
#define HENVCFG_SSE		(1UL << 3)
#define HENVCFG_CBIE_FLUSH	(1UL << 4)
#define HENVCFG_CBCFE		(1UL << 6)
#define HENVCFG_CBZE		(1UL << 7)
#define HENVCFG_PMM_SHIFT	32
#define HENVCFG_PMM		(3UL << HENVCFG_PMM_SHIFT)
#define HENVCFG_PMM_PMLEN7	(2UL << HENVCFG_PMM_SHIFT)
#define HENVCFG_PMM_PMLEN16	(3UL << HENVCFG_PMM_SHIFT)
#define HENVCFG_ADUE		(1UL << 61)
#define HENVCFG_PBMTE		(1UL << 62)
#define HENVCFG_STCE		(1UL << 63)

/* hstateen0 (AIA: the IMSIC's and the other AIA CSRs of VS-mode) */
#define HSTATEEN0_IMSIC		(1UL << 58)
#define HSTATEEN0_AIA		(1UL << 59)
#define HSTATEEN0_CSRIND	(1UL << 60)
#define HSTATEEN0_ENVCFG	(1UL << 62)
#define HSTATEEN0_SSTATEEN0	(1UL << 63)

/* hgatp */
#define HGATP_MODE_SHIFT	60
#define HGATP_MODE_SV39X4	8UL
#define HGATP_MODE_SV48X4	9UL
#define HGATP_VMID_SHIFT	44
#define HGATP_VMID_MASK		0x3fffUL

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

#define csr_set(csr, val)						\
	({								\
		unsigned long __v = (unsigned long)(val);		\
		asm volatile("csrs " csr_str(csr) ", %0"		\
			     : : "rK"(__v) : "memory");			\
	})

#define csr_clear(csr, val)						\
	({								\
		unsigned long __v = (unsigned long)(val);		\
		asm volatile("csrc " csr_str(csr) ", %0"		\
			     : : "rK"(__v) : "memory");			\
	})

#define csr_swap(csr, val)						\
	({								\
		unsigned long __v = (unsigned long)(val);		\
		asm volatile("csrrw %0, " csr_str(csr) ", %1"		\
			     : "=r"(__v) : "rK"(__v) : "memory");	\
		__v;							\
	})

#endif /* __ASSEMBLER__ */
#endif /* LIB_CSR_H */
