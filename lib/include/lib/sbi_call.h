/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Calling SBI from S-mode (the monitor, test guests): the ecall itself and
 * the few wrappers several callers share.
 */
#ifndef LIB_SBI_CALL_H
#define LIB_SBI_CALL_H

#include <sbivisor/sbi.h>
#include <sbivisor/sbivisor_ext.h>

struct sbiret {
	long error;
	long value;
};

/* An SBI call: EID in a7, FID in a6, arguments in a0-a3 (SBI spec). */
static inline struct sbiret sbi_ecall4(unsigned long eid, unsigned long fid,
				       unsigned long arg0, unsigned long arg1,
				       unsigned long arg2, unsigned long arg3)
{
	register unsigned long a0 asm("a0") = arg0;
	register unsigned long a1 asm("a1") = arg1;
	register unsigned long a2 asm("a2") = arg2;
	register unsigned long a3 asm("a3") = arg3;
	register unsigned long a6 asm("a6") = fid;
	register unsigned long a7 asm("a7") = eid;

	asm volatile("ecall"
		     : "+r"(a0), "+r"(a1)
		     : "r"(a2), "r"(a3), "r"(a6), "r"(a7)
		     : "memory");
	return (struct sbiret){ .error = (long)a0, .value = (long)a1 };
}

/* The same with three arguments, which most calls take. */
static inline struct sbiret sbi_ecall(unsigned long eid, unsigned long fid,
				      unsigned long arg0, unsigned long arg1,
				      unsigned long arg2)
{
	return sbi_ecall4(eid, fid, arg0, arg1, arg2, 0);
}

/* Nonzero when the firmware serves extension `eid`. */
static inline long sbi_probe_extension(unsigned long eid)
{
	struct sbiret ret = sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION,
				      eid, 0, 0);

	return ret.error ? 0 : ret.value;
}

static inline long sbi_hart_start(unsigned long hartid, unsigned long addr,
				  unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, addr,
			 opaque).error;
}

/* A supervisor software interrupt to the harts of hart_mask. */
static inline long sbi_send_ipi(unsigned long hart_mask,
				unsigned long hart_mask_base)
{
	return sbi_ecall(SBI_EXT_IPI, SBI_IPI_SEND_IPI, hart_mask,
			 hart_mask_base, 0).error;
}

/* Program the supervisor timer (SBI TIME); ~0 stops it. */
static inline long sbi_set_timer(unsigned long when)
{
	return sbi_ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, when, 0, 0).error;
}

void sbivisor_resume_trampoline(void);

/*
 * sbivisor's HART_SUSPEND from HS-mode: back like a function call, every
 * register and CSR as before; 0, or the SBI error.
 */
static inline long sbivisor_hart_suspend(unsigned long type)
{
	return sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_HART_SUSPEND, type,
			 (unsigned long)sbivisor_resume_trampoline, 0).error;
}

/* Returns only if the firmware refused. */
static inline long sbi_system_reset(unsigned long type, unsigned long reason)
{
	return sbi_ecall(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, type, reason,
			 0).error;
}

#endif /* LIB_SBI_CALL_H */
