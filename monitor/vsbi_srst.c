// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI System Reset for guests: the "system" is the guest. Shutdown ends it
 * (the last guest's end powers the machine off); a reboot, cold or warm,
 * starts it again from its original images.
 */

#include <monitor/guest.h>
#include <monitor/vsbi.h>
#include <sbivisor/sbi.h>

static void vsbi_srst_handle(struct vcpu *v, struct vsbi_call *call)
{
	unsigned long type = call->args[0], reason = call->args[1];

	if (call->fid != SBI_SRST_SYSTEM_RESET) {
		call->error = SBI_ERR_NOT_SUPPORTED;
		return;
	}
	/* Both are uint32_t in the spec; higher bits make them invalid. */
	if (type > 0xffffffffUL || reason > 0xffffffffUL ||
	    (type > SBI_SRST_TYPE_WARM_REBOOT && type < SBI_SRST_TYPE_VENDOR) ||
	    (reason > SBI_SRST_REASON_SYSTEM_FAILURE &&
	     reason < SBI_SRST_REASON_IMPL)) {
		call->error = SBI_ERR_INVALID_PARAM;
		return;
	}
	if (type >= SBI_SRST_TYPE_VENDOR) {
		call->error = SBI_ERR_NOT_SUPPORTED;
		return;
	}

	if (type == SBI_SRST_TYPE_SHUTDOWN)
		guest_shutdown(v->guest,
			       reason == SBI_SRST_REASON_SYSTEM_FAILURE);
	else
		guest_reboot(v->guest);
}

VSBI_EXTENSION(srst) = {
	.name = "srst",
	.eid_start = SBI_EXT_SRST,
	.eid_end = SBI_EXT_SRST,
	.handle = vsbi_srst_handle,
};
