// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI Debug Console for guests. The guest's buffer must lie wholly in its
 * RAM; it is then handed to the firmware's DBCN at its host address, so
 * nothing outside the guest is ever read or written on its behalf.
 */

#include <lib/sbi_call.h>
#include <monitor/guest.h>
#include <monitor/vsbi.h>
#include <sbivisor/sbi.h>

static struct vsbi_ret vsbi_dbcn_handle(struct vcpu *v, unsigned long eid,
					unsigned long fid,
					const unsigned long *args)
{
	unsigned long len = args[0], lo = args[1], hi = args[2];
	struct sbiret ret;
	uint64_t hpa;

	(void)eid;
	switch (fid) {
	case SBI_DBCN_CONSOLE_WRITE:
	case SBI_DBCN_CONSOLE_READ:
		if (!len)
			return VSBI_OK(0);
		/* A 64-bit hart has no physical address above 2^64. */
		if (hi || !guest_ram_hpa(v->guest, lo, len, &hpa))
			return VSBI_ERR(SBI_ERR_INVALID_PARAM);
		ret = sbi_ecall(SBI_EXT_DBCN, fid, len, hpa, 0);
		break;
	case SBI_DBCN_CONSOLE_WRITE_BYTE:
		ret = sbi_ecall(SBI_EXT_DBCN, fid, args[0] & 0xff, 0, 0);
		break;
	default:
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	}
	return VSBI_RET(ret.error, ret.value);
}

VSBI_EXTENSION(dbcn) = {
	.name = "dbcn",
	.eid_start = SBI_EXT_DBCN,
	.eid_end = SBI_EXT_DBCN,
	.handle = vsbi_dbcn_handle,
};
