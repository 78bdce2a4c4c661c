// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI FWFT (firmware features) for guests. Every feature is local: each
 * vCPU has its own values and locks, back to their reset values (all off,
 * none locked) when it is reset (HSM start, reboot). A feature is served
 * where the harts let guests have it (monitor/core/features.c):
 * - MISALIGNED_EXC_DELEG: misaligned loads and stores go to the guest
 *   (hedeleg), the firmware delegating them to S-mode on the vCPU's hart
 *   while it runs (its own FWFT, switched in vcpu_load() only when the
 *   vCPU before asked otherwise); off, the firmware emulates them;
 * - LANDING_PAD, SHADOW_STACK, PTE_AD_HW_UPDATING: henvcfg.LPE, .SSE and
 *   .ADUE, switched with the vCPU;
 * - POINTER_MASKING_PMLEN: henvcfg.PMM, the smallest PMLEN the harts have
 *   of at least the one asked for.
 * DOUBLE_TRAP is not served: henvcfg.DTE needs menvcfg.DTE, which would
 * make the monitor's own expected faults (reads of guest memory inside a
 * trap) double traps. Errors as the SBI v3.0 spec lists them: DENIED for
 * a reserved or platform feature, NOT_SUPPORTED for a defined one the
 * harts lack, INVALID_PARAM for a bad value or flags, DENIED_LOCKED for a
 * locked one.
 */

#include <lib/csr.h>
#include <monitor/core/guest.h>
#include <monitor/core/hart.h>
#include <monitor/core/monitor.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>

/* The henvcfg bits a feature sets, 0 for those that are not henvcfg's. */
static unsigned long feature_henvcfg(uint32_t feature)
{
	switch (feature) {
	case SBI_FWFT_LANDING_PAD:
		return HENVCFG_LPE;
	case SBI_FWFT_SHADOW_STACK:
		return HENVCFG_SSE;
	case SBI_FWFT_PTE_AD_HW_UPDATING:
		return HENVCFG_ADUE;
	case SBI_FWFT_POINTER_MASKING_PMLEN:
		return HENVCFG_PMM;
	default:
		return 0;
	}
}

/* The features served, by ID: where the boot hart lets guests have them. */
static unsigned long served(void)
{
	unsigned long bits = 0;

	if (monitor->fwft_misaligned)
		bits |= 1UL << SBI_FWFT_MISALIGNED_EXC_DELEG;
	for (uint32_t f = SBI_FWFT_LANDING_PAD;
	     f < SBI_FWFT_LOCAL_RESERVED_START; f++)
		if (monitor->fwft_henvcfg & feature_henvcfg(f))
			bits |= 1UL << f;
	return bits;
}

static long feature_check(uint32_t feature)
{
	return vsbi_fwft_check(feature, served());
}

static unsigned long feature_value(const struct vcpu *v, uint32_t feature)
{
	unsigned long bits = v->henvcfg & feature_henvcfg(feature);

	switch (feature) {
	case SBI_FWFT_MISALIGNED_EXC_DELEG:
		return v->misaligned_delegated;
	case SBI_FWFT_POINTER_MASKING_PMLEN:
		return vsbi_fwft_pmlen(bits >> HENVCFG_PMM_SHIFT);
	default:
		return bits != 0;
	}
}

/*
 * The henvcfg bits for `value` of a henvcfg feature, or -1UL for a value
 * the feature does not take.
 */
static unsigned long henvcfg_for(uint32_t feature, unsigned long value)
{
	unsigned long pmm;

	if (feature != SBI_FWFT_POINTER_MASKING_PMLEN)
		return value > 1 ? -1UL : value ? feature_henvcfg(feature) : 0;
	pmm = vsbi_fwft_pmm(value, monitor->pmlen7, monitor->pmlen16);
	return pmm == -1UL ? -1UL : pmm << HENVCFG_PMM_SHIFT;
}

static long fwft_set(struct vcpu *v, uint32_t feature, unsigned long value,
		     unsigned long flags)
{
	unsigned long bits;
	long error = feature_check(feature);

	if (error)
		return error;
	if (flags & ~SBI_FWFT_SET_FLAG_LOCK)
		return SBI_ERR_INVALID_PARAM;
	if (v->fwft_locked & (1UL << feature))
		return SBI_ERR_DENIED_LOCKED;

	if (feature == SBI_FWFT_MISALIGNED_EXC_DELEG) {
		if (value > 1)
			return SBI_ERR_INVALID_PARAM;
		v->misaligned_delegated = value;
		vcpu_update_hedeleg(v);
		if (v->hart->misaligned_delegated != v->misaligned_delegated)
			hart_fwft_misaligned(v->hart, value);
	} else {
		bits = henvcfg_for(feature, value);
		if (bits == -1UL)
			return SBI_ERR_INVALID_PARAM;
		v->henvcfg =
			(v->henvcfg & ~feature_henvcfg(feature)) | bits;
		csr_write(CSR_HENVCFG, v->henvcfg);
	}
	if (flags & SBI_FWFT_SET_FLAG_LOCK)
		v->fwft_locked |= 1UL << feature;
	return SBI_SUCCESS;
}

static struct vsbi_ret vsbi_fwft_handle(struct vcpu *v, unsigned long eid,
					unsigned long fid,
					const unsigned long *args)
{
	uint32_t feature = vsbi_arg32(args[0]);
	long error;

	switch (fid) {
	case SBI_FWFT_SET:
		return VSBI_ERR(fwft_set(v, feature, args[1], args[2]));
	case SBI_FWFT_GET:
		error = feature_check(feature);
		return error ? VSBI_ERR(error)
			     : VSBI_OK(feature_value(v, feature));
	default:
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	}
}

VSBI_EXTENSION_EID(fwft, SBI_EXT_FWFT, vsbi_fwft_handle);
