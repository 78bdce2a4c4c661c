// SPDX-License-Identifier: BSD-2-Clause
/*
 * vCPUs taking turns on a hart; see monitor/include/monitor/core/sched.h.
 *
 * Everything here runs on the hart the vCPUs are bound to, which is also
 * the only consumer of their pending interrupts (monitor/core/vcpu_irq.c) and
 * the only hart that loads them. Other harts change a vCPU's state (under
 * its guest's lock, release) and kick the hart; what it reads of that state
 * it reads with acquire (vcpu_get_state()).
 *
 * A vCPU off its hart has all of its state in struct vcpu: every GPR (the
 * exit saved the caller-saved ones, switch.S the others when it switched
 * away), sepc and sstatus, its CSRs (vcpu_put()). So any vCPU is entered
 * the same way, by the exit path's return or by vcpu_enter().
 */

#include <lib/csr.h>
#include <monitor/core/guest.h>
#include <monitor/core/monitor.h>
#include <monitor/core/sched.h>

static uint64_t slice_ticks;

void sched_init(const struct config_system *sys)
{
	slice_ticks = monitor->timebase_hz * sys->time_slice_us / 1000000;
	if (!slice_ticks)
		slice_ticks = 1;
}

void sched_wfi(struct vcpu *v)
{
	v->wfi = true;
}

void sched_yield(struct vcpu *v)
{
	if (v->hart->shared)
		v->hart->slice_over = true;
}

/* What it waits for has come, for a vCPU off its hart. */
static bool vcpu_wake_due(struct vcpu *v, uint64_t now)
{
	unsigned long pending;

	vcpu_irqs_flush(&v->irqs);
	pending = v->irqs.hvip;
	/* Its guest interrupt file, on this hart (AIA). */
	if (v->vgein && ((csr_read(CSR_HGEIP) >> v->vgein) & 1))
		pending |= HVIP_VSEIP;
	if (monitor->sstc && now >= v->csrs.vstimecmp)
		pending |= HVIP_VSTIP;
	if (pending & v->csrs.hie & VCPU_IRQ_INJECTABLE)
		return true;
	return vcpu_get_state(v) == VCPU_SUSPENDED && v->suspend.wake_at &&
	       now >= v->suspend.wake_at;
}

/*
 * Whether `v`, off its hart, can run now. Takes the steps its state asks
 * for on the way: a start claimed, a stop finished, a wait ended.
 */
static bool vcpu_ready(struct vcpu *v, uint64_t now)
{
	switch (vcpu_get_state(v)) {
	case VCPU_START_PENDING:
		return vcpu_change_state(v, VCPU_START_PENDING, VCPU_RUNNING);
	case VCPU_STOP_PENDING:
		vcpu_change_state(v, VCPU_STOP_PENDING, VCPU_STOPPED);
		return false;
	case VCPU_RUNNING:
		if (v->wfi && !vcpu_wake_due(v, now))
			return false;
		v->wfi = false;
		return true;
	case VCPU_SUSPENDED:
		return vcpu_wake_due(v, now) && vcpu_resume(v);
	default:
		return false;
	}
}

/*
 * The first vCPU after the one whose turn it was that can run; that one
 * itself last, unless `others_only`.
 */
static struct vcpu *sched_pick(struct hart *h, uint64_t now, bool others_only)
{
	unsigned int count = h->bound_count - others_only;

	for (unsigned int i = 1; i <= count; i++) {
		unsigned int k = (h->turn + i) % h->bound_count;

		if (vcpu_ready(h->bound[k], now)) {
			h->turn = k;
			return h->bound[k];
		}
	}
	return NULL;
}

/*
 * A guest rebooting whose vCPU 0 is bound here is booted here, once that
 * vCPU is off the hart (a loaded one is stopped and leaves at its exit).
 */
static void sched_arm(struct hart *h, bool idle)
{
	uint64_t now = csr_read(CSR_TIME), next = ~0ULL;

	if (h->vcpu)
		next = h->slice_end;
	for (unsigned int i = 0; i < h->bound_count; i++) {
		struct vcpu *v = h->bound[i];
		enum vcpu_state state = vcpu_get_state(v);
		uint64_t due = ~0ULL;

		/* Past deadlines too: they fire at once and are expired. */
		if (!monitor->sstc)
			due = v->timer_deadline;
		/*
		 * What a waiting vCPU off the hart waits for. While another
		 * runs, one already due just waits for its turn (the slice's
		 * end); idle, it must not be slept through.
		 */
		if (v != h->vcpu && ((state == VCPU_RUNNING && v->wfi) ||
				     state == VCPU_SUSPENDED)) {
			uint64_t wake = ~0ULL;

			if (monitor->sstc)
				wake = v->csrs.vstimecmp;
			if (state == VCPU_SUSPENDED && v->suspend.wake_at &&
			    v->suspend.wake_at < wake)
				wake = v->suspend.wake_at;
			if ((idle || wake > now) && wake < due)
				due = wake;
		}
		if (due < next)
			next = due;
	}
	hart_timer_set(next);
}

