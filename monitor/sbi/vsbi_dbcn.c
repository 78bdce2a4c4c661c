// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI Debug Console for guests. The guest's buffer must lie wholly in its
 * RAM; it is then read or written at its host address (monitor/core/vconsole.c),
 * so nothing outside the guest is ever touched on its behalf.
 */

#include <lib/sbi_call.h>
#include <monitor/core/guest.h>
#include <monitor/core/vconsole.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>

static struct vsbi_ret vsbi_dbcn_handle(struct vcpu *v, unsigned long eid,
					unsigned long fid,
					const unsigned long *args)
{
	unsigned long len = args[0], lo = args[1], hi = args[2];
	char *buf;
	uint64_t hpa;
	char byte;

	switch (fid) {
	case SBI_DBCN_CONSOLE_WRITE:
	case SBI_DBCN_CONSOLE_READ:
		if (!len)
			return VSBI_OK(0);
		/* A 64-bit hart has no physical address above 2^64. */
		if (hi || !guest_ram_hpa(v->guest, lo, len, &hpa))
			return VSBI_ERR(SBI_ERR_INVALID_PARAM);
		buf = (char *)(uintptr_t)hpa;
		if (fid == SBI_DBCN_CONSOLE_WRITE)
			return VSBI_OK(vconsole_write(v->guest, buf, len));
		return VSBI_OK(vconsole_read(v->guest, buf, len));
	case SBI_DBCN_CONSOLE_WRITE_BYTE:
		byte = args[0] & 0xff;
		vconsole_write(v->guest, &byte, 1);
		return VSBI_OK(0);
	default:
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	}
}

VSBI_EXTENSION_EID(dbcn, SBI_EXT_DBCN, vsbi_dbcn_handle);
