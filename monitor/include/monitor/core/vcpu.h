/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A virtual hart. While it owns a host hart, the VS CSRs and (lazily) the
 * FP registers stay in hardware; what crosses every guest entry and exit is
 * kept here.
 */
#ifndef MONITOR_VCPU_H
#define MONITOR_VCPU_H

#include <stddef.h>
#include <stdint.h>

#include <lib/csr.h>
#include <monitor/core/trap.h>
#include <monitor/core/vcpu_extstate.h>
#include <monitor/core/vcpu_irq.h>

struct guest;
struct hart;
struct vimsic_file;

/*
 * The guest's registers: at an exit, the caller-saved ones, sp and tp (the
 * others stay live in the hart, monitor/core/switch.S); at a reset, all of them
 * with sepc and sstatus, for vcpu_enter(). Between exits sepc and sstatus
 * (SPP, and FS and VS for the guest) stay in the CSRs.
 */
struct vcpu_regs {
	struct gprs gpr;
	unsigned long sepc;
	unsigned long sstatus;
};

/*
 * What a vCPU leaves in its hart's CSRs while it is loaded, kept here while
 * it is not: its VS-level CSRs, the S-level ones VS-mode uses unswapped
 * (scounteren, senvcfg, sstateen0), and hstatus. A reset sets them to the
 * state the SBI spec leaves a hart in.
 */
struct vcpu_csrs {
	unsigned long hstatus;
	unsigned long hie;		/* its VS bits: the guest's sie */
	unsigned long vsstatus;
	unsigned long vstvec;
	unsigned long vsscratch;
	unsigned long vsepc;
	unsigned long vscause;
	unsigned long vstval;
	unsigned long vsatp;
	unsigned long scounteren;
	unsigned long senvcfg;
	unsigned long sstateen0;
	unsigned long hstateen0;	/* what Smstateen lets it reach */
	unsigned long hedeleg;		/* what the hart hands it directly */
	uint64_t vstimecmp;		/* Sstc */
	unsigned long vsiselect;	/* Ssaia */
};

/* A suspend a vCPU on a shared hart waits in, descheduled. */
struct vcpu_suspend_wait {
	bool non_retentive;
	bool system;			/* SBI SUSP: the guest's whole suspend */
	unsigned long resume_addr;
	unsigned long opaque;
	uint64_t wake_at;		/* time; 0: only an interrupt wakes it */
};

/* The SBI HSM states a vCPU really goes through. */
enum vcpu_state {
	VCPU_STOPPED,		/* not on its hart; hart_start may start it */
	VCPU_START_PENDING,	/* reset by hart_start, its hart not there yet */
	VCPU_RUNNING,		/* STARTED */
	VCPU_STOP_PENDING,	/* hart_stop called, its hart not out yet */
	VCPU_SUSPENDED,		/* hart_suspend: waits for an interrupt */
};

struct vcpu {
	struct vcpu_regs regs;
	/*
	 * What an exit loads (monitor/core/switch.S): its hart's stack, and
	 * its hart's record into tp.
	 */
	unsigned long host_sp;
	struct hart *hart;
	struct vcpu_extstate ext;	/* FP and vector */
	struct vcpu_csrs csrs;

	struct vcpu_irqs irqs;
	/*
	 * AIA: its guest interrupt file on its hart (hstatus.VGEIN), or 0
	 * and a software file instead (monitor/core/guest_irq.c).
	 */
	unsigned int vgein;
	struct vimsic_file *soft_file;

	/*
	 * Remote fences asked of this vCPU: askers bump fence_asked, its hart
	 * fences and copies it to fence_done (monitor/core/vcpu.c).
	 */
	unsigned long fence_asked;
	unsigned long fence_done;

	/* The guest's timer deadline, when the monitor keeps it (no Sstc). */
	uint64_t timer_deadline;

	struct guest *guest;
	unsigned int id;		/* the hart ID the guest sees */
	unsigned long hartid;		/* the host hart it runs on */
	enum vcpu_state state;
	bool loaded;			/* its state is in its hart's CSRs */
	bool fresh;			/* reset since it last ran */
	/*
	 * Its SBI call's handler set a0, a1 and sepc itself (it resumed the
	 * vCPU elsewhere): the dispatcher leaves them (monitor/sbi/vsbi.c).
	 */
	bool sbi_regs_set;
	unsigned long switches;		/* times put on its hart */
	/* Shared harts: waiting in WFI or a suspend, off its hart. */
	bool wfi;
	struct vcpu_suspend_wait suspend;

