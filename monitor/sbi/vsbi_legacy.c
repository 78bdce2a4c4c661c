// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI v0.1 legacy calls for guests, the whole set: set_timer,
 * console_putchar, console_getchar, clear_ipi, send_ipi, remote_fence_i,
 * remote_sfence_vma, remote_sfence_vma_asid and shutdown. The EID is the
 * function; only a0 returns. A hart mask is passed by its guest-virtual
 * address, read as the guest would load it (NULL: every hart, as OpenSBI
 * takes it); an address that faults returns SBI_ERR_INVALID_ADDRESS.
 * Remote fences do what RFENCE does (vsbi_rfence.c): all of the guest's
 * VS-stage entries on the targets' harts, more than a range asks for.
 */

#include <lib/sbi_call.h>
#include <monitor/core/guest.h>
#include <monitor/core/mmio.h>
#include <monitor/core/vconsole.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>

static long vsbi_legacy_probe(struct vcpu *v, unsigned long eid)
{
	return eid <= SBI_EXT_0_1_SHUTDOWN;
}

static long console_getchar(struct guest *g)
{
	char c;

	return vconsole_read(g, &c, 1) == 1 ? (unsigned char)c : -1;
}

/* The vCPUs of the mask at guest-virtual `va`: SBI_SUCCESS or an error. */
static long read_hart_mask(struct vcpu *v, unsigned long va,
			   unsigned long *targets)
{
	unsigned long mask;

	if (!va)
		return vsbi_hart_mask(0, -1UL, v->guest->cfg->vcpus, targets);
	if (guest_read_ulong(va, &mask))
		return SBI_ERR_INVALID_ADDRESS;
	return vsbi_hart_mask(mask, 0, v->guest->cfg->vcpus, targets);
}

/* v0.1: `error` is all the guest gets, in a0. */
static struct vsbi_ret vsbi_legacy_handle(struct vcpu *v, unsigned long eid,
					  unsigned long fid,
					  const unsigned long *args)
{
	unsigned long targets;
	long error;

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
	case SBI_EXT_0_1_CLEAR_IPI:
		vcpu_clear_own_ipi(v);
		return VSBI_ERR(0);
	case SBI_EXT_0_1_SEND_IPI:
		error = read_hart_mask(v, args[0], &targets);
		if (!error)
			vsbi_ipi_send(v->guest, targets);
		return VSBI_ERR(error);
	case SBI_EXT_0_1_REMOTE_FENCE_I:
	case SBI_EXT_0_1_REMOTE_SFENCE_VMA:
	case SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID:
		error = read_hart_mask(v, args[0], &targets);
		if (!error)
			vcpu_fence_all(v, targets);
		return VSBI_ERR(error);
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
