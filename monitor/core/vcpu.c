// SPDX-License-Identifier: BSD-2-Clause
/*
 * vCPUs: reset, load and put, suspend and resume, the run loop and the
 * exits it handles (a hart's own CSRs and idle: monitor/core/hart.c).
 */

#include <lib/console.h>
#include <lib/csr.h>
#include <lib/sbi_call.h>
#include <monitor/boot/config.h>
#include <monitor/core/ecall.h>
#include <monitor/core/guest.h>
#include <monitor/core/hart.h>
#include <monitor/core/mmio.h>
#include <monitor/core/monitor.h>
#include <monitor/core/sched.h>
#include <monitor/core/tlb.h>
#include <monitor/core/vcpu.h>
#include <monitor/core/watchdog.h>
#include <monitor/irq/host_irq.h>
#include <monitor/vdev/vimsic.h>
#include <sbivisor/sbivisor_ext.h>
#include <string.h>

/*
 * Exceptions the hardware hands the guest itself (hedeleg): those the
 * firmware delegates to HS-mode (medeleg), which the guest's kernel takes
 * on bare hardware. Not among them: what OpenSBI 1.6 takes in M-mode and
 * hands on, misaligned accesses it cannot emulate (AMOs, LR/SC), access
 * faults and, unless our firmware delegates them, illegal instructions.
 * Its redirect into VS-mode jumps to vstvec mode bits and all, so those
 * come to the monitor, which delivers them (vcpu_redirect_trap()).
 * Guest-page faults, virtual instructions and VS ecalls are the monitor's.
 */
#define HEDELEG_GUEST							\
	((1UL << EXC_INST_MISALIGNED) | (1UL << EXC_BREAKPOINT) |	\
	 (1UL << EXC_ECALL_U) | (1UL << EXC_INST_PAGE_FAULT) |		\
	 (1UL << EXC_LOAD_PAGE_FAULT) | (1UL << EXC_STORE_PAGE_FAULT))

void vcpu_kick(struct vcpu *v)
{
	/* On its own hart the run loop flushes before the next entry anyway. */
	if (v->hartid != this_hart()->hartid)
		sbi_send_ipi(1, v->hartid);
}

/* Long past any exit: the monitor's longest path, a guest boot, is ~ms. */
#define VCPU_STOP_WAIT_MS	100

enum vcpu_state vcpu_state_after_stop(struct vcpu *v)
{
	enum vcpu_state state = vcpu_get_state(v);
	uint64_t until;

	/* Its own hart could not finish the stop while we wait on it. */
	if (state != VCPU_STOP_PENDING || v->hartid == this_hart()->hartid)
		return state;
	until = csr_read(CSR_TIME) + monitor->timebase_hz * VCPU_STOP_WAIT_MS / 1000;
	/*
	 * Acquire (vcpu_get_state): pairs with the release of its hart's
	 * STOP_PENDING -> STOPPED (vcpu_change_state), after vcpu_put() of
	 * its state.
	 */
	while (state == VCPU_STOP_PENDING && csr_read(CSR_TIME) < until)
		state = vcpu_get_state(v);
	return state;
}

void vcpu_set_interrupt(struct vcpu *v, unsigned int irq)
{
	if (vcpu_irqs_raise(&v->irqs, irq))
		vcpu_kick(v);
}

void vcpu_unset_interrupt(struct vcpu *v, unsigned int irq)
{
	if (vcpu_irqs_lower(&v->irqs, irq))
		vcpu_kick(v);
}

void __vcpu_process_requests(struct vcpu *v)
{
	/* Acquire: pairs with the release in vcpu_fence_all(). */
	unsigned long asked = __atomic_load_n(&v->fence_asked, __ATOMIC_ACQUIRE);

	/*
	 * Always on the vCPU's own hart. Not loaded: the VMID in hgatp may be
	 * another guest's, so its next load flushes instead.
	 */
	fence_i();
	if (__atomic_load_n(&v->loaded, __ATOMIC_RELAXED))
		hfence_vvma_all();
	else if (v->hart->tlb_vcpu[v->guest->id] == v)
		v->hart->tlb_vcpu[v->guest->id] = NULL;
	/* Release: the fences above are done before the asker sees this. */
	__atomic_store_n(&v->fence_done, asked, __ATOMIC_RELEASE);
}

