// SPDX-License-Identifier: BSD-2-Clause
/* Emulated devices' loads and stores; see monitor/include/monitor/mmio.h. */

#include <lib/csr.h>
#include <monitor/guest.h>
#include <monitor/insn.h>
#include <monitor/mmio.h>
#include <monitor/trap.h>
#include <monitor/vcpu.h>

int guest_read_insn(unsigned long pc, uint32_t *insn)
{
	/*
	 * A fault in guest_fetch_half() is a trap of the monitor's own: it
	 * overwrites sepc, sstatus.SPP/SPIE and hstatus.SPV of the trap the
	 * vCPU is in, so those are put back.
	 */
	unsigned long sepc = csr_read(CSR_SEPC);
	unsigned long sstatus = csr_read(CSR_SSTATUS);
	unsigned long hstatus = csr_read(CSR_HSTATUS);
	long low, high = 0;

	low = guest_fetch_half(pc);
	if (low >= 0 && insn_length(low) == 4)
		high = guest_fetch_half(pc + 2);
	if (low < 0 || high < 0) {
		csr_write(CSR_SEPC, sepc);
		csr_write(CSR_SSTATUS, sstatus);
		csr_write(CSR_HSTATUS, hstatus);
		return -1;
	}
	*insn = (uint32_t)low | ((uint32_t)high << 16);
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

bool mmio_emulate(struct vcpu *v, unsigned long scause, uint64_t gpa)
{
	const struct mmio_region *r = find_region(v->guest, gpa);
	unsigned long sepc = csr_read(CSR_SEPC);
	unsigned long *x = v->regs.gpr.x;
	bool store = scause == EXC_STORE_GUEST_PAGE_FAULT;
	struct insn_access a;
	uint32_t insn;
	uint64_t value;
	int rc;

	if (!r || scause == EXC_INST_GUEST_PAGE_FAULT)
		return false;
	if (insn_decode_htinst(csr_read(CSR_HTINST), &a)) {
		/* Unmapped meanwhile: let the guest run it again. */
		if (guest_read_insn(sepc, &insn))
			return true;
		if (insn_decode_access(insn, &a))
			a.width = 0;	/* an atomic, an FP load: not taken */
	}

	if (!a.width || a.store != store) {
		rc = -1;
	} else if (store) {
		rc = r->ops->write(r->ctx, v, gpa - r->base, a.width,
				   extend(a.reg ? x[a.reg] : 0, a.width, false));
	} else {
		rc = r->ops->read(r->ctx, v, gpa - r->base, a.width, &value);
		if (!rc && a.reg)
			x[a.reg] = extend(value, a.width, a.sign_extend);
	}
	if (rc) {
		/* stval holds the guest-virtual address of the access. */
		vcpu_redirect_trap(v, store ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS,
				   csr_read(CSR_STVAL));
		return true;
	}
	csr_write(CSR_SEPC, sepc + a.len);
	return true;
}
