// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI HSM hart_suspend from the guest: 1,000 retentive and 1,000
 * non-retentive suspends, each woken by the timer, with general-purpose,
 * FP and CSR patterns checked around them; the error cases of the call.
 */

#include <sbivisor/sbi.h>
#include <string.h>

#include "guest.h"
#include "smp.h"
#include "suspend.h"

#define CYCLES	1000

struct suspend_ctx {
	unsigned long pattern[32];
	uint64_t fpattern[32];
	unsigned long seen[32];
	uint64_t fseen[32];
	unsigned long saved[32];
	unsigned long resume_a0, resume_a1, resumed;
};

long guest_suspend(unsigned long type, struct suspend_ctx *ctx);
long guest_system_suspend(struct suspend_ctx *ctx);
void guest_resume(void);

static struct suspend_ctx ctx[GUEST_MAX_CPUS];

static long suspend_call(unsigned long type, unsigned long resume, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, type, resume, opaque).error;
}

static void cycles(unsigned long type, unsigned int *failed, unsigned int *bad_gpr,
		   unsigned int *bad_fpr, unsigned int *bad_csr, unsigned int *bad_resume)
{
	static const unsigned char kept[] = { 1, 3, 4, 8, 9, 18, 19, 20, 21, 22,
					      23, 24, 25, 26, 27 };
	struct suspend_ctx *c = &ctx[this_cpu()];
	unsigned long sscratch = 0x5c5c00000000beefUL, stvec = csr_read(CSR_STVEC);

	for (unsigned int n = 0; n < 32; n++) {
		c->pattern[n] = 0x7700000000000000UL | (n * 0x0101010101UL) | this_cpu();
		c->fpattern[n] = 0x4010000000000000UL + n * 0x777;
	}
	c->pattern[4] = this_cpu();	/* tp: this_cpu() while we are away */
	csr_write(CSR_SSCRATCH, sscratch);
	csr_set(CSR_SSTATUS, SSTATUS_FS_INITIAL);
	/* Woken by the timer, which we enable, with interrupts off. */
	csr_clear(CSR_SSTATUS, SSTATUS_SIE);
	csr_set(CSR_SIE, SIP_STIP);

	for (unsigned int i = 0; i < CYCLES; i++) {
		c->resumed = 0;
		sbi_set_timer(csr_read(CSR_TIME) + 100);
		if (guest_suspend(type, c))
			(*failed)++;
		sbi_set_timer(~0UL);
		if (type & SBI_HSM_SUSP_NON_RET_BIT) {
			if (!c->resumed || c->resume_a0 != this_cpu() ||
			    c->resume_a1 != (unsigned long)c)
				(*bad_resume)++;
		} else {
			for (unsigned int k = 0; k < sizeof(kept); k++)
				if (c->seen[kept[k]] != c->pattern[kept[k]])
					(*bad_gpr)++;
		}
		for (unsigned int n = 0; n < 32; n++)
			if (c->fseen[n] != c->fpattern[n])
				(*bad_fpr)++;
		if (csr_read(CSR_SSCRATCH) != sscratch || csr_read(CSR_STVEC) != stvec ||
		    !(csr_read(CSR_SIE) & SIP_STIP) || csr_read(CSR_SATP))
			(*bad_csr)++;
	}
	csr_clear(CSR_SIE, SIP_STIP);
}

void test_suspend(void)
{
	unsigned int failed, bad_gpr, bad_fpr, bad_csr, bad_resume;
	long rc;

	rc = suspend_call(1, 0, 0);
	tap_ok(rc == SBI_ERR_INVALID_PARAM, "HSM hart_suspend type 1 (reserved) = INVALID_PARAM (%ld)", rc);
	rc = suspend_call(0x80000001UL, (unsigned long)guest_resume, 0);
	tap_ok(rc == SBI_ERR_INVALID_PARAM, "HSM hart_suspend type 0x80000001 (reserved) = INVALID_PARAM (%ld)", rc);
	rc = suspend_call(0x10000000UL, 0, 0);
	tap_ok(rc == SBI_ERR_NOT_SUPPORTED, "HSM hart_suspend of a platform type = NOT_SUPPORTED (%ld)", rc);
	/* suspend_type is uint32_t: the upper bits of the register are ignored. */
	rc = suspend_call((1UL << 32) | 0x10000000UL, 0, 0);
	tap_ok(rc == SBI_ERR_NOT_SUPPORTED, "HSM hart_suspend of a platform type with upper bits set = NOT_SUPPORTED, upper bits ignored (%ld)", rc);
	rc = suspend_call((1UL << 32) | 1, 0, 0);
	tap_ok(rc == SBI_ERR_INVALID_PARAM, "HSM hart_suspend type 1 with upper bits set = INVALID_PARAM, as 1 (%ld)", rc);
	rc = suspend_call(SBI_HSM_SUSP_NON_RET_BIT, 0x1000, 0);
	tap_ok(rc == SBI_ERR_INVALID_ADDRESS, "HSM non-retentive hart_suspend resuming outside guest RAM = INVALID_ADDRESS (%ld)", rc);

	for (int k = 0; k < 2; k++) {
		unsigned long type = k ? SBI_HSM_SUSP_NON_RET_BIT : 0;
		const char *what = k ? "non-retentive" : "retentive";

		failed = bad_gpr = bad_fpr = bad_csr = bad_resume = 0;
		cycles(type, &failed, &bad_gpr, &bad_fpr, &bad_csr, &bad_resume);
		tap_ok(!failed, "%u %s suspends woken by the timer (%u failed)", CYCLES, what, failed);
		if (k)
			tap_ok(!bad_resume, "%s: each resumes at resume_addr with a0 = hart ID, a1 = opaque (%u wrong)",
			       what, bad_resume);
		else
			tap_ok(!bad_gpr, "%s: ra, gp, tp, s0-s11 intact (%u wrong)", what, bad_gpr);
		tap_ok(!bad_fpr, "%s: f0-f31 intact (%u wrong)", what, bad_fpr);
		tap_ok(!bad_csr, "%s: sscratch, stvec, sie kept, satp = 0 (%u wrong)", what, bad_csr);
	}
}

