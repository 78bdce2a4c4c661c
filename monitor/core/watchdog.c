// SPDX-License-Identifier: BSD-2-Clause
/* See monitor/include/monitor/core/watchdog.h. */

#include <lib/console.h>
#include <lib/csr.h>
#include <lib/spinlock.h>
#include <monitor/core/guest.h>
#include <monitor/core/hart.h>
#include <monitor/core/monitor.h>
#include <monitor/core/watchdog.h>

static void watchdog_bark(const char *what, unsigned long waited)
	__attribute__((noreturn));
static void watchdog_bark(const char *what, unsigned long waited)
{
	struct hart *hart = this_hart();

	/* The hart we wait for may be stuck holding the console. */
	console_take_over();
	printf("monitor: watchdog: hart %lu stuck in the monitor: waited %lu ms for %s\n",
	       hart->hartid, waited * 1000 / monitor->timebase_hz, what);
	monitor_dump_context((unsigned long)__builtin_return_address(0),
			     (unsigned long)__builtin_frame_address(0));
	monitor_fail("watchdog on hart %lu", hart->hartid);
}

void watchdog_poll(unsigned long *since, const char *what)
{
	unsigned long now = csr_read(CSR_TIME);

	if (!*since)
		*since = now ? now : 1;
	else if (now - *since > monitor->timebase_hz * WATCHDOG_LIMIT_S)
		watchdog_bark(what, now - *since);
}

void spin_lock_contended(spinlock_t *lock, unsigned long *since)
{
	watchdog_poll(since, "a lock another hart holds");
}
