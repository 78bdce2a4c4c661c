// SPDX-License-Identifier: BSD-2-Clause
/* SBI Base extension for guests. */

#include <monitor/monitor.h>
#include <monitor/vsbi.h>
#include <sbivisor/sbi.h>
#include <sbivisor/sbivisor_ext.h>

#define SBI_SPEC_VERSION	((2UL << 24) | 0)	/* v2.0 */

static void vsbi_base_handle(struct vcpu *v, struct vsbi_call *call)
{
	switch (call->fid) {
	case SBI_BASE_GET_SPEC_VERSION:
		call->value = SBI_SPEC_VERSION;
		break;
	case SBI_BASE_GET_IMPL_ID:
		call->value = SBIVISOR_SBI_IMPL_ID;
		break;
	case SBI_BASE_GET_IMPL_VERSION:
		call->value = (SBIVISOR_MONITOR_VERSION_MAJOR << 16) |
			      SBIVISOR_MONITOR_VERSION_MINOR;
		break;
	case SBI_BASE_PROBE_EXTENSION:
		call->value = vsbi_probe(v, call->args[0]);
		break;
	case SBI_BASE_GET_MVENDORID:
		call->value = monitor.mvendorid;
		break;
	case SBI_BASE_GET_MARCHID:
		call->value = monitor.marchid;
		break;
	case SBI_BASE_GET_MIMPID:
		call->value = monitor.mimpid;
		break;
	default:
		call->error = SBI_ERR_NOT_SUPPORTED;
		break;
	}
}

VSBI_EXTENSION(base) = {
	.name = "base",
	.eid_start = SBI_EXT_BASE,
	.eid_end = SBI_EXT_BASE,
	.handle = vsbi_base_handle,
};
