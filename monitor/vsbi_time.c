// SPDX-License-Identifier: BSD-2-Clause
/* SBI Timer extension for guests (monitor/vcpu_timer.c does the work). */

#include <monitor/vcpu.h>
#include <monitor/vsbi.h>
#include <sbivisor/sbi.h>

static void vsbi_time_handle(struct vcpu *v, struct vsbi_call *call)
{
	if (call->fid != SBI_TIME_SET_TIMER) {
		call->error = SBI_ERR_NOT_SUPPORTED;
		return;
	}
	vcpu_timer_set(v, call->args[0]);
}

VSBI_EXTENSION(time) = {
	.name = "time",
	.eid_start = SBI_EXT_TIME,
	.eid_end = SBI_EXT_TIME,
	.handle = vsbi_time_handle,
};
