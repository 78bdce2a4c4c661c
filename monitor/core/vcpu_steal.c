// SPDX-License-Identifier: BSD-2-Clause
/*
 * Steal time for SBI STA (monitor/sbi/vsbi_sta.c): the time a vCPU was
 * ready but off its shared hart, another vCPU's turn there. A vCPU in WFI
 * or a suspend is idle, not robbed: only a switch away from a vCPU that
 * could go on counts (monitor/core/sched.c). The record in guest memory is
 * written by the vCPU's own hart only, as the spec lays it out: sequence
 * odd, steal, sequence even. Readers on other vCPUs of the guest pair the
 * write barriers below with their read barriers between the sequence and
 * steal loads (the spec's retry loop).
 */

#include <lib/string.h>
#include <monitor/core/monitor.h>
#include <monitor/core/vcpu.h>
#include <sbivisor/sbi.h>

static uint64_t ticks_to_ns(uint64_t ticks)
{
	uint64_t hz = monitor->timebase_hz;

	/* In two parts: ticks * 10^9 overflows after half an hour at 10 MHz. */
	return ticks / hz * 1000000000ULL + ticks % hz * 1000000000ULL / hz;
}

static void record_write(struct vcpu *v)
{
	volatile uint8_t *rec = (volatile uint8_t *)(uintptr_t)v->sta_hpa;
	volatile uint32_t *sequence =
		(volatile uint32_t *)(rec + SBI_STA_SEQUENCE);

	*sequence = *sequence + 1;
	__atomic_thread_fence(__ATOMIC_RELEASE); /* odd before steal */
	*(volatile uint64_t *)(rec + SBI_STA_STEAL) = v->steal_ns;
	rec[SBI_STA_PREEMPTED] = v->preempted_at != 0;
	__atomic_thread_fence(__ATOMIC_RELEASE); /* steal before even */
	*sequence = *sequence + 1;
}

void vcpu_steal_preempted(struct vcpu *v, uint64_t now)
{
	v->preempted_at = now;
	((volatile uint8_t *)(uintptr_t)v->sta_hpa)[SBI_STA_PREEMPTED] = 1;
}

void vcpu_steal_resumed(struct vcpu *v, uint64_t now)
{
	v->steal_ns += ticks_to_ns(now - v->preempted_at);
	v->preempted_at = 0;
	if (v->sta_hpa)
		record_write(v);
}

void vcpu_steal_set_record(struct vcpu *v, uint64_t hpa)
{
	v->sta_hpa = hpa;
	v->steal_ns = 0;
	v->preempted_at = 0;
	if (hpa)
		memset((void *)(uintptr_t)hpa, 0, SBI_STA_SHMEM_SIZE);
}
