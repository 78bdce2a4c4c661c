// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI System Reset for guests: the "system" is the guest. Shutdown ends it
 * (the last guest's end powers the machine off); a reboot, cold or warm,
 * starts it again from its original images.
 */

#include <monitor/core/guest.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>

static struct vsbi_ret vsbi_srst_handle(struct vcpu *v, unsigned long eid,
					unsigned long fid,
					const unsigned long *args)
{
	uint32_t type = vsbi_arg32(args[0]), reason = vsbi_arg32(args[1]);

	if (fid != SBI_SRST_SYSTEM_RESET)
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	if ((type > SBI_SRST_TYPE_WARM_REBOOT && type < SBI_SRST_TYPE_VENDOR) ||
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

VSBI_EXTENSION_EID(srst, SBI_EXT_SRST, vsbi_srst_handle);
