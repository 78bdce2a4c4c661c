// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI v0.1 legacy calls for guests: set_timer, console_putchar,
 * console_getchar and shutdown. The EID is the function; only a0 returns.
 */

#include <lib/sbi_call.h>
#include <monitor/core/guest.h>
#include <monitor/core/vconsole.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>

static long vsbi_legacy_probe(struct vcpu *v, unsigned long eid)
{
	return eid == SBI_EXT_0_1_SET_TIMER ||
	       eid == SBI_EXT_0_1_CONSOLE_PUTCHAR ||
	       eid == SBI_EXT_0_1_CONSOLE_GETCHAR ||
	       eid == SBI_EXT_0_1_SHUTDOWN;
}

static long console_getchar(struct guest *g)
{
	char c;

	return vconsole_read(g, &c, 1) == 1 ? (unsigned char)c : -1;
}

/* v0.1: `error` is all the guest gets, in a0. */
static struct vsbi_ret vsbi_legacy_handle(struct vcpu *v, unsigned long eid,
					  unsigned long fid,
					  const unsigned long *args)
{
	switch (eid) {
	case SBI_EXT_0_1_SET_TIMER:
		vcpu_timer_set(v, args[0]);
		return VSBI_ERR(0);
	case SBI_EXT_0_1_CONSOLE_PUTCHAR: {
		char c = args[0] & 0xff;

		vconsole_write(v->guest, &c, 1);
		return VSBI_ERR(0);
	}
	case SBI_EXT_0_1_CONSOLE_GETCHAR:
		return VSBI_ERR(console_getchar(v->guest));
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
