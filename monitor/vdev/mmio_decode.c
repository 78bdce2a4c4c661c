// SPDX-License-Identifier: BSD-2-Clause
/* Classifying a guest-page fault in an emulated window; see monitor/include/monitor/vdev/mmio_decode.h. */

#include <monitor/vdev/mmio_decode.h>

enum mmio_verdict mmio_decode_htinst(unsigned long htinst, bool store,
				     struct insn_access *a)
{
	switch (insn_decode_htinst(htinst, a)) {
	case INSN_HTINST_NONE:
		return MMIO_DECODE_INSN;
	case INSN_HTINST_ACCESS:
		return a->store == store ? MMIO_EMULATE : MMIO_ACCESS_FAULT;
	default:
		/* The guest's page-table walk, or an access not taken. */
		return MMIO_ACCESS_FAULT;
	}
}

enum mmio_verdict mmio_decode_insn(const struct mmio_fault *f, struct insn_access *a)
{
	uint32_t insn;
	uint64_t gpa;

	if (f->read_insn(f->ctx, &insn))
		return MMIO_RETRY;	/* unmapped meanwhile: it faults anew */
	if (insn_decode_access(insn, a))
		return MMIO_ACCESS_FAULT;	/* an AMO, an FP load: not taken */
	if (a->store != f->store)
		return MMIO_RETRY;	/* not the instruction that faulted */
	/*
	 * A misaligned access whose second part faulted names another
	 * address than stval; an I/O window does not take those anyway.
	 */
	if ((a->base ? f->x[a->base] : 0) + a->offset != f->va)
		return MMIO_ACCESS_FAULT;

	switch (vsstage_translate(f->vsatp, f->va, f->read_pte, f->ctx, &gpa)) {
	case VSSTAGE_MAPPED:
		/* Another address: a stale TLB entry led the hart there. */
		return gpa == f->gpa ? MMIO_EMULATE : MMIO_FLUSH_RETRY;
	case VSSTAGE_PTE_UNREADABLE:
		/* Its page tables lie outside its RAM, where no walk goes. */
		return MMIO_ACCESS_FAULT;
	default:
		return MMIO_RETRY;	/* its own page fault, when it runs again */
	}
}