void vcpu_fence_all(struct vcpu *self, unsigned long targets)
{
	struct vcpu *vcpus = self->guest->vcpus;
	unsigned long wanted[GUEST_MAX_VCPUS];

	for (unsigned int i = 0; targets >> i; i++) {
		if (!((targets >> i) & 1))
			continue;
		if (&vcpus[i] == self) {
			fence_i();
			hfence_vvma_all();
			continue;
		}
		/*
		 * Release: the guest's page-table writes before its SBI call
		 * are seen by the target before it fences. Pairs with the
		 * acquire in vcpu_process_requests().
		 */
		wanted[i] = __atomic_add_fetch(&vcpus[i].fence_asked, 1,
					       __ATOMIC_RELEASE);
		vcpu_kick(&vcpus[i]);
	}
	for (unsigned int i = 0; targets >> i; i++) {
		unsigned long since = 0;

		if (!((targets >> i) & 1) || &vcpus[i] == self)
			continue;
		/*
		 * Acquire: pairs with the release in vcpu_process_requests().
		 * Meanwhile serve what others ask of this hart's vCPUs: two
		 * vCPUs may be waiting for each other, or the target may be
		 * one that takes turns with us here.
		 */
		while ((long)(__atomic_load_n(&vcpus[i].fence_done,
					      __ATOMIC_ACQUIRE) - wanted[i]) < 0) {
			hart_process_requests(self->hart);
			watchdog_poll(&since, "another vCPU to carry out a remote fence");
		}
	}
}

/*
 * hedeleg while `v` runs. Illegal instructions reach HS-mode straight from
 * the hart when the firmware delegated them (firmware/trap_delegation.c):
 * then they go on to VS-mode the same way, but not before the vCPU has
 * first used FP and V, whose first illegal instruction loads that state
 * (monitor/core/vcpu_extstate.c).
 */
static unsigned long vcpu_hedeleg(const struct vcpu *v)
{
	bool direct = monitor->illegal_insn_delegated && vcpu_extstate_all_live(v);
	unsigned long misaligned = (1UL << EXC_LOAD_MISALIGNED) |
				   (1UL << EXC_STORE_MISALIGNED);

	return HEDELEG_GUEST | (direct ? 1UL << EXC_ILLEGAL_INST : 0) |
	       (v->misaligned_delegated ? misaligned : 0);
}

void vcpu_clear_own_ipi(struct vcpu *v)
{
	csr_clear(CSR_HVIP, HVIP_VSSIP);
	vcpu_irqs_sync(&v->irqs, csr_read(CSR_HVIP));
}

void vcpu_update_hedeleg(struct vcpu *v)
{
	v->csrs.hedeleg = vcpu_hedeleg(v);
	csr_write(CSR_HEDELEG, v->csrs.hedeleg);
}

/* VS-level interrupts pending for the loaded guest that it enabled. */
static bool vcpu_wake_pending(void)
{
	return csr_read(CSR_HIP) & csr_read(CSR_HIE) & VCPU_IRQ_INJECTABLE;
}

/*
 * The host timer while a vCPU waits suspended on its dedicated hart: the
 * earlier of its own deadline (no Sstc: the monitor keeps it) and the
 * wake-up alarm.
 */
static void suspend_timer(struct vcpu *v, uint64_t wake_at)
{
	uint64_t next = monitor->sstc ? ~0ULL : v->timer_deadline;

	if (wake_at && wake_at < next)
		next = wake_at;
	sbi_set_timer(next);
	if (wake_at)
		csr_set(CSR_SIE, SIP_STIP);
}

