// SPDX-License-Identifier: BSD-2-Clause
/*
 * The sbivisor SBI extension as the monitor serves it to its guests
 * (docs/sbi-extension.md): the same EID and functions as the firmware's,
 * answered for the calling guest.
 */

#include <monitor/guest.h>
#include <monitor/vsbi.h>
#include <sbivisor/sbi.h>
#include <sbivisor/sbivisor_ext.h>

static long guest_info(struct vcpu *v, unsigned long attribute,
		       unsigned long *value)
{
	switch (attribute) {
	case SBIVISOR_INFO_VERSION:
		*value = SBIVISOR_VERSION;
		return SBI_SUCCESS;
	case SBIVISOR_INFO_FEATURES:
		/* A vCPU has no H extension. */
		*value = 0;
		return SBI_SUCCESS;
	case SBIVISOR_INFO_MONITOR_VERSION:
		*value = SBIVISOR_VERSION_ENCODE(SBIVISOR_MONITOR_VERSION_MAJOR,
						 SBIVISOR_MONITOR_VERSION_MINOR);
		return SBI_SUCCESS;
	case SBIVISOR_INFO_GUEST_ID:
		*value = v->guest->id;
		return SBI_SUCCESS;
	case SBIVISOR_INFO_VCPU_COUNT:
		*value = v->guest->cfg->vcpus;
		return SBI_SUCCESS;
	default:
		return SBI_ERR_INVALID_PARAM;
	}
}

static struct vsbi_ret vsbi_sbivisor_handle(struct vcpu *v, unsigned long eid,
					    unsigned long fid,
					    const unsigned long *args)
{
	unsigned long value = 0;
	long error;

	(void)eid;
	if (fid != SBIVISOR_FID_GET_INFO)
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	error = guest_info(v, args[0], &value);
	return VSBI_RET(error, value);
}

VSBI_EXTENSION(sbivisor) = {
	.name = "sbivisor",
	.eid_start = SBIVISOR_EXT_ID,
	.eid_end = SBIVISOR_EXT_ID,
	.handle = vsbi_sbivisor_handle,
};
