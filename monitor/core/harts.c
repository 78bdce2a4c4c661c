// SPDX-License-Identifier: BSD-2-Clause
/* Host harts: their slots, stacks, and bringing them up through SBI HSM. */

#include <lib/console.h>
#include <lib/csr.h>
#include <lib/sbi_call.h>
#include <monitor/boot/dt.h>
#include <monitor/core/hart.h>
#include <monitor/core/monitor.h>

/* How long the boot hart waits for a started hart to report, in seconds. */
#define HART_ONLINE_TIMEOUT_S	5

_Static_assert(DT_MAX_HARTS <= MONITOR_MAX_HARTS,
	       "every hart the device tree gives needs a slot");

struct hart harts[MONITOR_MAX_HARTS];
char hart_stacks[MONITOR_MAX_HARTS][HART_STACK_SIZE]
	__attribute__((aligned(16)));
static unsigned int hart_count;

void monitor_secondary_entry(void);

struct hart *hart_by_id(unsigned long hartid)
{
	for (unsigned int i = 0; i < hart_count; i++)
		if (harts[i].hartid == hartid)
			return &harts[i];
	return NULL;
}

int hart_slot_by_intc(const void *fdt, uint32_t phandle)
{
	uint32_t hartid;

	return dt_intc_hartid(fdt, phandle, &hartid) ? ERR_NOT_FOUND :
						       hart_slot(hartid);
}

void harts_init(const struct dt_platform *host, unsigned long boot_hartid)
{
	/* The boot hart has slot 0 and its stack already (entry.S). */
	harts[0].hartid = boot_hartid;
	hart_count = 1;
	for (unsigned int i = 0; i < host->hart_count; i++) {
		struct hart *hart = &harts[hart_count];

		if (host->harts[i].hartid == boot_hartid ||
		    hart_count == MONITOR_MAX_HARTS)
			continue;
		hart->hartid = host->harts[i].hartid;
		hart->slot = hart_count;
		hart->stack_top = (unsigned long)hart_stacks[hart_count + 1];
		hart_count++;
	}
}

unsigned int harts_start(const struct dt_platform *host)
{
	unsigned int started = 0;
	long rc;

	for (unsigned int i = 1; i < hart_count; i++) {
		struct hart *hart = &harts[i];
		const struct dt_hart *dt = dt_find_hart(host, hart->hartid);

		if (!dt || !(dt->isa & DT_ISA_BIT(DT_ISA_H))) {
			printf("monitor: hart %lu has no H extension; left stopped\n",
			       hart->hartid);
			continue;
		}
		/*
		 * The started hart reads *hart (and all the boot hart built,
		 * guests included) first thing. Order those stores before the
		 * HSM call; the firmware's wake-up of the target (an IPI taken
		 * in M-mode) orders the target's loads after it.
		 */
		__atomic_thread_fence(__ATOMIC_RELEASE);
		rc = sbi_hart_start(hart->hartid,
				    (unsigned long)monitor_secondary_entry,
				    (unsigned long)hart);
		if (rc) {
			printf("monitor: hart %lu: HSM hart_start failed (%ld)\n",
			       hart->hartid, rc);
			continue;
		}
		hart->started = true;
		started++;
	}
	return started;
}

static unsigned int count_online(void)
{
	unsigned int online = 0;

	/* Acquire: pairs with the release in hart_report_online(). */
	for (unsigned int i = 1; i < hart_count; i++)
		online += __atomic_load_n(&harts[i].online, __ATOMIC_ACQUIRE);
	return online;
}

void harts_wait_online(unsigned int started, uint64_t timebase_hz)
{
	uint64_t deadline = csr_read(CSR_TIME) +
			    timebase_hz * HART_ONLINE_TIMEOUT_S;

	/*
	 * Sleep, not spin: each hart coming online sends us an IPI
	 * (hart_report_online), and the timer ends the wait. SSIP is cleared
	 * before the count is read, so an IPI sent after that read keeps WFI
	 * from sleeping.
	 */
	csr_set(CSR_SIE, SIP_SSIP | SIP_STIP);
	sbi_set_timer(deadline);
	for (;;) {
		csr_clear(CSR_SIP, SIP_SSIP);
		if (count_online() >= started || csr_read(CSR_TIME) >= deadline)
			break;
		asm volatile("wfi");
	}
	sbi_set_timer(~0ULL);
	csr_clear(CSR_SIE, SIP_STIP);
	for (unsigned int i = 1; i < hart_count; i++)
		if (harts[i].started &&
		    !__atomic_load_n(&harts[i].online, __ATOMIC_ACQUIRE))
			printf("monitor: hart %lu did not come online\n",
			       harts[i].hartid);
	printf("monitor: harts online: %u of %u\n", count_online() + 1,
	       hart_count);
}

void hart_report_online(struct hart *self)
{
	printf("monitor: hart %lu online\n", self->hartid);
	/* Release: the line above is out before the boot hart counts us. */
	__atomic_store_n(&self->online, true, __ATOMIC_RELEASE);
	/* Wake the boot hart in harts_wait_online(). */
	sbi_send_ipi(1, harts[0].hartid);
}