/* ------------------------------------------------------ system suspend */

static uint64_t memory[8192];

static uint64_t checksum(void)
{
	uint64_t sum = 0;

	for (unsigned int i = 0; i < sizeof(memory) / sizeof(memory[0]); i++)
		sum = (sum << 7 | sum >> 57) ^ memory[i];
	return sum;
}

static long susp_call(unsigned long type, unsigned long resume, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_SUSP, SBI_SUSP_SYSTEM_SUSPEND, type, resume,
			 opaque).error;
}

void test_system_suspend(unsigned int cpus)
{
	struct suspend_ctx *c = &ctx[this_cpu()];
	unsigned long t0, deadline, counter_before;
	static volatile unsigned long counter;
	uint64_t sum;
	long rc;

	rc = susp_call(1, (unsigned long)guest_resume, 0);
	tap_ok(rc == SBI_ERR_INVALID_PARAM, "SUSP sleep type 1 (reserved) = INVALID_PARAM (%ld)", rc);
	rc = susp_call(0x80000000UL, (unsigned long)guest_resume, 0);
	tap_ok(rc == SBI_ERR_NOT_SUPPORTED, "SUSP of a platform sleep type = NOT_SUPPORTED (%ld)", rc);
	/* sleep_type is uint32_t: the upper bits of the register are ignored. */
	rc = susp_call((1UL << 32) | 0x80000000UL, (unsigned long)guest_resume, 0);
	tap_ok(rc == SBI_ERR_NOT_SUPPORTED, "SUSP of a platform sleep type with upper bits set = NOT_SUPPORTED, upper bits ignored (%ld)", rc);
	rc = susp_call(0, 0x1000, 0);
	tap_ok(rc == SBI_ERR_INVALID_ADDRESS, "SUSP resuming outside guest RAM = INVALID_ADDRESS (%ld)", rc);
	if (cpus > 1) {
		rc = susp_call(0, (unsigned long)guest_resume, 0);
		tap_ok(rc == SBI_ERR_DENIED, "SUSP while other harts run = DENIED (%ld)", rc);
		tap_ok(smp_stop_all(), "the other harts stop");
	}

	for (unsigned int i = 0; i < sizeof(memory) / sizeof(memory[0]); i++)
		memory[i] = 0x9e3779b97f4a7c15UL * (i + 1);
	sum = checksum();
	counter = 12345;
	counter_before = counter;
	csr_set(CSR_SSTATUS, SSTATUS_FS_INITIAL);
	for (unsigned int n = 0; n < 32; n++)
		c->fpattern[n] = 0x4020000000000000UL + n;

	/* Woken by a timer set before, 1 ms on: the only interrupt enabled. */
	csr_clear(CSR_SSTATUS, SSTATUS_SIE);
	csr_write(CSR_SIE, SIP_STIP);
	csr_clear(CSR_SIP, SIP_SSIP);
	t0 = csr_read(CSR_TIME);
	deadline = t0 + 10000;
	c->resumed = 0;
	sbi_set_timer(deadline);
	rc = guest_system_suspend(c);
	sbi_set_timer(~0UL);
	csr_clear(CSR_SIE, SIP_STIP);

	tap_ok(!rc && c->resumed, "SUSP suspend to RAM, woken by a timer, resumes (%ld)", rc);
	tap_ok(c->resume_a0 == this_cpu() && c->resume_a1 == (unsigned long)c,
	       "resumed at resume_addr with a0 = hart ID, a1 = opaque");
	tap_ok(checksum() == sum && counter == counter_before,
	       "memory checksum and counters intact");
	tap_ok(csr_read(CSR_TIME) >= deadline, "time went on: %lu ticks asleep at least",
	       deadline - t0);
	tap_ok(!csr_read(CSR_SATP) && !(csr_read(CSR_SSTATUS) & SSTATUS_SIE),
	       "resumed with satp = 0 and interrupts off");
}
