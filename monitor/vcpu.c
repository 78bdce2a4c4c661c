// SPDX-License-Identifier: BSD-2-Clause
/*
 * vCPUs: hypervisor CSRs of a hart, vCPU reset and load, the run loop and
 * the exits it handles.
 */

#include <lib/csr.h>
#include <lib/sbi_call.h>
#include <sbivisor/sbivisor_ext.h>
#include <monitor/hart.h>
#include <string.h>
#include <monitor/config.h>
#include <monitor/guest.h>
#include <monitor/monitor.h>
#include <monitor/vcpu.h>
#include <monitor/watchdog.h>
#include <monitor/vsbi.h>

/*
 * Exceptions the guest handles itself, as it would on bare hardware. Guest
 * page faults, virtual instructions and VS ecalls stay with the monitor.
 */
#define HEDELEG_GUEST							\
	((1UL << EXC_INST_MISALIGNED) | (1UL << EXC_ILLEGAL_INST) |	\
	 (1UL << EXC_BREAKPOINT) | (1UL << EXC_ECALL_U) |		\
	 (1UL << EXC_INST_PAGE_FAULT) | (1UL << EXC_LOAD_PAGE_FAULT) |	\
	 (1UL << EXC_STORE_PAGE_FAULT))

/* VS-level interrupts go straight to the guest. */
#define HIDELEG_GUEST	(HVIP_VSSIP | HVIP_VSTIP | HVIP_VSEIP)

static inline void hfence_gvma_vmid(unsigned long vmid)
{
	asm volatile(".option push\n.option arch, +h\n"
		     "hfence.gvma zero, %0\n.option pop"
		     : : "r"(vmid) : "memory");
}

static inline void hfence_vvma_all(void)
{
	asm volatile(".option push\n.option arch, +h\n"
		     "hfence.vvma zero, zero\n.option pop" : : : "memory");
}

static inline void fence_i(void)
{
	asm volatile("fence.i" : : : "memory");
}

void vcpu_kick(struct vcpu *v)
{
	/* On its own hart the run loop flushes before the next entry anyway. */
	if (v->hartid != this_hart()->hartid)
		sbi_send_ipi(1, v->hartid);
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

	/* Not loaded: its hart holds nothing of it; vcpu_load() flushes. */
	if (__atomic_load_n(&v->loaded, __ATOMIC_RELAXED)) {
		fence_i();
		hfence_vvma_all();
	}
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
		 * Meanwhile serve what others ask of us: two vCPUs may be
		 * waiting for each other.
		 */
		while ((long)(__atomic_load_n(&vcpus[i].fence_done,
					      __ATOMIC_ACQUIRE) - wanted[i]) < 0) {
			vcpu_process_requests(self);
			watchdog_poll(&since, "another vCPU to carry out a remote fence");
		}
	}
}

void vcpu_hart_init(void)
{
	csr_write(CSR_HEDELEG, HEDELEG_GUEST);
	csr_write(CSR_HIDELEG, HIDELEG_GUEST);
	/* The guest reads cycle, time and instret itself. */
	csr_write(CSR_HCOUNTEREN, HCOUNTEREN_CY | HCOUNTEREN_TM | HCOUNTEREN_IR);
	/* Guest time is host time. */
	csr_write(CSR_HTIMEDELTA, 0);
	csr_write(CSR_HVIP, 0);
	csr_write(CSR_HGATP, 0);
	/* Kicks from other harts arrive as supervisor software interrupts. */
	csr_set(CSR_SIE, SIP_SSIP);
	/* senvcfg and sstateen0 stay the guest's own to use. */
	if (monitor.sstateen)
		csr_write(CSR_HSTATEEN0, HSTATEEN0_SSTATEEN0 | HSTATEEN0_ENVCFG);
	/*
	 * Without Sstc the monitor programs the host timer for the guest and
	 * takes its interrupt while the guest runs; the monitor itself runs
	 * with sstatus.SIE = 0, so nothing interrupts it.
	 */
	if (!monitor.sstc)
		csr_set(CSR_SIE, SIP_STIP);
}

/*
 * A wake-up, not a trap: the monitor runs with sstatus.SIE = 0. The firmware
 * keeps the monitor's context over the suspend (HART_SUSPEND); a kick that
 * woke us is taken in here.
 */
void hart_idle(void)
{
	if (monitor.hart_suspend)
		sbivisor_hart_suspend(SBIVISOR_SUSPEND_RETENTIVE);
	else
		asm volatile("wfi");
	csr_clear(CSR_SIP, SIP_SSIP);
}