/* A dedicated hart waits with its vCPU, suspended itself (see vcpu.h). */
static bool vcpu_suspend_here(struct vcpu *v, const struct vcpu_suspend_wait *how)
{
	unsigned long type = how->non_retentive ? SBIVISOR_SUSPEND_NON_RETENTIVE :
						  SBIVISOR_SUSPEND_RETENTIVE;
	uint64_t wake_at = how->wake_at;
	bool alarm = false;

	if (wake_at)
		suspend_timer(v, wake_at);
	/*
	 * An MSI into its guest file wakes the hart as SGEIP: the only way
	 * for the file to reach a sleeping hart whatever the firmware's
	 * suspend keeps of hstatus.VGEIN (its non-retentive one does not).
	 */
	if (v->vgein)
		csr_set(CSR_HGEIE, 1UL << v->vgein);
	for (;;) {
		vcpu_process_requests(v);
		if (vcpu_irqs_flush(&v->irqs))
			vcpu_write_hvip(v);
		if (vcpu_wake_pending() || alarm ||
		    vcpu_get_state(v) != VCPU_SUSPENDED)
			break;
		/*
		 * The same kind of suspend for the hart as the guest asked
		 * for its vCPU; the firmware gives the monitor its context
		 * back either way. Without it, WFI.
		 */
		if (monitor->hart_suspend)
			sbivisor_hart_suspend(type);
		else
			asm volatile("wfi");
		hart_woken();
		if (csr_read(CSR_SIP) & SIP_STIP) {
			uint64_t now = csr_read(CSR_TIME);

			alarm = wake_at && now >= wake_at;
			if (!monitor->sstc && now >= v->timer_deadline)
				vcpu_timer_interrupt(v);
			/* The guest's tick came first: the alarm still stands. */
			if (wake_at && !alarm)
				suspend_timer(v, wake_at);
		}
	}
	if (wake_at) {
		/* Back to the guest's own timer alone. */
		if (monitor->sstc)
			csr_clear(CSR_SIE, SIP_STIP);
		sbi_set_timer(monitor->sstc ? ~0ULL : v->timer_deadline);
	}
	/* Running, its file interrupts the guest, not the hart. */
	if (v->vgein)
		csr_clear(CSR_HGEIE, 1UL << v->vgein);
	return vcpu_resume(v) && how->non_retentive;
}

bool vcpu_suspend(struct vcpu *v, const struct vcpu_suspend_wait *how)
{
	if (!vcpu_change_state(v, VCPU_RUNNING, VCPU_SUSPENDED))
		return false;
	v->suspend = *how;
	if (!v->hart->shared)
		return vcpu_suspend_here(v, how);
	/* Off its hart until monitor/core/sched.c finds it woken. */
	return false;
}

bool vcpu_resume(struct vcpu *v)
{
	struct vcpu_suspend_wait *how = &v->suspend;
	bool loaded = __atomic_load_n(&v->loaded, __ATOMIC_RELAXED);

	if (!vcpu_change_state(v, VCPU_SUSPENDED, VCPU_RUNNING))
		return false;	/* stopped meanwhile: the exit path sees it */
	if (how->system)
		printf("monitor: guest %s: resumed\n", v->guest->cfg->name);
	if (!how->non_retentive)
		return true;

	/* Non-retentive: as from hart_start, but keeping its interrupts. */
	v->regs.gpr.x[REG_A0] = v->id;
	v->regs.gpr.x[REG_A1] = how->opaque;
	if (loaded) {
		csr_write(CSR_SEPC, how->resume_addr);
		csr_set(CSR_SSTATUS, SSTATUS_SPP);
		csr_clear(CSR_VSSTATUS, SSTATUS_SIE);
		csr_write(CSR_VSATP, 0);
	} else {
		v->regs.sepc = how->resume_addr;
		v->regs.sstatus |= SSTATUS_SPP;
		v->csrs.vsstatus &= ~SSTATUS_SIE;
		v->csrs.vsatp = 0;
	}
	return true;
}

