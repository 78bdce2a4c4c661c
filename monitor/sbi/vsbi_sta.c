// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI STA (steal-time accounting) for guests: each vCPU may register a
 * 64-byte record in its RAM, which the monitor keeps up to date with the
 * time the vCPU was ready but waited for its shared hart
 * (monitor/core/vcpu_steal.c). On a dedicated hart it stays 0. A reset of
 * the vCPU (reboot, HSM start) drops the record, so nothing is written
 * into a guest that did not ask again.
 */

#include <monitor/core/guest.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>

static struct vsbi_ret vsbi_sta_handle(struct vcpu *v, unsigned long eid,
				       unsigned long fid,
				       const unsigned long *args)
{
	unsigned long lo = args[0], hi = args[1], flags = args[2];
	uint64_t hpa;

	if (fid != SBI_STA_STEAL_TIME_SET_SHMEM)
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	if (flags)
		return VSBI_ERR(SBI_ERR_INVALID_PARAM);
	if (lo == SBI_STA_SHMEM_DISABLE && hi == SBI_STA_SHMEM_DISABLE) {
		vcpu_steal_set_record(v, 0);
		return VSBI_OK(0);
	}
	if (lo % SBI_STA_SHMEM_SIZE)
		return VSBI_ERR(SBI_ERR_INVALID_PARAM);
	/* A 64-bit hart has no physical address above 2^64. */
	if (hi || !guest_ram_hpa(v->guest, lo, SBI_STA_SHMEM_SIZE, &hpa))
		return VSBI_ERR(SBI_ERR_INVALID_ADDRESS);
	vcpu_steal_set_record(v, hpa);
	return VSBI_OK(0);
}

VSBI_EXTENSION_EID(sta, SBI_EXT_STA, vsbi_sta_handle);
