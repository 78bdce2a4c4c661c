/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Emulated devices: guest-physical windows the G-stage leaves unmapped, so
 * that the guest's loads and stores there trap and are carried out by the
 * device's handlers (the virtual PLIC, APLIC and IMSIC files).
 */
#ifndef MONITOR_MMIO_H
#define MONITOR_MMIO_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

struct mmio_ops {
	/*
	 * One access of `width` bytes (1, 2, 4, 8) at `offset` in the window.
	 * Return 0, or ERR_INVALID for an access the device does not take (a
	 * width or alignment it has no register for): the guest then gets an
	 * access fault, as from a bus that rejects it.
	 */
	int (*read)(void *ctx, struct vcpu *v, uint64_t offset,
		    unsigned int width, uint64_t *value);
	int (*write)(void *ctx, struct vcpu *v, uint64_t offset,
		     unsigned int width, uint64_t value);
};

struct mmio_region {
	uint64_t base;
	uint64_t size;
	const struct mmio_ops *ops;
	void *ctx;
};

/* Windows one guest may have: PLIC, or APLIC and IMSIC pages. */
#define GUEST_MAX_MMIO	4

/*
 * A guest-page fault at `gpa`: if an emulated device of the vCPU's guest
 * covers it, carry the access out and return true (the guest goes on after
 * the instruction, or takes an access fault). False: nothing there.
 * Needs the vCPU's whole register file saved (monitor/core/switch.S does that
 * for guest-page faults).
 */
bool mmio_emulate(struct vcpu *v, unsigned long scause, uint64_t gpa);

/*
 * The guest instruction at guest-virtual `pc`, read as the guest fetches it.
 * Returns 0, or ERR_FAULT if its memory faults (then nothing of the trap the
 * vCPU is in has changed).
 */
int guest_read_insn(unsigned long pc, uint32_t *insn);

/*
 * The unsigned long of guest memory at guest-virtual `va`, read as the
 * guest would load it from where it trapped. Returns 0, ERR_INVALID when
 * `va` is not aligned, or ERR_FAULT as guest_read_insn().
 */
int guest_read_ulong(unsigned long va, unsigned long *value);

#endif /* MONITOR_MMIO_H */
