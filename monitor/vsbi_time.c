// SPDX-License-Identifier: BSD-2-Clause
/* SBI Timer extension for guests (monitor/vcpu_timer.c does the work). */

#include <monitor/vcpu.h>
#include <monitor/vsbi.h>
#include <sbivisor/sbi.h>

static struct vsbi_ret vsbi_time_handle(struct vcpu *v, unsigned long eid,
					unsigned long fid,
					const unsigned long *args)
{
	(void)eid;
	if (fid != SBI_TIME_SET_TIMER)
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	vcpu_timer_set(v, args[0]);
	return VSBI_OK(0);
}

VSBI_EXTENSION(time) = {
	.name = "time",
	.eid_start = SBI_EXT_TIME,
	.eid_end = SBI_EXT_TIME,
	.handle = vsbi_time_handle,
};