void sched_arm_timer(struct hart *h)
{
	sched_arm(h, false);
}

/* The timer fired: deadlines the monitor keeps for its guests (no Sstc). */
static void sched_expire_timers(struct hart *h, uint64_t now)
{
	if (monitor->sstc)
		return;
	for (unsigned int i = 0; i < h->bound_count; i++)
		if (h->bound[i]->timer_deadline <= now)
			vcpu_timer_expire(h->bound[i]);
}

void sched_timer_interrupt(struct hart *h)
{
	uint64_t now = csr_read(CSR_TIME);

	sched_expire_timers(h, now);
	if (now >= h->slice_end)
		h->slice_over = true;
	/* Also what takes STIP down. */
	sched_arm_timer(h);
}

/*
 * Nothing loaded: serve requests and boots until a vCPU can run, idle in
 * between (through the firmware's suspend when it can). Returns it.
 */
static struct vcpu *sched_wait(struct hart *h)
{
	for (;;) {
		struct vcpu *v;

		hart_process_requests(h);
		guests_boot_waiting(h);
		v = sched_pick(h, csr_read(CSR_TIME), false);
		if (v)
			return v;
		if (h->shared)
			sched_arm(h, true);
		hart_idle();
		if (h->shared && (csr_read(CSR_SIP) & SIP_STIP))
			sched_expire_timers(h, csr_read(CSR_TIME));
	}
}

/* `v` runs next on its shared hart, for a new slice. */
static void sched_start_slice(struct hart *h)
{
	h->slice_over = false;
	h->slice_end = csr_read(CSR_TIME) + slice_ticks;
	sched_arm_timer(h);
}

static struct vcpu *sched_switch(struct hart *h, struct vcpu *v,
				 struct vcpu *next)
{
	enum vcpu_state state = vcpu_get_state(v);
	bool reset;

	/*
	 * It could go on: from now on it waits, its time stolen (SBI STA),
	 * counted only while it has a record to report it in.
	 */
	if (v->sta_hpa && next && state == VCPU_RUNNING && !v->wfi)
		vcpu_steal_preempted(v, csr_read(CSR_TIME));
	/* Its CSRs are kept for as long as it may run again. */
	vcpu_put(v, state == VCPU_RUNNING || state == VCPU_SUSPENDED);
	vcpu_change_state(v, VCPU_STOP_PENDING, VCPU_STOPPED);
	if (!next)
		next = sched_wait(h);
	reset = next->fresh;
	if (next->preempted_at)
		vcpu_steal_resumed(next, csr_read(CSR_TIME));
	vcpu_load(next);
	sched_start_slice(h);
	/*
	 * `v` itself reset (its guest rebooted): every register from its
	 * record, none of those the exit kept. Another vCPU gets them from
	 * its record in switch.S, which keeps `v`'s.
	 */
	if (reset && next == v)
		vcpu_run(next);
	vcpu_irqs_flush(&next->irqs);
	vcpu_write_hvip(next);
	return next;
}

/*
 * Never inlined into vcpu_handle_exit(): its registers would be saved on
 * every exit, the hot ones of dedicated harts too.
 */
__attribute__((noinline)) struct vcpu *sched_exit(struct vcpu *v)
{
	struct hart *h = v->hart;
	struct vcpu *next = NULL;

	if (!h->shared) {
		/* Its one vCPU stopped: wait for it on a fresh stack. */
		vcpu_put(v, false);
		vcpu_change_state(v, VCPU_STOP_PENDING, VCPU_STOPPED);
		hart_vcpu_loop(h);
	}

	hart_process_requests(h);
	guests_boot_waiting(h);
	if (vcpu_irqs_flush(&v->irqs))
		vcpu_write_hvip(v);
	if (!vcpu_still_running(v))
		return sched_switch(h, v, NULL);
	if (v->wfi) {
		/* WFI ends on an interrupt the guest enabled, as in hardware. */
		if (!(csr_read(CSR_HIP) & csr_read(CSR_HIE) & VCPU_IRQ_INJECTABLE))
			return sched_switch(h, v, NULL);
		v->wfi = false;
	}
	if (h->slice_over) {
		next = sched_pick(h, csr_read(CSR_TIME), true);
		if (next)
			return sched_switch(h, v, next);
		sched_start_slice(h);	/* nobody else wants the hart */
	}
	return v;
}

void hart_vcpu_loop(struct hart *h)
{
	struct vcpu *v = sched_wait(h);

	vcpu_load(v);
	if (h->shared)
		sched_start_slice(h);
	vcpu_run(v);
}

void hart_run(struct hart *h)
{
	hart_init_hypervisor();
	hart_vcpu_loop(h);
}
