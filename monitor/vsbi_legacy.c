// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI v0.1 legacy calls for guests: set_timer, console_putchar,
 * console_getchar and shutdown. The EID is the function; only a0 returns.
 */

#include <lib/sbi_call.h>
#include <monitor/guest.h>
#include <monitor/vsbi.h>
#include <sbivisor/sbi.h>

static long vsbi_legacy_probe(struct vcpu *v, unsigned long eid)
{
	(void)v;
	return eid == SBI_EXT_0_1_SET_TIMER ||
	       eid == SBI_EXT_0_1_CONSOLE_PUTCHAR ||
	       eid == SBI_EXT_0_1_CONSOLE_GETCHAR ||
	       eid == SBI_EXT_0_1_SHUTDOWN;
}

static long console_getchar(void)
{
	unsigned char c;
	struct sbiret ret = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, 1,
				      (unsigned long)&c, 0);

	return (!ret.error && ret.value == 1) ? c : -1;
}

/* v0.1: `error` is all the guest gets, in a0. */
static struct vsbi_ret vsbi_legacy_handle(struct vcpu *v, unsigned long eid,
					  unsigned long fid,
					  const unsigned long *args)
{
	(void)fid;
	switch (eid) {
	case SBI_EXT_0_1_SET_TIMER:
		vcpu_timer_set(v, args[0]);
		return VSBI_ERR(0);
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
		sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE,
			  args[0] & 0xff, 0, 0);
		return VSBI_ERR(0);
	case SBI_EXT_0_1_CONSOLE_GETCHAR:
		return VSBI_ERR(console_getchar());
	case SBI_EXT_0_1_SHUTDOWN:
		guest_shutdown(v->guest, false);
		return VSBI_ERR(0);
	default:
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	}
}

VSBI_EXTENSION(legacy) = {
	.name = "legacy",
	.eid_start = 0x00,
	.eid_end = 0x0f,
	.probe = vsbi_legacy_probe,
	.handle = vsbi_legacy_handle,
	.legacy = true,
};
