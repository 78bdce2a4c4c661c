/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A virtual hart. While it owns a host hart, the VS CSRs and (lazily) the
 * FP registers stay in hardware; what crosses every guest entry and exit is
 * kept here.
 */
#ifndef MONITOR_VCPU_H
#define MONITOR_VCPU_H

#include <stdint.h>

#include <monitor/trap.h>

struct guest;

/* Guest state saved at every exit and restored at every entry. */
struct vcpu_regs {
	struct gprs gpr;
	unsigned long sepc;
	unsigned long sstatus;	/* HS-level: SPP, FS of the guest */
	unsigned long hstatus;
};

/* FP registers, saved only when the guest dirtied them (sstatus.FS). */
struct vcpu_fp {
	uint64_t f[32];
	unsigned long fcsr;
};

enum vcpu_state {
	VCPU_STOPPED,
	VCPU_RUNNING,
};

struct vcpu {
	struct vcpu_regs regs;
	/* The monitor's callee-saved registers, sp and ra while the guest runs. */
	struct gprs host;
	struct vcpu_fp fp;

	struct guest *guest;
	unsigned int id;		/* the hart ID the guest sees */
	unsigned long hartid;		/* the host hart it runs on */
	enum vcpu_state state;
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

/* Once per host hart, before its first vCPU: the H CSRs that never change. */
void vcpu_hart_init(void);

/* Put `v` in its reset state: run from `entry` with a0, a1 as given. */
void vcpu_reset(struct vcpu *v, unsigned long entry, unsigned long a0,
		unsigned long a1);

/* Run `v` on this hart until it stops. */
void vcpu_run(struct vcpu *v);

/* Inject an exception into the guest, as if hardware had delegated it. */
void vcpu_redirect_trap(struct vcpu *v, unsigned long cause,
			unsigned long tval);

/* world switch (monitor/switch.S): enter the guest, return at its next exit */
void vcpu_switch_to(struct vcpu *v);
void vcpu_fp_save(struct vcpu_fp *fp);
void vcpu_fp_restore(const struct vcpu_fp *fp);

/* vcpu_timer.c: the guest's supervisor timer, with and without Sstc */
void vcpu_timer_reset(struct vcpu *v);
void vcpu_timer_set(struct vcpu *v, uint64_t when);
void vcpu_timer_interrupt(struct vcpu *v);

#endif /* MONITOR_VCPU_H */