/* VS-level interrupts pending for the guest that it enabled. */
static bool vcpu_wake_pending(void)
{
	return csr_read(CSR_HIP) & csr_read(CSR_HIE) & VCPU_IRQ_INJECTABLE;
}

/*
 * The host timer while a vCPU waits suspended: the earlier of its own
 * deadline (no Sstc: the monitor keeps it) and the wake-up alarm.
 */
static void suspend_timer(struct vcpu *v, uint64_t wake_at)
{
	uint64_t next = monitor.sstc ? ~0ULL : v->timer_deadline;

	if (wake_at && wake_at < next)
		next = wake_at;
	sbi_set_timer(next);
	if (wake_at)
		csr_set(CSR_SIE, SIP_STIP);
}

bool vcpu_suspend(struct vcpu *v, bool non_retentive, unsigned long resume_addr,
		  unsigned long opaque, uint64_t wake_at)
{
	unsigned long type = non_retentive ? SBIVISOR_SUSPEND_NON_RETENTIVE :
					     SBIVISOR_SUSPEND_RETENTIVE;
	bool alarm = false;

	if (!vcpu_change_state(v, VCPU_RUNNING, VCPU_SUSPENDED))
		return false;
	if (wake_at)
		suspend_timer(v, wake_at);
	for (;;) {
		vcpu_process_requests(v);
		if (vcpu_irqs_flush(&v->irqs))
			csr_write(CSR_HVIP, v->irqs.hvip);
		if (vcpu_wake_pending() || alarm ||
		    vcpu_get_state(v) != VCPU_SUSPENDED)
			break;
		/*
		 * The same kind of suspend for the hart as the guest asked
		 * for its vCPU; the firmware gives the monitor its context
		 * back either way. Without it, WFI.
		 */
		if (monitor.hart_suspend)
			sbivisor_hart_suspend(type);
		else
			asm volatile("wfi");
		csr_clear(CSR_SIP, SIP_SSIP);
		if (csr_read(CSR_SIP) & SIP_STIP) {
			uint64_t now = csr_read(CSR_TIME);

			alarm = wake_at && now >= wake_at;
			if (!monitor.sstc && now >= v->timer_deadline)
				vcpu_timer_interrupt(v);
			/* The guest's tick came first: the alarm still stands. */
			if (wake_at && !alarm)
				suspend_timer(v, wake_at);
		}
	}
	if (wake_at) {
		/* Back to the guest's own timer alone. */
		if (monitor.sstc)
			csr_clear(CSR_SIE, SIP_STIP);
		sbi_set_timer(monitor.sstc ? ~0ULL : v->timer_deadline);
	}
	if (!vcpu_change_state(v, VCPU_SUSPENDED, VCPU_RUNNING))
		return false;	/* stopped meanwhile: the exit path sees it */
	if (!non_retentive)
		return false;

	/* Non-retentive: as from hart_start, but keeping its interrupts. */
	v->regs.gpr.x[REG_A0] = v->id;
	v->regs.gpr.x[REG_A1] = opaque;
	csr_write(CSR_SEPC, resume_addr);
	csr_set(CSR_SSTATUS, SSTATUS_SPP);
	csr_clear(CSR_VSSTATUS, SSTATUS_SIE);
	csr_write(CSR_VSATP, 0);
	return true;
}

void vcpu_reset(struct vcpu *v, unsigned long entry, unsigned long a0,
		unsigned long a1)
{
	memset(&v->regs, 0, sizeof(v->regs));
	memset(&v->fp, 0, sizeof(v->fp));
	v->regs.gpr.x[REG_A0] = a0;
	v->regs.gpr.x[REG_A1] = a1;
	v->regs.sepc = entry;
	/* Enter in S-mode (SPP), interrupts off; FP usable if the harts have it. */
	v->regs.sstatus = SSTATUS_SPP |
			  (monitor.fp ? SSTATUS_FS_INITIAL : SSTATUS_FS_OFF);
	vcpu_irqs_reset(&v->irqs);
}

/*
 * Make this hart's VS state the vCPU's. A vCPU only ever starts from a
 * reset (boot, hart_start), so that is the state loaded.
 */
