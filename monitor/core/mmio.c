// SPDX-License-Identifier: BSD-2-Clause
/* Emulated devices' loads and stores; see monitor/include/monitor/core/mmio.h. */

#include <lib/csr.h>
#include <lib/error.h>
#include <monitor/core/guest.h>
#include <monitor/core/mmio.h>
#include <monitor/core/tlb.h>
#include <monitor/core/trap.h>
#include <monitor/core/vcpu.h>
#include <monitor/vdev/insn.h>
#include <monitor/vdev/mmio_decode.h>

/*
 * A fault in guest_fetch_half() or guest_load_ulong() is a trap of the
 * monitor's own: it overwrites sepc, sstatus.SPP/SPIE and hstatus.SPV of
 * the trap the vCPU is in, so those are put back.
 */
struct trap_state {
	unsigned long sepc, sstatus, hstatus;
};

static inline __attribute__((always_inline)) void
trap_state_save(struct trap_state *t)
{
	t->sepc = csr_read(CSR_SEPC);
	t->sstatus = csr_read(CSR_SSTATUS);
	t->hstatus = csr_read(CSR_HSTATUS);
}

static inline __attribute__((always_inline)) void
trap_state_restore(const struct trap_state *t)
{
	csr_write(CSR_SEPC, t->sepc);
	csr_write(CSR_SSTATUS, t->sstatus);
	csr_write(CSR_HSTATUS, t->hstatus);
}

int guest_read_insn(unsigned long pc, uint32_t *insn)
{
	struct trap_state saved;
	long low, high = 0;

	trap_state_save(&saved);
	low = guest_fetch_half(pc);
	if (low >= 0 && insn_length(low) == 4)
		high = guest_fetch_half(pc + 2);
	if (low < 0 || high < 0) {
		trap_state_restore(&saved);
		return ERR_FAULT;
	}
	*insn = (uint32_t)low | ((uint32_t)high << 16);
	return 0;
}

int guest_read_ulong(unsigned long va, unsigned long *value)
{
	struct trap_state saved;

	if (va % sizeof(*value))
		return ERR_INVALID;
	trap_state_save(&saved);
	if (guest_load_ulong(va, value)) {
		trap_state_restore(&saved);
		return ERR_FAULT;
	}
	return 0;
}

static const struct mmio_region *find_region(const struct guest *g, uint64_t gpa)
{
	for (unsigned int i = 0; i < g->mmio_count; i++)
		if (gpa - g->mmio[i].base < g->mmio[i].size)
			return &g->mmio[i];
	return NULL;
}

static uint64_t extend(uint64_t value, unsigned int width, bool sign)
{
	unsigned int shift = 64 - 8 * width;

	if (width == 8)
		return value;
	return sign ? (uint64_t)((int64_t)(value << shift) >> shift) :
		      (value << shift) >> shift;
}

static int read_insn_at_sepc(void *ctx, uint32_t *insn)
{
	return guest_read_insn(csr_read(CSR_SEPC), insn);
}

/* A page-table entry of the guest's walk, if it lies in its RAM. */
static bool read_guest_pte(void *ctx, uint64_t gpa, uint64_t *pte)
{
	const struct guest *g = ctx;
	uint64_t hpa;

	if (!guest_ram_hpa(g, gpa, sizeof(*pte), &hpa))
		return false;
	*pte = __atomic_load_n((const uint64_t *)(uintptr_t)hpa, __ATOMIC_RELAXED);
	return true;
}

/* The access fault of the kind of a guest-page fault (scause 20, 21, 23). */
static unsigned long access_fault_of(unsigned long scause)
{
	switch (scause) {
	case EXC_INST_GUEST_PAGE_FAULT:
		return EXC_INST_ACCESS;
	case EXC_LOAD_GUEST_PAGE_FAULT:
		return EXC_LOAD_ACCESS;
	default:
		return EXC_STORE_ACCESS;
	}
}

/* The access `a` of the guest, carried out by the window's device. */
static int mmio_access(struct vcpu *v, const struct mmio_region *r,
		       const struct insn_access *a, uint64_t gpa)
{
	unsigned long *x = v->regs.gpr.x;
	uint64_t value;
	int rc;

	if (a->store)
		return r->ops->write(r->ctx, v, gpa - r->base, a->width,
				     extend(a->reg ? x[a->reg] : 0, a->width, false));
	rc = r->ops->read(r->ctx, v, gpa - r->base, a->width, &value);
	if (!rc && a->reg)
		x[a->reg] = extend(value, a->width, a->sign_extend);
	return rc;
}

bool mmio_emulate(struct vcpu *v, unsigned long scause, uint64_t gpa)
{
	const struct mmio_region *r = find_region(v->guest, gpa);
	bool store = scause == EXC_STORE_GUEST_PAGE_FAULT;
	enum mmio_verdict verdict;
	struct mmio_fault f;
	struct insn_access a;

	if (!r)
		return false;
	/* An I/O window holds no instructions: as a bus that refuses the fetch. */
	if (scause == EXC_INST_GUEST_PAGE_FAULT) {
		vcpu_redirect_trap(v, EXC_INST_ACCESS, csr_read(CSR_STVAL));
		return true;
	}
	verdict = mmio_decode_htinst(csr_read(CSR_HTINST), store, &a);
	if (verdict == MMIO_DECODE_INSN) {
		f = (struct mmio_fault){
			.store = store,
			.va = csr_read(CSR_STVAL),
			.gpa = gpa,
			.vsatp = csr_read(CSR_VSATP),
			.x = v->regs.gpr.x,
			.read_insn = read_insn_at_sepc,
			.read_pte = read_guest_pte,
			.ctx = v->guest,
		};
		verdict = mmio_decode_insn(&f, &a);
	}
	switch (verdict) {
	case MMIO_EMULATE:
		if (mmio_access(v, r, &a, gpa))
			break;	/* a width or offset the device has no register for */
		csr_write(CSR_SEPC, csr_read(CSR_SEPC) + a.len);
		return true;
	case MMIO_FLUSH_RETRY:
		hfence_vvma_all();	/* the loaded vCPU's VMID is in hgatp */
		return true;
	case MMIO_RETRY:
		return true;
	case MMIO_ACCESS_FAULT:
	case MMIO_DECODE_INSN:	/* decided above */
		break;
	}
	/* stval holds the guest-virtual address of the access. */
	vcpu_redirect_trap(v, access_fault_of(scause), csr_read(CSR_STVAL));
	return true;
}
