// SPDX-License-Identifier: BSD-2-Clause
/* SBI Base extension for guests. */

#include <monitor/core/monitor.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>
#include <sbivisor/sbivisor_ext.h>

#define SBI_SPEC_VERSION	((2UL << 24) | 0)	/* v2.0 */

static struct vsbi_ret vsbi_base_handle(struct vcpu *v, unsigned long eid,
					unsigned long fid,
					const unsigned long *args)
{
	switch (fid) {
	case SBI_BASE_GET_SPEC_VERSION:
		return VSBI_OK(SBI_SPEC_VERSION);
	case SBI_BASE_GET_IMPL_ID:
		return VSBI_OK(SBIVISOR_SBI_IMPL_ID);
	case SBI_BASE_GET_IMPL_VERSION:
		return VSBI_OK((SBIVISOR_MONITOR_VERSION_MAJOR << 16) |
			       SBIVISOR_MONITOR_VERSION_MINOR);
	case SBI_BASE_PROBE_EXTENSION:
		return VSBI_OK(vsbi_probe(v, args[0]));
	case SBI_BASE_GET_MVENDORID:
		return VSBI_OK(monitor->mvendorid);
	case SBI_BASE_GET_MARCHID:
		return VSBI_OK(monitor->marchid);
	case SBI_BASE_GET_MIMPID:
		return VSBI_OK(monitor->mimpid);
	default:
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	}
}

VSBI_EXTENSION_EID(base, SBI_EXT_BASE, vsbi_base_handle);