static void vcpu_load(struct vcpu *v)
{
	struct guest *g = v->guest;

	__atomic_store_n(&v->loaded, true, __ATOMIC_RELAXED);
	v->host_tp = this_hart();
	v->host_sp = v->host_tp->stack_top;
	/* Back to VS-mode at each sret (SPV), which hardware keeps across traps. */
	csr_write(CSR_HSTATUS, monitor.hstatus);
	csr_write(CSR_HGATP, g->hgatp);
	/* Nothing of an earlier life of this VMID may stay in the TLBs. */
	hfence_gvma_vmid(g->vmid);
	hfence_vvma_all();
	csr_write(CSR_HENVCFG, monitor.henvcfg);

	/* The reset state of a hart as the SBI spec leaves it to an OS. */
	csr_write(CSR_VSSTATUS, SSTATUS_UXL_64);
	csr_write(CSR_VSIE, 0);
	csr_write(CSR_VSTVEC, 0);
	csr_write(CSR_VSSCRATCH, 0);
	csr_write(CSR_VSEPC, 0);
	csr_write(CSR_VSCAUSE, 0);
	csr_write(CSR_VSTVAL, 0);
	csr_write(CSR_VSATP, 0);
	vcpu_timer_reset(v);

	if (monitor.fp) {
		csr_set(CSR_SSTATUS, SSTATUS_FS_INITIAL);
		vcpu_fp_restore(&v->fp);
		/* Restored, so Clean: only a guest write makes it Dirty. */
		v->regs.sstatus = (v->regs.sstatus & ~SSTATUS_FS) |
				  SSTATUS_FS_CLEAN;
	}
}

/* The vCPU leaves this hart: keep its FP state if the guest changed it. */
static void vcpu_put(struct vcpu *v)
{
	if (monitor.fp &&
	    (csr_read(CSR_SSTATUS) & SSTATUS_FS) == SSTATUS_FS_DIRTY) {
		vcpu_fp_save(&v->fp);
		csr_clear(CSR_SSTATUS, SSTATUS_FS);
		csr_set(CSR_SSTATUS, SSTATUS_FS_CLEAN);
	}
	/* Release: whoever waits for us to be out sees all of the above. */
	__atomic_store_n(&v->loaded, false, __ATOMIC_RELEASE);
}

void vcpu_redirect_trap(struct vcpu *v, unsigned long cause,
			unsigned long tval)
{
	unsigned long vsstatus = csr_read(CSR_VSSTATUS);

	(void)v;
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

	/* No emulated device claims any address yet. */
	guest_fault(v, "%s at gpa 0x%lx, sepc 0x%lx", trap_cause_name(scause),
		    gpa, csr_read(CSR_SEPC));
}

static void vcpu_dispatch_exit(struct vcpu *v, unsigned long scause)
{
	if (scause & SCAUSE_INTERRUPT) {
		switch (scause & ~SCAUSE_INTERRUPT) {
		case IRQ_S_SOFT:
			/* A kick: the run loop does the rest. */
			csr_clear(CSR_SIP, SIP_SSIP);
			return;
		case IRQ_S_TIMER:
			vcpu_timer_interrupt(v);
			return;
		default:
			guest_fault(v, "unexpected interrupt %lu, sepc 0x%lx",
				    scause & ~SCAUSE_INTERRUPT, csr_read(CSR_SEPC));
			return;
		}
	}

	switch (scause) {
	case EXC_INST_GUEST_PAGE_FAULT:
	case EXC_LOAD_GUEST_PAGE_FAULT:
	case EXC_STORE_GUEST_PAGE_FAULT:
		vcpu_guest_page_fault(v, scause);
		return;
	case EXC_VIRTUAL_INST:
		/* What S-mode on bare hardware would get: illegal instruction. */
		vcpu_redirect_trap(v, EXC_ILLEGAL_INST, csr_read(CSR_STVAL));
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
	vcpu_load(v);
	vcpu_irqs_flush(&v->irqs);
	csr_write(CSR_HVIP, v->irqs.hvip);
	vcpu_enter(v);
}

/*
 * Every exit of a guest, from monitor/switch.S, on the hart's stack. The
 * returned vCPU is entered next. The hot path is an SBI call; one that
 * stops the vCPU does not return.
 */
struct vcpu *vcpu_handle_exit(struct vcpu *v);
struct vcpu *vcpu_handle_exit(struct vcpu *v)
{
	unsigned long scause = csr_read(CSR_SCAUSE);

	vcpu_irqs_sync(&v->irqs, csr_read(CSR_HVIP));
	if (__builtin_expect(scause == EXC_ECALL_VS, 1))
		vsbi_handle_ecall(v);
	else
		vcpu_dispatch_exit(v, scause);

	if (__builtin_expect(!vcpu_still_running(v), 0)) {
		vcpu_put(v);
		hart_vcpu_loop(v);
	}
	vcpu_process_requests(v);
	if (vcpu_irqs_flush(&v->irqs))
		csr_write(CSR_HVIP, v->irqs.hvip);
	return v;
}
