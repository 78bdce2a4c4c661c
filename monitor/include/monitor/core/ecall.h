/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What core asks of the SBI layer above it (monitor/sbi/): declared here so
 * that core includes nothing of that layer; monitor/sbi/ defines them and
 * LTO inlines them into the exit path as before.
 */
#ifndef MONITOR_ECALL_H
#define MONITOR_ECALL_H

struct vcpu;

/* Once at boot: check the linked-in table; monitor_fail() if it is wrong. */
void vsbi_init(void);

/* A guest's ecall: dispatch it, write a0/a1, step over the ecall. */
void vsbi_handle_ecall(struct vcpu *v);

/*
 * sbivisor,test-fault "slow-stop" (tests/qemu/linux.t): every hart_stop
 * keeps its vCPU STOP_PENDING for `ms` first, as a busy host's hart may.
 */
void vsbi_hsm_slow_stops(unsigned int ms);

#endif /* MONITOR_ECALL_H */
