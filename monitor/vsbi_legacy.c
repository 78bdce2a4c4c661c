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

static void vsbi_legacy_handle(struct vcpu *v, struct vsbi_call *call)
{
	call->legacy = true;
	call->value = 0;
	switch (call->eid) {
	case SBI_EXT_0_1_SET_TIMER:
		vcpu_timer_set(v, call->args[0]);
		break;
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
		sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE,
			  call->args[0] & 0xff, 0, 0);
		break;
	case SBI_EXT_0_1_CONSOLE_GETCHAR:
		call->value = console_getchar();
		break;
	case SBI_EXT_0_1_SHUTDOWN:
		guest_shutdown(v->guest, false);
		break;
	default:
		call->value = SBI_ERR_NOT_SUPPORTED;
		break;
	}
}

VSBI_EXTENSION(legacy) = {
	.name = "legacy",
	.eid_start = 0x00,
	.eid_end = 0x0f,
	.probe = vsbi_legacy_probe,
	.handle = vsbi_legacy_handle,
};
