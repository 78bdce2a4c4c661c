/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which vCPU a hart runs. A dedicated hart runs its one vCPU whenever that
 * can run. On a shared hart the vCPUs bound to it take turns, round robin:
 * each runs until its time slice ends (the host timer), it waits (WFI, an
 * SBI HSM or SUSP suspend) or it yields (the sbivisor extension's YIELD).
 * A vCPU never moves to another hart.
 */
#ifndef MONITOR_SCHED_H
#define MONITOR_SCHED_H

#include <monitor/boot/config.h>
#include <monitor/core/hart.h>
#include <monitor/core/vcpu.h>

/* Once, on the boot hart: the time slice of every shared hart. */
void sched_init(const struct config_system *sys);

/*
 * The end of an exit on a shared hart, or of one that stopped its vCPU:
 * serve what the hart's vCPUs were asked, boot guests whose vCPU 0 is
 * here, and pick what runs next. Returns that vCPU, loaded (switch.S
 * swaps the registers C keeps when it is not `v`); a dedicated hart whose
 * vCPU stopped does not return.
 */
struct vcpu *sched_exit(struct vcpu *v);

/* Start this hart's vCPUs once the hart's CSRs are set; never returns. */
void hart_run(struct hart *h) __attribute__((noreturn));

/*
 * Run the hart's vCPUs, waiting for one to be able to run, on a fresh
 * stack; never returns.
 */
void hart_vcpu_loop(struct hart *h) __attribute__((noreturn));

/* A shared hart's timer fired: guests' deadlines (no Sstc) and the slice. */
void sched_timer_interrupt(struct hart *h);

/*
 * Arm a shared hart's timer for the first thing due: the slice's end, the
 * deadlines the monitor keeps (no Sstc) and those of the vCPUs that wait.
 */
void sched_arm_timer(struct hart *h);

/* The loaded vCPU executed WFI (shared harts trap it). */
void sched_wfi(struct vcpu *v);

/* The loaded vCPU gives up the rest of its slice. */
void sched_yield(struct vcpu *v);

#endif /* MONITOR_SCHED_H */
