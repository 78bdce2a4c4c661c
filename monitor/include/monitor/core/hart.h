/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-hart state of the monitor. While the monitor runs on a hart, tp points
 * to that hart's struct hart.
 */
#ifndef MONITOR_HART_H
#define MONITOR_HART_H

/* One slot per hart the device-tree parser records (DT_MAX_HARTS). */
#define MONITOR_MAX_HARTS	32
#define HART_STACK_SIZE		8192

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include <lib/error.h>
#include <monitor/boot/config.h>

struct vcpu;
struct guest;
struct dt_platform;
struct vcpu;

/*
 * The top of a hart's stack while one of its vCPUs runs: where an exit
 * (monitor/core/switch.S) keeps the vCPU it came from, to tell whether
 * vcpu_handle_exit() returns another. 16 bytes: sp stays aligned.
 */
struct exit_frame {
	struct vcpu *vcpu;
	unsigned long reserved;
};

struct hart {
	unsigned long stack_top;	/* loaded by entry.S */
	unsigned long hartid;
	/* Its index in harts[] (0: the boot hart): how monitor/irq/ names it. */
	unsigned int slot;
	bool started;			/* asked to start through HSM */
	bool online;			/* set once by the hart itself */
	struct vcpu *vcpu;		/* loaded here, or NULL */

	/*
	 * The vCPUs bound to this hart. A dedicated hart has one; on a shared
	 * hart they take turns (monitor/core/sched.c): `turn` indexes the one
	 * whose turn it is, until slice_end (time) or it waits.
	 */
	struct vcpu *bound[HART_MAX_VCPUS];
	unsigned int bound_count;
	bool shared;
	unsigned int turn;
	uint64_t slice_end;
	bool slice_over;
	/*
	 * What the hart's TLBs may hold: per guest, the vCPU whose VS-stage
	 * entries (one VMID for all of a guest's vCPUs); and the guest whose
	 * hgatp was loaded last, for VMIDs that are not unique.
	 */
	struct vcpu *tlb_vcpu[CONFIG_MAX_GUESTS];
	struct guest *tlb_guest;
	/* The firmware hands misaligned accesses to S-mode here (FWFT). */
	bool misaligned_delegated;
};

/* The slot of host hart `hartid`, or NULL. */
struct hart *hart_by_id(unsigned long hartid);

/*
 * The slot number (index in harts[]) of the hart whose interrupt controller is
 * `phandle`, or ERR_NOT_FOUND: how the host interrupt controller (monitor/irq/)
 * names harts.
 */
int hart_slot_by_intc(const void *fdt, uint32_t phandle);

/* Give every hart of the tree a slot and a stack (boot hart: slot 0). */
void harts_init(const struct dt_platform *host, unsigned long boot_hartid);

/* Start the other harts through SBI HSM; returns how many were started. */
unsigned int harts_start(const struct dt_platform *host);

/* Wait (boundedly) for started harts to report; say who did not. */
void harts_wait_online(unsigned int started, uint64_t timebase_hz);

/* A secondary hart tells the boot hart it runs. */
void hart_report_online(struct hart *self);

extern struct hart harts[MONITOR_MAX_HARTS];

/* monitor/core/hart.c: what this hart does at run time. */

/* Once per host hart, before its first vCPU: the H CSRs that never change. */
void hart_init_hypervisor(void);

/* The firmware's FWFT features guests' own need (monitor/core/hart.c). */
void hart_fwft_init(void);
void hart_fwft_misaligned(struct hart *h, bool delegate);

/* Idle this hart until an interrupt: through the firmware when it can. */
void hart_idle(void);

/* After a wake-up: take what the hart itself was woken for. */
void hart_woken(void);

/*
 * A guest file of a vCPU off this (shared) hart has an interrupt for it:
 * seen pending (hgeip) when the scheduler looks.
 */
void hart_guest_files_interrupt(void);

/* Carry out what was asked of every vCPU bound to hart `h` (fences). */
void hart_process_requests(struct hart *h);

static inline struct hart *this_hart(void)
{
	struct hart *hart;

	asm("mv %0, tp" : "=r"(hart));
	return hart;
}

/* The slot number of host hart `hartid`, or ERR_NOT_FOUND. */
static inline int hart_slot(unsigned long hartid)
{
	struct hart *h = hart_by_id(hartid);

	return h ? (int)h->slot : ERR_NOT_FOUND;
}

#endif /* __ASSEMBLER__ */
#endif /* MONITOR_HART_H */