/*
 * What Smstateen lets the guest reach: exactly the state the monitor
 * switches for it. senvcfg and sstateen0 always; siselect, sireg, stopi
 * and stopei (CSRIND, AIA, IMSIC) when it has an IMSIC file (a guest file,
 * or a software one whose CSR accesses trap and are emulated). Nothing
 * else: scontext, jvt, the CTR CSRs and the rest trap.
 */
static unsigned long vcpu_hstateen0(const struct vcpu *v)
{
	unsigned long grant = HSTATEEN0_SSTATEEN0 | HSTATEEN0_ENVCFG;

	if (v->guest->irqchip.kind == GUEST_IRQCHIP_AIA)
		grant |= HSTATEEN0_IMSIC | HSTATEEN0_AIA | HSTATEEN0_CSRIND;
	return grant;
}

void vcpu_reset(struct vcpu *v, unsigned long entry, unsigned long a0,
		unsigned long a1)
{
	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.gpr.x[REG_A0] = a0;
	v->regs.gpr.x[REG_A1] = a1;
	v->regs.sepc = entry;
	/*
	 * Enter in S-mode (SPP), interrupts off. FP and vector Off at the HS
	 * level until the guest first uses them (monitor/core/vcpu_extstate.c).
	 */
	v->regs.sstatus = SSTATUS_SPP;
	vcpu_extstate_reset(v);

	/* The reset state of a hart as the SBI spec leaves it to an OS. */
	memset(&v->csrs, 0, sizeof(v->csrs));
	/*
	 * Back to VS-mode at each sret (SPV), which hardware keeps across
	 * traps. On a shared hart WFI traps (VTW), so the hart can run
	 * another vCPU meanwhile.
	 */
	v->csrs.hstatus = monitor->hstatus |
			  (v->hart->shared ? HSTATUS_VTW : 0) |
			  ((unsigned long)v->vgein << HSTATUS_VGEIN_SHIFT);
	v->csrs.vsstatus = SSTATUS_UXL_64;
	v->csrs.scounteren = monitor->reset_scounteren;
	v->csrs.senvcfg = monitor->reset_senvcfg;
	v->csrs.sstateen0 = monitor->reset_sstateen0;
	v->csrs.hstateen0 = vcpu_hstateen0(v);
	/* FWFT's features at their reset values: all off, none locked. */
	v->misaligned_delegated = false;
	v->fwft_locked = 0;
	/* No steal-time record: a reset guest registers it again. */
	vcpu_steal_set_record(v, 0);
	v->henvcfg = monitor->henvcfg;
	v->ssp = 0;
	v->csrs.hedeleg = vcpu_hedeleg(v);
	v->csrs.vstimecmp = ~0ULL;
	v->timer_deadline = ~0ULL;
	v->wfi = false;
	v->fresh = true;
	vcpu_irqs_reset(&v->irqs);
}

/*
 * TLB entries the vCPU must not see: everything of its VMID's earlier
 * life when it starts afresh; another vCPU's VS-stage entries (same VMID,
 * maybe the same ASIDs) when one of its guest ran here since; and when
 * VMIDs are not unique, whatever another guest left.
 */
static void vcpu_load_tlb(struct vcpu *v, struct hart *h)
{
	struct guest *g = v->guest;

	if (v->fresh || (h->tlb_guest != g && !guest_vmids_unique)) {
		if (guest_vmids_unique)
			hfence_gvma_vmid(g->vmid);
		else
			hfence_gvma_all();
		hfence_vvma_all();
	} else if (h->tlb_vcpu[g->id] != v) {
		hfence_vvma_all();
	}
	v->fresh = false;
	h->tlb_vcpu[g->id] = v;
	h->tlb_guest = g;
}

/*
 * A vCPU's guest interrupt file when the vCPU starts afresh: as at reset,
 * nothing of an earlier run of its guest pending. hstatus.VGEIN selects it.
 */