	/*
	 * Last, off the hot fields' offsets. SBI FWFT (monitor/sbi/
	 * vsbi_fwft.c): henvcfg with what it turned on, ssp (Zicfiss, once it
	 * can be), misaligned accesses its own, and the features locked until
	 * its next reset, by FWFT feature ID.
	 */
	unsigned long henvcfg;
	unsigned long ssp;
	bool misaligned_delegated;
	unsigned long fwft_locked;
	/*
	 * SBI STA (monitor/core/vcpu_steal.c): its steal-time record in host
	 * memory (0: none), the steal reported there, and since when it waits
	 * for its hart, ready (0: it does not).
	 */
	uint64_t sta_hpa;
	uint64_t steal_ns;
	uint64_t preempted_at;
};

/*
 * A vCPU's state is set by any hart (under its guest's lock) and read by
 * the hart it runs on: a release store paired with an acquire load, so
 * what was written before the change (a reset) is seen with it.
 */
static inline void vcpu_set_state(struct vcpu *v, enum vcpu_state state)
{
	__atomic_store_n(&v->state, state, __ATOMIC_RELEASE);
}

static inline enum vcpu_state vcpu_get_state(struct vcpu *v)
{
	return __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);
}

/* Whether it still runs, for the exit path: acquire only when it does not. */
static inline bool vcpu_still_running(struct vcpu *v)
{
	if (__atomic_load_n(&v->state, __ATOMIC_RELAXED) == VCPU_RUNNING)
		return true;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return false;
}

