/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a guest-page fault in an emulated window was: the guest's own load
 * or store there, which the window's device carries out; an implicit
 * access of the guest's page-table walk, or an access the window cannot
 * take, for which the guest gets an access fault (what hardware gives a
 * walk or an access an I/O region does not support); or a fault gone
 * stale, the guest's translation having changed since. Pure, so tested on
 * the host (tests/host/test_mmio_decode.c).
 */
#ifndef MONITOR_MMIO_DECODE_H
#define MONITOR_MMIO_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include <lib/error.h>

#include <monitor/vdev/insn.h>
#include <monitor/vdev/vsstage.h>

enum mmio_verdict {
	MMIO_EMULATE,		/* `a` is the access, at the faulting address */
	MMIO_ACCESS_FAULT,	/* the guest gets an access fault of its kind */
	MMIO_RETRY,		/* the guest runs the instruction again */
	MMIO_FLUSH_RETRY,	/* the same, after a flush of its stale TLB entries */
	MMIO_DECODE_INSN,	/* htinst is 0: mmio_decode_insn() decides */
};

/*
 * htinst decides when the hart wrote it: a transformed load or store (of
 * the fault's kind, `store`) is the guest's access, a pseudoinstruction
 * its walk's. The common case, so nothing else is read for it.
 */
enum mmio_verdict mmio_decode_htinst(unsigned long htinst, bool store,
				     struct insn_access *a);

/* A load or store guest-page fault whose htinst was 0, as the trap left it. */
struct mmio_fault {
	bool store;		/* a store/AMO guest-page fault */
	uint64_t va;		/* stval: the guest-virtual address */
	uint64_t gpa;		/* htval << 2 | the low bits of stval */
	unsigned long vsatp;	/* the guest's translation at the fault */
	const unsigned long *x;	/* its registers, x[0] reading 0 */
	/* The instruction at sepc: 0, or ERR_FAULT when its memory faults. */
	int (*read_insn)(void *ctx, uint32_t *insn);
	vsstage_read_fn read_pte;
	void *ctx;
};

/*
 * htinst 0: the instruction at sepc is decoded, and emulated only if it is
 * the access that faulted: a load or store of the fault's kind, naming
 * `va`, and the guest's own translation of `va` leads to `gpa` (a
 * page-table entry on the way outside guest RAM means the walk faulted).
 */
enum mmio_verdict mmio_decode_insn(const struct mmio_fault *f, struct insn_access *a);

#endif /* MONITOR_MMIO_DECODE_H */
