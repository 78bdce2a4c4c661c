/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Constants of the RISC-V SBI specification (v3.0), for S-mode callers:
 * the monitor when it calls the firmware, and our test guests.
 *
 * The M-mode side (firmware/) uses OpenSBI's own sbi_ecall_interface.h and
 * never includes this file, so the names follow the specification without
 * clashing.
 */
#ifndef SBIVISOR_SBI_H
#define SBIVISOR_SBI_H

/* Standard error codes (SBI spec, "Binary Encoding", table 1) */
#define SBI_SUCCESS			0
#define SBI_ERR_FAILED			-1
#define SBI_ERR_NOT_SUPPORTED		-2
#define SBI_ERR_INVALID_PARAM		-3
#define SBI_ERR_DENIED			-4
#define SBI_ERR_INVALID_ADDRESS		-5
#define SBI_ERR_ALREADY_AVAILABLE	-6
#define SBI_ERR_ALREADY_STARTED		-7
#define SBI_ERR_ALREADY_STOPPED		-8
#define SBI_ERR_NO_SHMEM		-9
#define SBI_ERR_INVALID_STATE		-10
#define SBI_ERR_BAD_RANGE		-11
#define SBI_ERR_TIMEOUT			-12
#define SBI_ERR_IO			-13
#define SBI_ERR_DENIED_LOCKED		-14

/* Legacy extensions (SBI v0.1): the EID is the function */
#define SBI_EXT_0_1_SET_TIMER		0x00
#define SBI_EXT_0_1_CONSOLE_PUTCHAR	0x01
#define SBI_EXT_0_1_CONSOLE_GETCHAR	0x02
#define SBI_EXT_0_1_CLEAR_IPI		0x03
#define SBI_EXT_0_1_SEND_IPI		0x04
#define SBI_EXT_0_1_REMOTE_FENCE_I	0x05
#define SBI_EXT_0_1_REMOTE_SFENCE_VMA	0x06
#define SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID	0x07
#define SBI_EXT_0_1_SHUTDOWN		0x08

/* Base extension */
#define SBI_EXT_BASE			0x10
#define SBI_BASE_GET_SPEC_VERSION	0
#define SBI_BASE_GET_IMPL_ID		1
#define SBI_BASE_GET_IMPL_VERSION	2
#define SBI_BASE_PROBE_EXTENSION	3
#define SBI_BASE_GET_MVENDORID		4
#define SBI_BASE_GET_MARCHID		5
#define SBI_BASE_GET_MIMPID		6

/* Timer */
#define SBI_EXT_TIME			0x54494D45
#define SBI_TIME_SET_TIMER		0

/* IPI */
#define SBI_EXT_IPI			0x735049
#define SBI_IPI_SEND_IPI		0

/* Remote fences */
#define SBI_EXT_RFENCE			0x52464E43
#define SBI_RFENCE_REMOTE_FENCE_I	0
#define SBI_RFENCE_REMOTE_SFENCE_VMA	1
#define SBI_RFENCE_REMOTE_SFENCE_VMA_ASID	2
#define SBI_RFENCE_REMOTE_HFENCE_VVMA	6	/* the last one */

/* Hart state management */
#define SBI_EXT_HSM			0x48534D
#define SBI_HSM_HART_START		0
#define SBI_HSM_HART_STOP		1
#define SBI_HSM_HART_GET_STATUS		2
#define SBI_HSM_HART_SUSPEND		3

#define SBI_HSM_STATE_STARTED		0
#define SBI_HSM_STATE_STOPPED		1
#define SBI_HSM_STATE_START_PENDING	2
#define SBI_HSM_STATE_STOP_PENDING	3
#define SBI_HSM_STATE_SUSPENDED		4

/* hart_suspend types: the base in bits 30:0, bit 31 non-retentive */
#define SBI_HSM_SUSP_BASE_MASK		0x7fffffffUL
#define SBI_HSM_SUSP_RET_DEFAULT	0x00000000UL
#define SBI_HSM_SUSP_NON_RET_BIT	0x80000000UL
#define SBI_HSM_SUSP_PLAT_BASE		0x10000000UL

/* System reset */
#define SBI_EXT_SRST			0x53525354
#define SBI_SRST_SYSTEM_RESET		0
#define SBI_SRST_TYPE_SHUTDOWN		0
#define SBI_SRST_TYPE_COLD_REBOOT	1
#define SBI_SRST_TYPE_WARM_REBOOT	2
#define SBI_SRST_TYPE_VENDOR		0xf0000000UL	/* and above */
#define SBI_SRST_REASON_NONE		0
#define SBI_SRST_REASON_SYSTEM_FAILURE	1
#define SBI_SRST_REASON_IMPL		0xe0000000UL	/* and above */

/* System suspend */
#define SBI_EXT_SUSP			0x53555350
#define SBI_SUSP_SYSTEM_SUSPEND		0
#define SBI_SUSP_SLEEP_TYPE_SUSPEND_TO_RAM	0
#define SBI_SUSP_SLEEP_TYPE_PLATFORM	0x80000000UL	/* and above */

/* Debug console */
#define SBI_EXT_DBCN			0x4442434E
#define SBI_DBCN_CONSOLE_WRITE		0
#define SBI_DBCN_CONSOLE_READ		1
#define SBI_DBCN_CONSOLE_WRITE_BYTE	2

/* Steal-time accounting */
#define SBI_EXT_STA			0x535441
#define SBI_STA_STEAL_TIME_SET_SHMEM	0
#define SBI_STA_SHMEM_DISABLE		(-1UL)	/* both address halves */
#define SBI_STA_SHMEM_SIZE		64	/* and its alignment */
/* Its layout: little-endian, sequence odd while it is being written. */
#define SBI_STA_SEQUENCE		0	/* uint32_t */
#define SBI_STA_FLAGS			4	/* uint32_t */
#define SBI_STA_STEAL			8	/* uint64_t, nanoseconds */
#define SBI_STA_PREEMPTED		16	/* uint8_t */

/* Firmware features */
#define SBI_EXT_FWFT			0x46574654
#define SBI_FWFT_SET			0
#define SBI_FWFT_GET			1
#define SBI_FWFT_SET_FLAG_LOCK		(1UL << 0)
#define SBI_FWFT_MISALIGNED_EXC_DELEG	0
#define SBI_FWFT_LANDING_PAD		1
#define SBI_FWFT_SHADOW_STACK		2
#define SBI_FWFT_DOUBLE_TRAP		3
#define SBI_FWFT_PTE_AD_HW_UPDATING	4
#define SBI_FWFT_POINTER_MASKING_PMLEN	5
#define SBI_FWFT_LOCAL_RESERVED_START	6
#define SBI_FWFT_LOCAL_PLATFORM_START	0x40000000UL
#define SBI_FWFT_GLOBAL_RESERVED_START	0x80000000UL
#define SBI_FWFT_GLOBAL_PLATFORM_START	0xc0000000UL

#endif /* SBIVISOR_SBI_H */