/* Change the state only from `from`; false if it was something else. */
static inline bool vcpu_change_state(struct vcpu *v, enum vcpu_state from,
				     enum vcpu_state to)
{
	return __atomic_compare_exchange_n(&v->state, &from, to, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/*
 * Its state, a stop it asked for waited out: a vCPU in STOP_PENDING is in
 * its last exit on its own hart, where only the monitor runs until it is
 * STOPPED, so the wait is short and no guest can make it longer (bounded
 * all the same). Seen from its guest, hart_stop is then one step, as on
 * hardware: Linux's CPU hotplug asks HSM for the state once, right after
 * the dying CPU reported, and then suspends the system or starts the hart
 * again, both refused while it is STOP_PENDING.
 */
enum vcpu_state vcpu_state_after_stop(struct vcpu *v);

/*
 * Make `irq` (IRQ_VS_SOFT, IRQ_VS_TIMER or IRQ_VS_EXT) pending for the
 * guest, or not; from any hart. The vCPU's hart applies it before it next
 * enters the guest, kicked out of the guest or out of WFI if need be.
 */
void vcpu_set_interrupt(struct vcpu *v, unsigned int irq);
void vcpu_unset_interrupt(struct vcpu *v, unsigned int irq);

/*
 * The loaded vCPU's pending interrupts into hvip, before it runs. One with
 * a software IMSIC file (AIA, no guest file) also has its external
 * interrupt named in hvictl: without a guest file, vstopi reports a VS
 * external interrupt only from there (AIA 6.3.3), and Linux asks stopi.
 */
static inline void vcpu_write_hvip(struct vcpu *v)
{
	csr_write(CSR_HVIP, v->irqs.hvip);
	if (__builtin_expect(v->soft_file != NULL, 0))
		csr_write(CSR_HVICTL, (v->irqs.hvip & HVIP_VSEIP) ?
			  ((unsigned long)IRQ_S_EXT << HVICTL_IID_SHIFT) |
			  HVICTL_IPRIO_LOWEST : 0);
}

/* Make the vCPU's hart come round its run loop soon (an IPI, if remote). */
void vcpu_kick(struct vcpu *v);

/*
 * Remote fences: fence.i and a flush of the guest's VS-stage TLB entries on
 * the vCPU's hart. vcpu_fence_all() asks every vCPU in `targets` (a bitmap
 * of vCPU ids of `self`'s guest) and returns once all have done it.
 */
void vcpu_fence_all(struct vcpu *self, unsigned long targets);

/* Carry out what other harts asked of this vCPU (fences). */
void __vcpu_process_requests(struct vcpu *v);

static inline void vcpu_process_requests(struct vcpu *v)
{
	/* A plain look; the slow path reads it again with acquire. */
	if (__atomic_load_n(&v->fence_asked, __ATOMIC_RELAXED) != v->fence_done)
		__vcpu_process_requests(v);
}

/*
 * SBI HSM hart_suspend for the calling vCPU, in its exit: wait (the hart
 * itself suspended through the firmware) until an interrupt the guest
 * enabled is pending for it. Retentive: false, the guest goes on after
 * its call. Non-retentive: true, the guest was set to resume at
 * resume_addr with a0 = its hart ID, a1 = opaque, satp = 0, SIE = 0.
 * Either way it may come back stopped instead (its guest ended). A
 * nonzero wake_at (time) wakes it then without any interrupt, as a
 * platform's wake-up alarm would. On a shared hart the vCPU waits off its
 * hart instead and this returns false at once; the scheduler resumes it
 * (monitor/core/sched.c).
 */
bool vcpu_suspend(struct vcpu *v, const struct vcpu_suspend_wait *how);

/*
 * End a suspend `v` waits in: false if it was stopped meanwhile. A
 * non-retentive one resumes at its resume address (registers and CSRs as
 * vcpu_suspend() says, in the vCPU's saved state when it is not loaded).
 */
bool vcpu_resume(struct vcpu *v);

/* Put `v` in its reset state: run from `entry` with a0, a1 as given. */
void vcpu_reset(struct vcpu *v, unsigned long entry, unsigned long a0,
		unsigned long a1);

/*
 * Make this hart's state the vCPU's: hstatus, hgatp, its VS CSRs, timer and
 * FP registers, sepc and sstatus, and the TLB fences that takes.
 */
void vcpu_load(struct vcpu *v);

/*
 * The vCPU leaves its hart. `keep`: it will run again, so its CSRs go back
 * into v->csrs (FP registers whenever the guest dirtied them).
 */
void vcpu_put(struct vcpu *v, bool keep);

/*
 * Enter the loaded `v` with every register from v->regs; never returns.
 * Its exits end in vcpu_handle_exit().
 */
void vcpu_run(struct vcpu *v) __attribute__((noreturn));

/* A virtual-instruction exit of the loaded vCPU (monitor/core/vinsn.c). */
void vcpu_virtual_instruction(struct vcpu *v);

/*
 * Steal time (SBI STA): `v`, ready and with a record, leaves its hart for
 * another vCPU, or gets it back after that (preempted_at set); its record
 * at `hpa` (0: none), zeroed, from now on.
 */
void vcpu_steal_preempted(struct vcpu *v, uint64_t now);
void vcpu_steal_resumed(struct vcpu *v, uint64_t now);
void vcpu_steal_set_record(struct vcpu *v, uint64_t hpa);

/*
 * The loaded vCPU `v`'s software interrupt cleared, as its own write of
 * sip.SSIP would (VSSIP is an edge: monitor/core/vcpu_irq.c).
 */
void vcpu_clear_own_ipi(struct vcpu *v);

/* The loaded vCPU `v`: hedeleg again, after what it delegates changed. */
void vcpu_update_hedeleg(struct vcpu *v);

/* Inject an exception into the guest, as if hardware had delegated it. */
void vcpu_redirect_trap(struct vcpu *v, unsigned long cause,
			unsigned long tval);

/* monitor/core/switch.S */
void vcpu_enter(struct vcpu *v) __attribute__((noreturn));

/* vcpu_timer.c: the guest's supervisor timer, with and without Sstc */
void hart_timer_set(uint64_t when);	/* this hart's own timer */
void vstimecmp_load(uint64_t when);	/* a vCPU's deadline, on its load */
void vcpu_timer_expire(struct vcpu *v);	/* no Sstc: its deadline passed */
void vcpu_timer_set(struct vcpu *v, uint64_t when);
void vcpu_timer_interrupt(struct vcpu *v);

#endif /* MONITOR_VCPU_H */
