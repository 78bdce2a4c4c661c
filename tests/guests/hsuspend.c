// SPDX-License-Identifier: BSD-2-Clause
/*
 * The firmware's HART_SUSPEND, tested from HS-mode straight on the firmware
 * (fw_jump, no monitor): fill the callee-saved registers, FP registers and
 * the HS and VS CSRs with patterns, suspend (retentive and non-retentive)
 * until a timer wakes the hart, and find every one as it was.
 * tests/qemu/hart_suspend.t checks the TAP this prints.
 */

#include <sbivisor/sbi.h>
#include <sbivisor/sbivisor_ext.h>

#include "guest.h"

#define CYCLES	100

/* The CSRs a pattern goes into: number, value to write. */
static const struct {
	const char *name;
	unsigned long pattern;
} csr_names[] = {
	{ "sscratch", 0x5c5c000011112222UL },
	{ "scounteren", 0x5 },
	{ "hstatus", (1UL << 21) | (1UL << 22) | (1UL << 8) },
	{ "hedeleg", 0xb109 },
	{ "hideleg", 0x444 },
	{ "hcounteren", 0x5 },
	{ "htimedelta", 0x123456789aUL },
	{ "hgatp", (8UL << 60) | (0x55UL << 44) | 0x12344 },
	{ "vsstatus", (2UL << 32) | (1UL << 8) | (1UL << 5) | (1UL << 13) },
	{ "vstvec", 0x80456780UL },
	{ "vsscratch", 0x5c5c000033334444UL },
	{ "vsepc", 0x80123454UL },
	{ "vscause", 0x800000000000000aUL },
	{ "vstval", 0xfeedfacecafeUL },
	{ "vsatp", (8UL << 60) | (0x7UL << 44) | 0x54321 },
};
#define NCSRS	(sizeof(csr_names) / sizeof(csr_names[0]))

static void write_csrs(const unsigned long *v)
{
	csr_write(CSR_SSCRATCH, v[0]);
	csr_write(CSR_SCOUNTEREN, v[1]);
	csr_write(CSR_HSTATUS, v[2]);
	csr_write(CSR_HEDELEG, v[3]);
	csr_write(CSR_HIDELEG, v[4]);
	csr_write(CSR_HCOUNTEREN, v[5]);
	csr_write(CSR_HTIMEDELTA, v[6]);
	csr_write(CSR_HGATP, v[7]);
	csr_write(CSR_VSSTATUS, v[8]);
	csr_write(CSR_VSTVEC, v[9]);
	csr_write(CSR_VSSCRATCH, v[10]);
	csr_write(CSR_VSEPC, v[11]);
	csr_write(CSR_VSCAUSE, v[12]);
	csr_write(CSR_VSTVAL, v[13]);
	csr_write(CSR_VSATP, v[14]);
}

static void read_csrs(unsigned long *v)
{
	v[0] = csr_read(CSR_SSCRATCH);
	v[1] = csr_read(CSR_SCOUNTEREN);
	v[2] = csr_read(CSR_HSTATUS);
	v[3] = csr_read(CSR_HEDELEG);
	v[4] = csr_read(CSR_HIDELEG);
	v[5] = csr_read(CSR_HCOUNTEREN);
	v[6] = csr_read(CSR_HTIMEDELTA);
	v[7] = csr_read(CSR_HGATP);
	v[8] = csr_read(CSR_VSSTATUS);
	v[9] = csr_read(CSR_VSTVEC);
	v[10] = csr_read(CSR_VSSCRATCH);
	v[11] = csr_read(CSR_VSEPC);
	v[12] = csr_read(CSR_VSCAUSE);
	v[13] = csr_read(CSR_VSTVAL);
	v[14] = csr_read(CSR_VSATP);
}

/*
 * long suspend_with_patterns(unsigned long type, unsigned long *gpr_in,
 *			      unsigned long *gpr_out, uint64_t *fpr);
 * in tests/guests/hsuspend_call.S: callee-saved GPRs, gp, tp, ra and all
 * FPRs from the patterns, HART_SUSPEND, everything stored back.
 */
long suspend_with_patterns(unsigned long type, const unsigned long *gpr_in,
			   unsigned long *gpr_out, uint64_t *fpr_out);