static void guest_file_clear(void)
{
	static const unsigned long regs[] = { IMSIC_EIDELIVERY, IMSIC_EITHRESHOLD };

	for (unsigned int i = 0; i < 2; i++) {
		csr_write(CSR_VSISELECT, regs[i]);
		csr_write(CSR_VSIREG, 0);
	}
	/* Only the registers of identities the file has exist. */
	for (unsigned long n = 0; n <= 2 * (host_irq.imsic_ids / 64); n += 2) {
		csr_write(CSR_VSISELECT, IMSIC_EIP0 + n);
		csr_write(CSR_VSIREG, 0);
		csr_write(CSR_VSISELECT, IMSIC_EIE0 + n);
		csr_write(CSR_VSIREG, 0);
	}
}

void vcpu_load(struct vcpu *v)
{
	struct hart *h = v->hart;
	const struct vcpu_csrs *c = &v->csrs;

	__atomic_store_n(&v->loaded, true, __ATOMIC_RELAXED);
	h->vcpu = v;
	v->switches++;
	/* An exit's frame at the top: switch.S keeps the exiting vCPU there. */
	v->host_sp = h->stack_top - sizeof(struct exit_frame);
	csr_write(CSR_HSTATUS, c->hstatus);
	csr_write(CSR_HEDELEG, c->hedeleg);
	if (v->vgein) {
		if (v->fresh)
			guest_file_clear();
		/* Its file interrupts the guest now, not the hart. */
		if (h->shared)
			csr_clear(CSR_HGEIE, 1UL << v->vgein);
	}
	csr_write(CSR_HGATP, v->guest->hgatp);
	vcpu_load_tlb(v, h);
	csr_write(CSR_HENVCFG, v->henvcfg);
	if (h->misaligned_delegated != v->misaligned_delegated)
		hart_fwft_misaligned(h, v->misaligned_delegated);

	csr_write(CSR_VSSTATUS, c->vsstatus);
	csr_write(CSR_HIE, c->hie | host_irq.hie);
	csr_write(CSR_VSTVEC, c->vstvec);
	csr_write(CSR_VSSCRATCH, c->vsscratch);
	csr_write(CSR_VSEPC, c->vsepc);
	csr_write(CSR_VSCAUSE, c->vscause);
	csr_write(CSR_VSTVAL, c->vstval);
	csr_write(CSR_VSATP, c->vsatp);
	csr_write(CSR_SCOUNTEREN, c->scounteren);
	csr_write(CSR_SENVCFG, c->senvcfg);
	if (monitor->fwft_henvcfg & HENVCFG_SSE)
		csr_write(CSR_SSP, v->ssp);
	if (monitor->sstateen) {
		csr_write(CSR_HSTATEEN0, c->hstateen0);
		csr_write(CSR_SSTATEEN0, c->sstateen0);
	}
	/* Ssaia: a guest reaches vsiselect on every such hart, host PLIC or not. */
	if (monitor->ssaia)
		csr_write(CSR_VSISELECT, c->vsiselect);
	if (monitor->sstc)
		vstimecmp_load(c->vstimecmp);
	else if (!h->shared)
		sbi_set_timer(v->timer_deadline);

	csr_write(CSR_SEPC, v->regs.sepc);
	csr_write(CSR_SSTATUS, v->regs.sstatus);
	vcpu_extstate_load(v);
}

