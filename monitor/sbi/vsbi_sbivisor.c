// SPDX-License-Identifier: BSD-2-Clause
/*
 * The sbivisor SBI extension as the monitor serves it to its guests
 * (docs/sbi-extension.md): the same EID and functions as the firmware's,
 * answered for the calling guest, and the functions only the monitor
 * serves: the list of guests and yield.
 */

#include <monitor/core/guest.h>
#include <monitor/core/sched.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>
#include <sbivisor/sbivisor_ext.h>
#include <string.h>

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
	case SBIVISOR_INFO_VCPU_SWITCHES:
		*value = v->switches;
		return SBI_SUCCESS;
	default:
		return SBI_ERR_INVALID_PARAM;
	}
}

/*
 * Every guest may list every guest: its ID, name, state and vCPU count,
 * nothing of its memory or devices (docs/sbi-extension.md).
 */
static __attribute__((noinline)) struct vsbi_ret
guest_status(struct vcpu *v, unsigned long id)
{
	struct guest *g = guest_by_id(id);

	if (!g)
		return VSBI_ERR(SBI_ERR_INVALID_PARAM);
	return VSBI_OK(guest_state_of(g) | (g->cfg->vcpus << 8) |
		       (g == v->guest ? SBIVISOR_GUEST_IS_CALLER : 0));
}

/* The name, NUL-terminated and cut to `size`, into the caller's RAM. */
/* Out of line, like guest_status(): GET_INFO's path stays short. */
static __attribute__((noinline)) struct vsbi_ret
guest_name(struct vcpu *v, unsigned long id, unsigned long lo,
	   unsigned long hi, unsigned long size)
{
	struct guest *g = guest_by_id(id);
	unsigned long len;
	uint64_t hpa;
	char *dst;

	if (!g)
		return VSBI_ERR(SBI_ERR_INVALID_PARAM);
	len = strlen(g->cfg->name);
	if (!size)
		return VSBI_OK(len);
	if (hi || !guest_ram_hpa(v->guest, lo, size, &hpa))
		return VSBI_ERR(SBI_ERR_INVALID_ADDRESS);
	dst = (char *)(uintptr_t)hpa;
	if (len >= size)
		len = size - 1;
	memcpy(dst, g->cfg->name, len);
	dst[len] = '\0';
	return VSBI_OK(strlen(g->cfg->name));
}

static struct vsbi_ret vsbi_sbivisor_handle(struct vcpu *v, unsigned long eid,
					    unsigned long fid,
					    const unsigned long *args)
{
	unsigned long value = 0;
	long error;

	/* The common one first: the rest are rare. */
	if (fid == SBIVISOR_FID_GET_INFO) {
		error = guest_info(v, args[0], &value);
		return VSBI_RET(error, value);
	}
	switch (fid) {
	case SBIVISOR_FID_GUEST_STATUS:
		return guest_status(v, args[0]);
	case SBIVISOR_FID_GUEST_NAME:
		return guest_name(v, args[0], args[1], args[2], args[3]);
	case SBIVISOR_FID_YIELD:
		sched_yield(v);
		return VSBI_OK(0);
	default:
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	}
}

VSBI_EXTENSION_EID(sbivisor, SBIVISOR_EXT_ID, vsbi_sbivisor_handle);
