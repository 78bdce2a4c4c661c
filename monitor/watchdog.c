// SPDX-License-Identifier: BSD-2-Clause
/* See monitor/include/monitor/watchdog.h. */

#include <lib/console.h>
#include <lib/csr.h>
#include <lib/spinlock.h>
#include <monitor/guest.h>
#include <monitor/hart.h>
#include <monitor/monitor.h>
#include <monitor/watchdog.h>

#define BACKTRACE_DEPTH		8

void monitor_dump_context(unsigned long pc, unsigned long fp)
{
	struct hart *hart = this_hart();
	struct vcpu *v = hart->vcpu;
	unsigned long lo = hart->stack_top - HART_STACK_SIZE;

	if (v)
		printf("monitor:   vcpu: guest %s vcpu %u, loaded on this hart\n",
		       v->guest->cfg->name, v->id);
	else if (hart->bound_count)
		printf("monitor:   vcpu: none loaded; first bound here: guest %s vcpu %u (%u in all)\n",
		       hart->bound[0]->guest->cfg->name, hart->bound[0]->id,
		       hart->bound_count);
	else
		printf("monitor:   vcpu: none on this hart\n");
	/*
	 * GCC's RISC-V frames: fp is the caller's sp; the return address is
	 * at fp - 8, the caller's fp at fp - 16. Walk only inside this hart's
	 * stack, upwards.
	 */
	printf("monitor:   backtrace (monitor.elf addresses): 0x%lx", pc);
	for (int depth = 0; depth < BACKTRACE_DEPTH; depth++) {
		const unsigned long *frame = (const unsigned long *)fp;

		if (!hart->stack_top || fp & 7 || fp < lo + 16 || fp > hart->stack_top)
			break;
		printf(" 0x%lx", frame[-1]);
		if (frame[-2] <= fp)
			break;
		fp = frame[-2];
	}
	printf("\n");
}

static void watchdog_bark(const char *what, unsigned long waited)
	__attribute__((noreturn));
static void watchdog_bark(const char *what, unsigned long waited)
{
	struct hart *hart = this_hart();

	/* The hart we wait for may be stuck holding the console. */
	console_take_over();
	printf("monitor: watchdog: hart %lu stuck in the monitor: waited %lu ms for %s\n",
	       hart->hartid, waited * 1000 / monitor.timebase_hz, what);
	monitor_dump_context((unsigned long)__builtin_return_address(0),
			     (unsigned long)__builtin_frame_address(0));
	monitor_fail("watchdog on hart %lu", hart->hartid);
}

void watchdog_poll(unsigned long *since, const char *what)
{
	unsigned long now = csr_read(CSR_TIME);

	if (!*since)
		*since = now ? now : 1;
	else if (now - *since > monitor.timebase_hz * WATCHDOG_LIMIT_S)
		watchdog_bark(what, now - *since);
}

void spin_lock_contended(spinlock_t *lock, unsigned long *since)
{
	(void)lock;
	watchdog_poll(since, "a lock another hart holds");
}