void vcpu_put(struct vcpu *v, bool keep)
{
	struct vcpu_csrs *c = &v->csrs;
	unsigned long vsstatus = csr_read(CSR_VSSTATUS);

	/* FP and vector state, saved only if the guest changed it since its load. */
	vcpu_extstate_put(v, vsstatus);
	if (keep) {
		v->regs.sepc = csr_read(CSR_SEPC);
		v->regs.sstatus = csr_read(CSR_SSTATUS);
		c->hstatus = csr_read(CSR_HSTATUS);
		c->vsstatus = vsstatus;
		c->hie = csr_read(CSR_HIE) & VCPU_IRQ_INJECTABLE;
		c->vstvec = csr_read(CSR_VSTVEC);
		c->vsscratch = csr_read(CSR_VSSCRATCH);
		c->vsepc = csr_read(CSR_VSEPC);
		c->vscause = csr_read(CSR_VSCAUSE);
		c->vstval = csr_read(CSR_VSTVAL);
		c->vsatp = csr_read(CSR_VSATP);
		c->scounteren = csr_read(CSR_SCOUNTEREN);
		c->senvcfg = csr_read(CSR_SENVCFG);
		if (monitor->fwft_henvcfg & HENVCFG_SSE)
			v->ssp = csr_read(CSR_SSP);
		if (monitor->sstateen)
			c->sstateen0 = csr_read(CSR_SSTATEEN0);
		if (monitor->sstc)
			c->vstimecmp = csr_read(CSR_VSTIMECMP);
		if (monitor->ssaia)
			c->vsiselect = csr_read(CSR_VSISELECT);
		/* Off the hart, an interrupt in its file wakes the hart. */
		if (v->vgein && v->hart->shared)
			csr_set(CSR_HGEIE, 1UL << v->vgein);
		/* What it named in hvictl is not the next one's. */
		if (v->soft_file)
			csr_write(CSR_HVICTL, 0);
		/* Its pending interrupts live on in v->irqs.hvip. */
		vcpu_irqs_sync(&v->irqs, csr_read(CSR_HVIP));
	} else {
		/* Stopped: nothing of its timer may wake the hart. */
		csr_write(CSR_HIE, host_irq.hie);
		v->timer_deadline = ~0ULL;
		if (monitor->sstc)
			vstimecmp_load(~0ULL);
		else if (!v->hart->shared)
			sbi_set_timer(~0ULL);
	}
	v->hart->vcpu = NULL;
	/* Release: whoever waits for us to be out sees all of the above. */
	__atomic_store_n(&v->loaded, false, __ATOMIC_RELEASE);
}

void vcpu_redirect_trap(struct vcpu *v, unsigned long cause,
			unsigned long tval)
{
	unsigned long vsstatus = csr_read(CSR_VSSTATUS);

	/* What a trap into VS-mode does to vsstatus: SPP, SPIE <- SIE, SIE <- 0. */
	vsstatus &= ~(SSTATUS_SPP | SSTATUS_SPIE);
	if (csr_read(CSR_SSTATUS) & SSTATUS_SPP)
		vsstatus |= SSTATUS_SPP;
	if (vsstatus & SSTATUS_SIE)
		vsstatus |= SSTATUS_SPIE;
	vsstatus &= ~SSTATUS_SIE;
	csr_write(CSR_VSSTATUS, vsstatus);

	csr_write(CSR_VSCAUSE, cause);
	csr_write(CSR_VSTVAL, tval);
	csr_write(CSR_VSEPC, csr_read(CSR_SEPC));
	/* Exceptions go to the base of vstvec, whatever its mode; in VS-mode. */
	csr_write(CSR_SEPC, csr_read(CSR_VSTVEC) & ~3UL);
	csr_set(CSR_SSTATUS, SSTATUS_SPP);
}

static void vcpu_guest_page_fault(struct vcpu *v, unsigned long scause)
{
	/* htval holds the guest-physical address shifted right by 2. */
	unsigned long gpa = (csr_read(CSR_HTVAL) << 2) |
			    (csr_read(CSR_STVAL) & 3);

	if (mmio_emulate(v, scause, gpa))
		return;
	/*
	 * A device passed through is mapped without execute: a fetch there is
	 * what a bus that refuses it gives, in the guest's physical map still.
	 */
	if (scause == EXC_INST_GUEST_PAGE_FAULT && guest_device_at(v->guest, gpa)) {
		vcpu_redirect_trap(v, EXC_INST_ACCESS, csr_read(CSR_STVAL));
		return;
	}
	guest_fault(v, "%s at gpa 0x%lx, sepc 0x%lx", trap_cause_name(scause),
		    gpa, csr_read(CSR_SEPC));
}

