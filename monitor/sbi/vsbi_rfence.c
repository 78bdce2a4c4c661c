// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI RFENCE for guests. remote_fence_i and the sfence_vma calls are carried
 * out on the harts of the target vCPUs, and return once all have done them.
 * Every one does fence.i and flushes all VS-stage TLB entries of the guest's
 * VMID: more than a range or an ASID asks for, never less. The hfence calls
 * are for hypervisors; a guest has no H extension.
 */

#include <monitor/core/guest.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>

static struct vsbi_ret vsbi_rfence_handle(struct vcpu *v, unsigned long eid,
					  unsigned long fid,
					  const unsigned long *args)
{
	unsigned long targets;
	long error;

	switch (fid) {
	case SBI_RFENCE_REMOTE_FENCE_I:
	case SBI_RFENCE_REMOTE_SFENCE_VMA:
	case SBI_RFENCE_REMOTE_SFENCE_VMA_ASID:
		error = vsbi_hart_mask(args[0], args[1], v->guest->cfg->vcpus,
				       &targets);
		if (!error)
			vcpu_fence_all(v, targets);
		return VSBI_ERR(error);
	default:
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	}
}

VSBI_EXTENSION_EID(rfence, SBI_EXT_RFENCE, vsbi_rfence_handle);
