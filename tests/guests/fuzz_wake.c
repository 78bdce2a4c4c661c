// SPDX-License-Identifier: BSD-2-Clause
/*
 * Wake-ups by MSI (bootargs wake=N, two vCPUs, an AIA controller given:
 * guest interrupt files or software ones). vCPU 1 suspends through SBI
 * HSM, retentive and non-retentive by turns, its external interrupt
 * enabled in sie; vCPU 0 waits until it is SUSPENDED, then writes an
 * identity into vCPU 1's IMSIC page, as Linux's IPIs do. The MSI alone
 * must wake it (within WAKE_S seconds), stopei must name the identity,
 * and its interrupt file must hold what it held before the suspend
 * (eidelivery, eithreshold, eie), the non-retentive one too.
 */

#include <libfdt.h>
#include <lib/format.h>
#include <string.h>

#include "devirq.h"
#include "fuzz_run.h"
#include "guest.h"

#define WAKE_ID		5		/* the identity of the MSI */
#define OTHER_ID	9		/* enabled too: part of the file's state */
#define THRESHOLD	40
#define WAKE_S		5
#define HSM_SUSPENDED	4

extern void (*fuzz_secondary_job)(void);

static struct aia aia;
static volatile unsigned long rounds, waiting, woken, bad;
static volatile bool file_ready, partner_done;
static uint8_t partner_stack[8192] __attribute__((aligned(16)));

static unsigned long stack_top(void)
{
	return (unsigned long)partner_stack + sizeof(partner_stack);
}

/* vCPU 1, just woken: the identity that woke it, and its file intact. */
static void after_wake(void)
{
	unsigned long topei = csr_swap(CSR_STOPEI, 0);
	bool good = topei >> 16 == WAKE_ID &&
		    imsic_read(IMSIC_EIDELIVERY) == 1 &&
		    imsic_read(IMSIC_EITHRESHOLD) == THRESHOLD &&
		    (imsic_read(IMSIC_EIE(WAKE_ID)) & (1UL << WAKE_ID)) &&
		    (imsic_read(IMSIC_EIE(OTHER_ID)) & (1UL << OTHER_ID));

	if (!good && bad < 3)
		printf("# wake %lu: stopei 0x%lx, eidelivery %lu, eithreshold %lu\n",
		       woken, topei, imsic_read(IMSIC_EIDELIVERY),
		       imsic_read(IMSIC_EITHRESHOLD));
	bad += !good;
	woken++;
}

/*
 * vCPU 1, at its start and again after each non-retentive suspend (which
 * resumes it at secondary_start).
 */
static void wake_partner(void)
{
	if (!file_ready) {
		imsic_write(IMSIC_EIDELIVERY, 1);
		imsic_write(IMSIC_EITHRESHOLD, THRESHOLD);
		imsic_enable(WAKE_ID, true);
		imsic_enable(OTHER_ID, true);
		file_ready = true;
	} else {
		after_wake();
	}
	csr_set(CSR_SIE, SIP_SEIP);
	while (woken < rounds) {
		unsigned long type = woken & 1 ? SBI_HSM_SUSP_NON_RET_BIT : 0;

		waiting = woken + 1;
		sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, type,
			  (unsigned long)secondary_start, stack_top());
		/* Retentive: back here. */
		after_wake();
	}
	partner_done = true;
}

static bool wait_until(volatile unsigned long *var, unsigned long value, bool suspended)
{
	unsigned long end = csr_read(CSR_TIME) + WAKE_S * timebase_hz;

	while (*var < value ||
	       (suspended && sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, 1, 0, 0).value !=
				     HSM_SUSPENDED))
		if (csr_read(CSR_TIME) > end)
			return false;
	return true;
}

int test_wake(const void *fdt, unsigned long n)
{
	volatile uint32_t *page;
	unsigned long lost = 0;
	long rc;

	if (aia_find(fdt, 1, &aia)) {
		tap_skip("wake by MSI: no AIA controller given");
		tap_done();
		return 0;
	}
	page = (volatile uint32_t *)(aia.imsic + 0x1000UL * aia.hart_index);
	rounds = n;
	fuzz_secondary_job = wake_partner;
	rc = sbi_hart_start(1, (unsigned long)secondary_start, stack_top());
	for (unsigned long r = 0; !rc && r < n; r++) {
		if (!wait_until(&waiting, r + 1, true)) {
			lost++;
			break;
		}
		*page = WAKE_ID;	/* seteipnum_le */
		if (!wait_until(&woken, r + 1, false)) {
			lost++;
			break;
		}
	}
	printf("# wake by MSI: %lu rounds, %lu woken\n", n, woken);
	tap_ok(!rc, "wake by MSI: the other vCPU started (%ld)", rc);
	tap_ok(!lost && woken == n,
	       "wake by MSI: %lu HSM suspends of the other vCPU, retentive and non-retentive, each ended by an MSI into its IMSIC page (%lu not)",
	       n, n - woken);
	tap_ok(!bad, "wake by MSI: each time stopei named the MSI and the file kept its state (%lu not)",
	       bad);
	tap_done();
	return tap_failed != 0;
}
