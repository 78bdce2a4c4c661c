// SPDX-License-Identifier: BSD-2-Clause
/* SBI Timer extension for guests (monitor/core/vcpu_timer.c does the work). */

#include <monitor/core/vcpu.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>

static struct vsbi_ret vsbi_time_handle(struct vcpu *v, unsigned long eid,
					unsigned long fid,
					const unsigned long *args)
{
	if (fid != SBI_TIME_SET_TIMER)
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	vcpu_timer_set(v, args[0]);
	return VSBI_OK(0);
}

VSBI_EXTENSION_EID(time, SBI_EXT_TIME, vsbi_time_handle);
