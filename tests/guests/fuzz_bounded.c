// SPDX-License-Identifier: BSD-2-Clause
/*
 * Bounded calls (bootargs flood=N, two vCPUs): vCPU 0 writes a MiB through
 * DBCN N times while vCPU 1 asks it for remote fences over and over. No
 * SBI call may hold a hart long: each write takes fewer bytes than asked
 * (DBCN allows that), and every fence completes, watchdog quiet.
 */

#include <lib/format.h>
#include <string.h>

#include "fuzz_run.h"
#include "guest.h"

#define FLOOD_SIZE	(1UL << 20)
#define LINE		64

static char flood[FLOOD_SIZE];
static volatile bool flooding, partner_done;
static volatile unsigned long fences, fence_errors;
static uint8_t partner_stack[8192] __attribute__((aligned(16)));

/* vCPU 1: fences of vCPU 0 while it floods, then it stops itself. */
static void fence_partner(void)
{
	while (!flooding)
		;
	while (flooding) {
		struct sbiret r = sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_FENCE_I,
					    1, 0, 0);

		fence_errors += r.error != 0;
		fences++;
	}
	partner_done = true;
	sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0);
}

void (*fuzz_secondary_job)(void);

int test_flood(unsigned long writes)
{
	unsigned long written = 0, partial = 0, before;
	long rc;

	for (unsigned long i = 0; i < FLOOD_SIZE; i++)
		flood[i] = i % LINE == LINE - 1 ? '\n' : "fuzz: flood "[i % LINE % 12];
	fuzz_secondary_job = fence_partner;
	rc = sbi_hart_start(1, (unsigned long)secondary_start,
			    (unsigned long)partner_stack + sizeof(partner_stack));
	flooding = true;
	before = fences;
	for (unsigned long i = 0; i < writes; i++) {
		struct sbiret r = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE,
					    FLOOD_SIZE, (unsigned long)flood, 0);

		if (r.error || r.value <= 0)
			break;
		if ((unsigned long)r.value < FLOOD_SIZE)
			partial++;
		if (flood[r.value - 1] != '\n')
			printf("\n");
		written += r.value;
	}
	/* Long enough for the partner to have fenced us meanwhile too. */
	while (fences - before < 100 && !rc)
		;
	flooding = false;
	while (!partner_done && !rc)
		;
	printf("# flood: %lu bytes in %lu writes of a MiB (%lu partial), %lu remote fences meanwhile\n",
	       written, writes, partial, fences);
	tap_ok(!rc, "flood: its second vCPU started (%ld)", rc);
	tap_ok(written && partial == writes,
	       "flood: each DBCN write of a MiB took part of it, as the spec allows (%lu of %lu)",
	       partial, writes);
	tap_ok(fences >= 100 && !fence_errors,
	       "flood: every remote fence of the writing vCPU completed (%lu, %lu failed)",
	       fences, fence_errors);
	tap_done();
	return tap_failed != 0;
}
