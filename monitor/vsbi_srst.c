// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI System Reset for guests: the "system" is the guest. Shutdown ends it
 * (the last guest's end powers the machine off); a reboot, cold or warm,
 * starts it again from its original images.
 */

#include <monitor/guest.h>
#include <monitor/vsbi.h>
#include <sbivisor/sbi.h>

static struct vsbi_ret vsbi_srst_handle(struct vcpu *v, unsigned long eid,
					unsigned long fid,
					const unsigned long *args)
{
	unsigned long type = args[0], reason = args[1];

	(void)eid;
	if (fid != SBI_SRST_SYSTEM_RESET)
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	/* Both are uint32_t in the spec; higher bits make them invalid. */
	if (type > 0xffffffffUL || reason > 0xffffffffUL ||
	    (type > SBI_SRST_TYPE_WARM_REBOOT && type < SBI_SRST_TYPE_VENDOR) ||
	    (reason > SBI_SRST_REASON_SYSTEM_FAILURE &&
	     reason < SBI_SRST_REASON_IMPL))
		return VSBI_ERR(SBI_ERR_INVALID_PARAM);
	if (type >= SBI_SRST_TYPE_VENDOR)
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);

	if (type == SBI_SRST_TYPE_SHUTDOWN)
		guest_shutdown(v->guest,
			       reason == SBI_SRST_REASON_SYSTEM_FAILURE);
	else
		guest_reboot(v->guest);
	return VSBI_OK(0);
}

VSBI_EXTENSION(srst) = {
	.name = "srst",
	.eid_start = SBI_EXT_SRST,
	.eid_end = SBI_EXT_SRST,
	.handle = vsbi_srst_handle,
};