/*
 * Every exit but an SBI call. Never inlined into vcpu_handle_exit(): the
 * registers this much code needs would be saved on every SBI call too.
 */
static __attribute__((noinline)) void vcpu_dispatch_exit(struct vcpu *v,
							  unsigned long scause)
{
	if (scause & SCAUSE_INTERRUPT) {
		switch (scause & ~SCAUSE_INTERRUPT) {
		case IRQ_S_SOFT:
			/* A kick: the run loop does the rest. */
			csr_clear(CSR_SIP, SIP_SSIP);
			return;
		case IRQ_S_TIMER:
			if (v->hart->shared)
				sched_timer_interrupt(v->hart);
			else
				vcpu_timer_interrupt(v);
			return;
		case IRQ_S_EXT:
			host_irq_handle(this_hart()->slot);
			return;
		case IRQ_S_GEXT:
			hart_guest_files_interrupt();
			return;
		default:
			guest_fault(v, "unexpected interrupt %lu, sepc 0x%lx",
				    scause & ~SCAUSE_INTERRUPT, csr_read(CSR_SEPC));
			return;
		}
	}

	switch (scause) {
	case EXC_ILLEGAL_INST:
		/* Its first FP or vector instruction: that state is its now. */
		if (vcpu_extstate_first_use(v)) {
			vcpu_update_hedeleg(v);
			return;
		}
		vcpu_redirect_trap(v, scause, csr_read(CSR_STVAL));
		return;
	case EXC_INST_ACCESS:
	case EXC_LOAD_MISALIGNED:
	case EXC_LOAD_ACCESS:
	case EXC_STORE_MISALIGNED:
	case EXC_STORE_ACCESS:
		/*
		 * What OpenSBI handed on from M-mode (see HEDELEG_GUEST): the
		 * guest's, as bare hardware gives them to its kernel.
		 */
		vcpu_redirect_trap(v, scause, csr_read(CSR_STVAL));
		return;
	case EXC_INST_GUEST_PAGE_FAULT:
	case EXC_LOAD_GUEST_PAGE_FAULT:
	case EXC_STORE_GUEST_PAGE_FAULT:
		vcpu_guest_page_fault(v, scause);
		return;
	case EXC_VIRTUAL_INST:
		vcpu_virtual_instruction(v);
		return;
	default:
		guest_fault(v, "%s (scause %lu, stval 0x%lx), sepc 0x%lx",
			    trap_cause_name(scause), scause,
			    csr_read(CSR_STVAL), csr_read(CSR_SEPC));
		return;
	}
}

void vcpu_run(struct vcpu *v)
{
	vcpu_irqs_flush(&v->irqs);
	vcpu_write_hvip(v);
	vcpu_enter(v);
}

/*
 * Every exit of a guest, from monitor/core/switch.S, on the hart's stack, with
 * its scause. The
 * returned vCPU, loaded, is entered next: another one than `v` when a
 * shared hart switches (switch.S then swaps the registers C keeps). The
 * hot path is an SBI call on a dedicated hart; one that stops the vCPU
 * there does not return.
 */
struct vcpu *vcpu_handle_exit(struct vcpu *v, unsigned long scause);
struct vcpu *vcpu_handle_exit(struct vcpu *v, unsigned long scause)
{
	vcpu_irqs_sync(&v->irqs, csr_read(CSR_HVIP));
	if (__builtin_expect(scause == EXC_ECALL_VS, 1))
		vsbi_handle_ecall(v);
	else
		vcpu_dispatch_exit(v, scause);

	if (__builtin_expect(this_hart()->shared || !vcpu_still_running(v), 0))
		return sched_exit(v);
	vcpu_process_requests(v);
	if (vcpu_irqs_flush(&v->irqs))
		vcpu_write_hvip(v);
	return v;
}