static unsigned long gpr_in[32], gpr_out[32];
static uint64_t fpr_out[33];

static bool cycle(unsigned long type, unsigned int *bad_gpr, unsigned int *bad_fpr,
		  unsigned int *bad_csr, long *rc)
{
	unsigned long want[NCSRS], seen[NCSRS];
	static const unsigned char kept[] = { 1, 3, 4, 8, 9, 18, 19, 20, 21,
					      22, 23, 24, 25, 26, 27 };

	/* What the hardware keeps of each pattern is what must come back. */
	for (unsigned int i = 0; i < NCSRS; i++)
		want[i] = csr_names[i].pattern;
	write_csrs(want);
	read_csrs(want);

	sbi_set_timer(csr_read(CSR_TIME) + 200);
	*rc = suspend_with_patterns(type, gpr_in, gpr_out, fpr_out);
	read_csrs(seen);
	sbi_set_timer(~0UL);
	csr_clear(CSR_SIP, SIP_STIP);

	for (unsigned int i = 0; i < sizeof(kept); i++)
		if (gpr_out[kept[i]] != gpr_in[kept[i]])
			(*bad_gpr)++;
	for (unsigned int n = 0; n < 32; n++)
		if (fpr_out[n] != 0x4000000000000000UL + n * 0x1001)
			(*bad_fpr)++;
	if (fpr_out[32] != 0x45)	/* fcsr */
		(*bad_fpr)++;
	for (unsigned int i = 0; i < NCSRS; i++)
		if (seen[i] != want[i]) {
			if (!*bad_csr)
				printf("# %s: 0x%lx, was 0x%lx\n", csr_names[i].name,
				       seen[i], want[i]);
			(*bad_csr)++;
		}
	return !*rc;
}

int guest_main(unsigned long hartid, const void *fdt)
{
	struct sbiret r;
	unsigned long stvec = csr_read(CSR_STVEC);

	for (unsigned int n = 0; n < 32; n++)
		gpr_in[n] = 0x6000000000000000UL | (n * 0x0101010101UL);

	r = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO, SBIVISOR_INFO_FEATURES, 0, 0);
	tap_ok(!r.error && (r.value & SBIVISOR_FEAT_HART_SUSPEND),
	       "GET_INFO(FEATURES) has HART_SUSPEND (0x%lx)", r.value);
	r = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_HART_SUSPEND, 1, 0, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "HART_SUSPEND(type 1) = INVALID_PARAM (%ld)", r.error);
	r = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_HART_RESUME, 0, 0, 0);
	tap_ok(r.error == SBI_ERR_DENIED, "HART_RESUME with nothing suspended = DENIED (%ld)", r.error);

	/* Wake by the timer; interrupts stay off, the wake-up needs none. */
	csr_set(CSR_SIE, SIP_STIP);
	for (int k = 0; k < 2; k++) {
		unsigned long type = k ? SBIVISOR_SUSPEND_NON_RETENTIVE :
					 SBIVISOR_SUSPEND_RETENTIVE;
		const char *what = k ? "non-retentive" : "retentive";
		unsigned int bad_gpr = 0, bad_fpr = 0, bad_csr = 0, done = 0;
		long rc = 0;

		for (unsigned int i = 0; i < CYCLES; i++)
			done += cycle(type, &bad_gpr, &bad_fpr, &bad_csr, &rc);
		tap_ok(done == CYCLES, "%s HART_SUSPEND: %u of %u returned 0 (last %ld)",
		       what, done, CYCLES, rc);
		tap_ok(!bad_gpr, "%s: ra, gp, tp, s0-s11 as before (%u wrong)", what, bad_gpr);
		tap_ok(!bad_fpr, "%s: f0-f31 and fcsr as before (%u wrong)", what, bad_fpr);
		tap_ok(!bad_csr, "%s: %u HS and VS CSRs as before (%u wrong)", what,
		       (unsigned int)NCSRS, bad_csr);
		tap_ok(csr_read(CSR_STVEC) == stvec, "%s: stvec as before", what);
	}
	/* Back to values the runtime can live with. */
	csr_write(CSR_HGATP, 0);
	csr_write(CSR_VSATP, 0);
	tap_done();
	return tap_failed ? 1 : 0;
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
}
