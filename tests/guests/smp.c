// SPDX-License-Identifier: BSD-2-Clause
/*
 * The SMP part of the SBI test guest: SBI HSM (every transition and error
 * case of start, stop and status), an IPI storm with exact counts, one-shot
 * timers at random near deadlines on every hart, and a remote sfence.vma
 * that another hart must honour.
 *
 * Hart 0 leads: it sets a phase, wakes the others with an IPI, and prints
 * every TAP line; the others report through memory.
 */

#include <sbivisor/sbi.h>
#include <sbivisor/sbivisor_ext.h>
#include <string.h>

#include "guest.h"
#include "regs.h"
#include "smp.h"
#include "sv39.h"

#define IPIS_EACH		25000
#define TIMERS_EACH		10000
#define WAIT		(10 * 10000000UL)	/* 10 s at 10 MHz, in time ticks */
#define RFENCE_VA		0x40000000UL

enum phase {
	PHASE_IDLE,
	PHASE_STORM,
	PHASE_TIMERS,
	PHASE_REMAP,		/* hart 1: read RFENCE_VA, wait, read it again */
	PHASE_SUSPEND,		/* hart 1: suspend until an IPI */
	PHASE_STOP,		/* the last hart stops itself */
	PHASE_STOP_ALL,		/* every hart but 0 stops itself */
	PHASE_REGS,		/* every hart: the register patterns, yielding */
	PHASE_SPIN,		/* every hart: busy, not yielding, until told */
	PHASE_COUNT,
};

static unsigned int ncpus;
static volatile int phase;
static unsigned int phase_done[PHASE_COUNT];

/* What each hart found at its entry (secondary_start). */
static struct {
	unsigned long a0, a1, satp, sstatus;
	unsigned int entries;
} entry[GUEST_MAX_CPUS];

static char stacks[GUEST_MAX_CPUS][16384] __attribute__((aligned(16)));

bool smp_yield;
bool smp_stolen;
bool smp_alone;
uint64_t smp_timebase_hz = 10000000;
static volatile bool spin_over;

/*
 * In every wait for another hart: with vCPUs sharing a host hart (bootarg
 * `yield`) give the hart to the one waited for, as a guest OS would in its
 * spin loops, rather than spin out the time slice.
 */
static void relax(void)
{
	if (smp_yield)
		sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_YIELD, 0, 0, 0);
}

/* PHASE_REGS: each hart's own patterns, YIELD calls in between. */
#define REGS_YIELDS	2600
static struct regs_test regs[GUEST_MAX_CPUS];
static unsigned long regs_switches[GUEST_MAX_CPUS];

static unsigned long vcpu_switches(void)
{
	return sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO,
			 SBIVISOR_INFO_VCPU_SWITCHES, 0, 0).value;
}

static void regs_phase(void)
{
	unsigned int me = this_cpu();
	unsigned long before = vcpu_switches();
	unsigned long sie = csr_read(CSR_SSTATUS) & SSTATUS_SIE;

	csr_clear(CSR_SSTATUS, SSTATUS_SIE);
	csr_set(CSR_SSTATUS, SSTATUS_FS_INITIAL);
	regs_prepare(&regs[me], me + 1, SBIVISOR_EXT_ID, SBIVISOR_FID_YIELD,
		     REGS_YIELDS);
	regs_trap_loop(&regs[me]);
	regs_switches[me] = vcpu_switches() - before;
	csr_set(CSR_SSTATUS, sie);
}

/* IPI storm: mailbox[s][t] = 1 while s's IPI to t is not yet taken. */
static unsigned int mailbox[GUEST_MAX_CPUS][GUEST_MAX_CPUS];
static unsigned long received[GUEST_MAX_CPUS][GUEST_MAX_CPUS];
static unsigned long ipi_sent[GUEST_MAX_CPUS][GUEST_MAX_CPUS];
static unsigned long storm_failures[GUEST_MAX_CPUS];

/* Timers, per hart. */
static struct {
	volatile unsigned long deadline;
	volatile bool fired;
	unsigned long early, missed;
	unsigned long worst_late;
} timer[GUEST_MAX_CPUS];

/* RFENCE: the stage-1 tables and the two pages RFENCE_VA points to. */
static uint64_t root[512] __attribute__((aligned(4096)));
static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l0[512] __attribute__((aligned(4096)));
static uint64_t page_a[512] __attribute__((aligned(4096)));
static uint64_t page_b[512] __attribute__((aligned(4096)));
static volatile uint64_t seen_before, seen_after;
static volatile bool remap_ready, remap_done;
static volatile long suspend_rc = 1;

static unsigned long now(void)
{
	return csr_read(CSR_TIME);
}

static unsigned long stack_top(unsigned int cpu)
{
	return (unsigned long)stacks[cpu + 1];
}

/* ------------------------------------------------------------ interrupts */

/* Lower SSIP first, then read the mailboxes: a later IPI raises it again. */
static void on_ipi(void)
{
	unsigned int me = this_cpu();

	csr_clear(CSR_SIP, SIP_SSIP);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (unsigned int s = 0; s < ncpus; s++) {
		if (__atomic_load_n(&mailbox[s][me], __ATOMIC_ACQUIRE)) {
			received[me][s]++;
			__atomic_store_n(&mailbox[s][me], 0, __ATOMIC_RELEASE);
		}
	}
}

static void on_timer(void)
{
	unsigned int me = this_cpu();
	unsigned long t = now();

	if (t < timer[me].deadline)
		timer[me].early++;
	else if (t - timer[me].deadline > timer[me].worst_late)
		timer[me].worst_late = t - timer[me].deadline;
	timer[me].fired = true;
	sbi_set_timer(~0UL);
}

static void interrupts_on(void)
{
	csr_set(CSR_SIE, SIP_SSIP | SIP_STIP);
	csr_set(CSR_SSTATUS, SSTATUS_SIE);
}

/* --------------------------------------------------------------- phases */

/* Until `t` took our last IPI: false (and a failure) after WAIT. */
static bool wait_mailbox(unsigned int me, unsigned int t)
{
	unsigned long deadline = now() + WAIT;

	while (__atomic_load_n(&mailbox[me][t], __ATOMIC_ACQUIRE)) {
		if (now() > deadline) {
			storm_failures[me]++;
			return false;
		}
		relax();
	}
	return true;
}

static void ipi_storm(void)
{
	unsigned int me = this_cpu();

	for (unsigned long k = 0; k < IPIS_EACH; k++) {
		unsigned int t = (me + 1 + k % (ncpus - 1)) % ncpus;

		if (!wait_mailbox(me, t))
			return;
		__atomic_store_n(&mailbox[me][t], 1, __ATOMIC_RELEASE);
		ipi_sent[me][t]++;
		if (sbi_send_ipi(1UL << t, 0))
			storm_failures[me]++;
	}
	for (unsigned int t = 0; t < ncpus; t++)
		if (!wait_mailbox(me, t))
			return;
}

static void timers(void)
{
	unsigned int me = this_cpu();
	unsigned long seed = 0x9e3779b97f4a7c15UL * (me + 1);

	for (unsigned long k = 0; k < TIMERS_EACH; k++) {
		unsigned long limit;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		timer[me].fired = false;
		/* 0 to 63 ticks ahead: often already past when it is set. */
		timer[me].deadline = now() + ((seed >> 40) & 63);
		sbi_set_timer(timer[me].deadline);
		/* Polling, so that a timer that never fires cannot hang us. */
		limit = now() + WAIT;
		while (!timer[me].fired && now() < limit)
			relax();
		if (!timer[me].fired) {
			timer[me].missed++;
			sbi_set_timer(~0UL);
		}
	}
}

static uint64_t pte(const void *pa, uint64_t bits)
{
	return sv39_pte((uintptr_t)pa, bits);
}

static void paging(bool on)
{
	csr_write(CSR_SATP, on ? sv39_satp(root, 0) : 0);
	asm volatile("sfence.vma" : : : "memory");
}

static void map_tables(void)
{
	/* Hart 0 never turns paging on: only hart 1 caches RFENCE_VA. */
	page_a[0] = 0xaaaa;
	page_b[0] = 0xbbbb;
	/* Guest RAM, 1 GiB identity from 0x80000000; RFENCE_VA -> page_a. */
	root[2] = pte((void *)0x80000000UL, PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
	root[1] = pte(l1, 0);
	l1[0] = pte(l0, 0);
	l0[0] = pte(page_a, PTE_R | PTE_W | PTE_A | PTE_D);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void secondary_phase(int p)
{
	unsigned int me = this_cpu();

	switch (p) {
	case PHASE_STORM:
		ipi_storm();
		break;
	case PHASE_TIMERS:
		timers();
		break;
	case PHASE_REMAP:
		/*
		 * No exit between the two reads but the one the remote fence
		 * makes: interrupts off, polling memory. (QEMU drops a hart's
		 * TLB whenever it leaves the guest, so any other exit would
		 * hide a fence that was never done.)
		 */
		if (me == 1) {
			csr_clear(CSR_SSTATUS, SSTATUS_SIE);
			paging(true);
			seen_before = *(volatile uint64_t *)RFENCE_VA;
			__atomic_store_n(&remap_ready, true, __ATOMIC_RELEASE);
			while (!__atomic_load_n(&remap_done, __ATOMIC_ACQUIRE))
				;
			seen_after = *(volatile uint64_t *)RFENCE_VA;
			paging(false);
			csr_set(CSR_SSTATUS, SSTATUS_SIE);
		}
		break;
	case PHASE_SUSPEND:
		if (me == 1) {
			/* SIE off: the IPI wakes the hart, then is taken. */
			csr_clear(CSR_SSTATUS, SSTATUS_SIE);
			suspend_rc = sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND,
					       0, 0, 0).error;
			csr_set(CSR_SSTATUS, SSTATUS_SIE);
		}
		break;
	case PHASE_STOP_ALL:
		sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0);
		break;
	case PHASE_REGS:
		regs_phase();
		break;
	case PHASE_SPIN:
		while (!spin_over)
			;
		break;
	case PHASE_STOP:
		if (me == ncpus - 1) {
			__atomic_add_fetch(&phase_done[p], 1, __ATOMIC_RELEASE);
			sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0);
			printf("smp: hart %u: hart_stop returned\n", me);
		}
		break;
	}
	__atomic_add_fetch(&phase_done[p], 1, __ATOMIC_RELEASE);
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	int seen = phase;	/* a restarted hart does not redo the last phase */

	entry[hartid].a0 = hartid;
	entry[hartid].a1 = opaque;
	entry[hartid].satp = csr_read(CSR_SATP);
	entry[hartid].sstatus = csr_read(CSR_SSTATUS);
	__atomic_add_fetch(&entry[hartid].entries, 1, __ATOMIC_RELEASE);

	interrupts_on();
	for (;;) {
		int p;

		/*
		 * An IPI from hart 0 follows every phase change. Look with
		 * interrupts off, so that it cannot slip in between the look
		 * and the wfi (which wakes on it all the same).
		 */
		csr_clear(CSR_SSTATUS, SSTATUS_SIE);
		p = phase;
		if (p == seen)
			asm volatile("wfi");
		csr_set(CSR_SSTATUS, SSTATUS_SIE);
		if (p != seen) {
			seen = p;
			secondary_phase(p);
		}
	}
}

static bool wait_phase_done(int p, unsigned int participants)
{
	unsigned long deadline = now() + 12 * WAIT;

	while (__atomic_load_n(&phase_done[p], __ATOMIC_ACQUIRE) < participants) {
		if (now() > deadline)
			return false;
		relax();
	}
	return true;
}

/* Hart 0: start a phase everywhere (and take part), wait for all. */
static bool run_phase(int p, unsigned int participants)
{
	__atomic_store_n(&phase, p, __ATOMIC_RELEASE);
	sbi_send_ipi(0, -1UL);
	if (p == PHASE_STORM)
		ipi_storm();
	else if (p == PHASE_TIMERS)
		timers();
	else if (p == PHASE_REGS)
		regs_phase();
	return wait_phase_done(p, participants);
}

/* ------------------------------------------------------------------ HSM */

static long hsm_status(unsigned long hart)
{
	struct sbiret r = sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, hart, 0, 0);

	return r.error ? r.error : r.value;
}

static long hsm_start(unsigned long hart, unsigned long addr, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, hart, addr, opaque).error;
}

static bool wait_entries(unsigned int cpu, unsigned int n)
{
	unsigned long deadline = now() + WAIT;

	while (__atomic_load_n(&entry[cpu].entries, __ATOMIC_ACQUIRE) < n) {
		if (now() > deadline)
			return false;
		relax();
	}
	return true;
}

static bool wait_status(unsigned int cpu, long status)
{
	unsigned long deadline = now() + WAIT;

	while (hsm_status(cpu) != status) {
		if (now() > deadline)
			return false;
		relax();
	}
	return true;
}

static bool entry_ok(unsigned int cpu)
{
	return entry[cpu].a0 == cpu && entry[cpu].a1 == stack_top(cpu) &&
	       entry[cpu].satp == 0 && !(entry[cpu].sstatus & SSTATUS_SIE);
}

static void test_hsm(void)
{
	unsigned long entry_pc = (unsigned long)secondary_start;
	unsigned int last = ncpus - 1;
	bool all = true;
	long rc;

	tap_ok(hsm_status(0) == SBI_HSM_STATE_STARTED, "HSM: hart 0 STARTED");
	tap_ok(hsm_status(1) == SBI_HSM_STATE_STOPPED,
	       "HSM: the other harts wait STOPPED at boot (%ld)", hsm_status(1));
	tap_ok(hsm_status(ncpus) == SBI_ERR_INVALID_PARAM,
	       "HSM: get_status of hart %u (none) = INVALID_PARAM", ncpus);
	tap_ok(hsm_start(ncpus, entry_pc, 0) == SBI_ERR_INVALID_PARAM,
	       "HSM: hart_start of hart %u (none) = INVALID_PARAM", ncpus);
	tap_ok(hsm_start(-1UL, entry_pc, 0) == SBI_ERR_INVALID_PARAM,
	       "HSM: hart_start of hart -1 = INVALID_PARAM");
	rc = hsm_start(1, 0x1000, stack_top(1));
	tap_ok(rc == SBI_ERR_INVALID_ADDRESS && hsm_status(1) == SBI_HSM_STATE_STOPPED,
	       "HSM: hart_start at an address outside guest RAM = INVALID_ADDRESS (%ld), still STOPPED", rc);
	tap_ok(hsm_start(0, entry_pc, 0) == SBI_ERR_ALREADY_AVAILABLE,
	       "HSM: hart_start of a started hart = ALREADY_AVAILABLE");

	for (unsigned int cpu = 1; cpu < ncpus; cpu++) {
		long status;

		rc = hsm_start(cpu, entry_pc, stack_top(cpu));
		status = hsm_status(cpu);
		all &= !rc && (status == SBI_HSM_STATE_START_PENDING ||
			       status == SBI_HSM_STATE_STARTED);
	}
	tap_ok(all, "HSM: hart_start of harts 1-%u: START_PENDING or STARTED at once", last);
	all = true;
	for (unsigned int cpu = 1; cpu < ncpus; cpu++)
		all &= wait_entries(cpu, 1) && entry_ok(cpu) &&
		       wait_status(cpu, SBI_HSM_STATE_STARTED);
	tap_ok(all, "HSM: each started hart runs: a0 = its ID, a1 = opaque, satp = 0, SIE = 0, STARTED");
	tap_ok(hsm_start(1, entry_pc, stack_top(1)) == SBI_ERR_ALREADY_AVAILABLE,
	       "HSM: hart_start of it again = ALREADY_AVAILABLE");
}

static void test_hsm_suspend_ipi(void)
{
	bool ok;

	__atomic_store_n(&phase, PHASE_SUSPEND, __ATOMIC_RELEASE);
	sbi_send_ipi(0, -1UL);
	ok = wait_status(1, SBI_HSM_STATE_SUSPENDED);
	tap_ok(ok, "HSM: hart 1 in a retentive hart_suspend: SUSPENDED (%ld)", hsm_status(1));
	sbi_send_ipi(1UL << 1, 0);
	ok = wait_phase_done(PHASE_SUSPEND, ncpus - 1) && !suspend_rc &&
	     hsm_status(1) == SBI_HSM_STATE_STARTED;
	tap_ok(ok, "HSM: an IPI resumes it: hart_suspend returns 0, STARTED again");
}

static void test_hsm_stop_restart(void)
{
	unsigned int last = ncpus - 1;
	long rc;
	bool ok;

	ok = run_phase(PHASE_STOP, ncpus - 1) && wait_status(last, SBI_HSM_STATE_STOPPED);
	tap_ok(ok, "HSM: hart %u stops itself: STOPPED (%ld)", last, hsm_status(last));
	rc = hsm_start(last, (unsigned long)secondary_start, stack_top(last));
	ok = !rc && wait_entries(last, 2) && entry_ok(last) &&
	     wait_status(last, SBI_HSM_STATE_STARTED);
	tap_ok(ok, "HSM: and starts again from its start address, with a0 and a1");
	if (!ok)
		printf("# hart_start %ld, entries %u, a0 %lu a1 0x%lx satp 0x%lx sstatus 0x%lx, status %ld\n",
		       rc, entry[last].entries, entry[last].a0, entry[last].a1,
		       entry[last].satp, entry[last].sstatus, hsm_status(last));
}

/* ------------------------------------------------------------ IPI, RFENCE */

static void test_ipi_calls(void)
{
	struct sbiret r;

	r = sbi_ecall(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1UL << ncpus, 0, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "IPI to a hart that does not exist = INVALID_PARAM (%ld)", r.error);
	r = sbi_ecall(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1, ncpus, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "IPI with hart_mask_base past the harts = INVALID_PARAM (%ld)", r.error);
	r = sbi_ecall(SBI_EXT_IPI, 1, 0, 0, 0);
	tap_ok(r.error == SBI_ERR_NOT_SUPPORTED, "IPI FID 1 = NOT_SUPPORTED (%ld)", r.error);
	r = sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_FENCE_I, 1UL << ncpus, 0, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "RFENCE to a hart that does not exist = INVALID_PARAM (%ld)", r.error);
	r = sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_FENCE_I, 0, -1UL, 0);
	tap_ok(!r.error, "RFENCE remote_fence_i on all harts (%ld)", r.error);
	r = sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA_ASID, 0, -1UL, 0);
	tap_ok(!r.error, "RFENCE remote_sfence_vma_asid on all harts (%ld)", r.error);
	for (unsigned long fid = 3; fid <= SBI_RFENCE_REMOTE_HFENCE_VVMA; fid++) {
		r = sbi_ecall(SBI_EXT_RFENCE, fid, 0, -1UL, 0);
		tap_ok(r.error == SBI_ERR_NOT_SUPPORTED,
		       "RFENCE FID %lu (an hfence) = NOT_SUPPORTED (%ld)", fid, r.error);
	}
}

static void test_storm(void)
{
	bool exact = true, clean = true;

	for (unsigned int i = 0; i < ncpus; i++)
		for (unsigned int j = 0; j < ncpus; j++)
			received[i][j] = ipi_sent[i][j] = 0;
	tap_ok(run_phase(PHASE_STORM, ncpus - 1), "IPI storm: all %u harts done", ncpus);
	for (unsigned int s = 0; s < ncpus; s++) {
		clean &= !storm_failures[s];
		for (unsigned int t = 0; t < ncpus; t++)
			if (received[t][s] != ipi_sent[s][t]) {
				printf("# hart %u got %lu IPIs from hart %u, which sent %lu\n",
				       t, received[t][s], s, ipi_sent[s][t]);
				exact = false;
			}
	}
	tap_ok(clean, "IPI storm: %u IPIs from each hart, each taken in time", IPIS_EACH);
	tap_ok(exact, "IPI storm: every receiver counted exactly what was sent to it");
}

/*
 * Every hart fills its registers with patterns of its own and yields
 * REGS_YIELDS times: with vCPUs sharing host harts, each yield switches to
 * another vCPU, whose registers must not leak into ours.
 */
static void test_shared_registers(void)
{
	unsigned int bad = 0, fbad = 0;
	unsigned long switches = 0;

	tap_ok(run_phase(PHASE_REGS, ncpus - 1), "registers: all %u harts done", ncpus);
	for (unsigned int i = 0; i < ncpus; i++) {
		unsigned int f;

		bad += regs_verify(&regs[i], &f);
		fbad += f;
		switches += regs_switches[i];
	}
	printf("# %u yields on each of %u harts: %lu switches onto their host harts\n",
	       REGS_YIELDS, ncpus, switches);
	tap_ok(!bad && !fbad, "registers: every hart's GPRs, FPRs and fcsr intact across its yields (%u and %u bad)",
	       bad, fbad);
}

static void test_timers(void)
{
	unsigned long early = 0, missed = 0, worst = 0;

	tap_ok(run_phase(PHASE_TIMERS, ncpus - 1), "timers: all %u harts done", ncpus);
	for (unsigned int i = 0; i < ncpus; i++) {
		early += timer[i].early;
		missed += timer[i].missed;
		if (timer[i].worst_late > worst)
			worst = timer[i].worst_late;
	}
	printf("# %u timers on each of %u harts; latest fired %lu ticks after its deadline\n",
	       TIMERS_EACH, ncpus, worst);
	tap_ok(!missed, "timers: every one fired (%lu missed)", missed);
	tap_ok(!early, "timers: none fired before its deadline (%lu early)", early);
}

static void test_rfence(void)
{
	unsigned long deadline;
	struct sbiret r;

	map_tables();
	__atomic_store_n(&phase, PHASE_REMAP, __ATOMIC_RELEASE);
	sbi_send_ipi(0, -1UL);
	deadline = now() + WAIT;
	while (!__atomic_load_n(&remap_ready, __ATOMIC_ACQUIRE) && now() < deadline)
		relax();
	tap_ok(seen_before == 0xaaaa,
	       "RFENCE: hart 1 reads 0x%lx through the first mapping", (unsigned long)seen_before);

	/* Point RFENCE_VA elsewhere; hart 1 must not keep the old translation. */
	l0[0] = pte(page_b, PTE_R | PTE_W | PTE_A | PTE_D);
	r = sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA, 1UL << 1, 0,
		      RFENCE_VA);
	__atomic_store_n(&remap_done, true, __ATOMIC_RELEASE);
	tap_ok(!r.error && wait_phase_done(PHASE_REMAP, ncpus - 1) && seen_after == 0xbbbb,
	       "RFENCE: after remote_sfence_vma, hart 1 reads 0x%lx through the new one",
	       (unsigned long)seen_after);
}

/*
 * SBI STA: hart 0 registers its record and works for a while as the
 * others spin. With all of them on one host hart (bootarg `stolen`) the
 * turns they take are its stolen time: more than 0, less than the time
 * since it registered; as the only guest on harts of its own, none.
 */
static void test_steal_time(void)
{
	static uint8_t rec[64] __attribute__((aligned(64)));
	unsigned long start, elapsed_ns, steal;
	long error;

	error = sbi_ecall(SBI_EXT_STA, SBI_STA_STEAL_TIME_SET_SHMEM,
			  (unsigned long)rec, 0, 0).error;
	start = now();
	spin_over = false;
	__atomic_store_n(&phase, PHASE_SPIN, __ATOMIC_RELEASE);
	sbi_send_ipi(0, -1UL);
	while (now() - start < WAIT / 100)	/* 100 ms */
		;
	spin_over = true;
	wait_phase_done(PHASE_SPIN, ncpus - 1);
	steal = guest_sta_steal(rec);
	elapsed_ns = (now() - start) * (1000000000UL / smp_timebase_hz);
	printf("smp: STA: %lu ns stolen of %lu ns\n", steal, elapsed_ns);
	if (smp_stolen)
		tap_ok(!error && steal > 0 && steal < elapsed_ns,
		       "STA: %u harts on one host hart: hart 0's steal rose to %lu ns of %lu ns",
		       ncpus, steal, elapsed_ns);
	else if (smp_alone)
		tap_ok(!error && steal == 0,
		       "STA: dedicated harts, the others busy: hart 0's steal stays 0 (%lu ns)", steal);
	else
		tap_ok(!error && steal < elapsed_ns,
		       "STA: harts maybe shared: hart 0's steal %lu ns, less than %lu ns", steal,
		       elapsed_ns);
	sbi_ecall(SBI_EXT_STA, SBI_STA_STEAL_TIME_SET_SHMEM, -1UL, -1UL, 0);
}

/* Hart 0, before the SMP tests or the soak: false (and a skip) with one. */
static bool smp_begin(unsigned int cpus, const char *why_not)
{
	ncpus = cpus > GUEST_MAX_CPUS ? GUEST_MAX_CPUS : cpus;
	if (ncpus < 2) {
		tap_skip("%s", why_not);
		return false;
	}
	guest_ipi_handler = on_ipi;
	guest_timer_handler = on_timer;
	interrupts_on();
	return true;
}

/*
 * `make soak`: the IPI storm and the timers, round after round on every
 * hart, for `seconds`; then the totals, which must show nothing lost.
 */
void smp_soak(unsigned int cpus, unsigned long seconds, uint64_t timebase_hz)
{
	unsigned long sent = 0, got = 0, lost = 0, rounds = 0, failures = 0;
	unsigned long missed = 0, early = 0, worst = 0, end;
	bool phases_ok = true;

	if (!smp_begin(cpus, "one hart: no SMP soak"))
		return;
	for (unsigned int cpu = 1; cpu < ncpus; cpu++)
		phases_ok &= !hsm_start(cpu, (unsigned long)secondary_start, stack_top(cpu)) &&
			     wait_status(cpu, SBI_HSM_STATE_STARTED);
	tap_ok(phases_ok, "soak: all %u harts started", ncpus);

	end = now() + seconds * timebase_hz;
	while (phases_ok && now() < end) {
		for (unsigned int i = 0; i < ncpus; i++)
			for (unsigned int j = 0; j < ncpus; j++)
				received[i][j] = ipi_sent[i][j] = 0;
		phase_done[PHASE_STORM] = phase_done[PHASE_TIMERS] = 0;
		phases_ok &= run_phase(PHASE_STORM, ncpus - 1);
		phases_ok &= run_phase(PHASE_TIMERS, ncpus - 1);
		for (unsigned int s = 0; s < ncpus; s++)
			for (unsigned int t = 0; t < ncpus; t++) {
				sent += ipi_sent[s][t];
				got += received[t][s];
				lost += ipi_sent[s][t] - received[t][s];
			}
		rounds++;
	}
	for (unsigned int i = 0; i < ncpus; i++) {
		failures += storm_failures[i];
		missed += timer[i].missed;
		early += timer[i].early;
		if (timer[i].worst_late > worst)
			worst = timer[i].worst_late;
	}
	printf("soak: %lu s on %u harts, %lu rounds: IPIs sent %lu, taken %lu, lost %lu; "
	       "timers %lu, missed %lu, early %lu, latest %lu ticks late\n",
	       seconds, ncpus, rounds, sent, got, lost,
	       rounds * ncpus * TIMERS_EACH, missed, early, worst);
	tap_ok(phases_ok, "soak: every round ended on every hart (%lu rounds)", rounds);
	tap_ok(!lost && !failures, "soak: no IPI lost (%lu sent, %lu taken)", sent, got);
	tap_ok(!missed && !early, "soak: every timer fired, none early");
	smp_stop_all();
	csr_clear(CSR_SSTATUS, SSTATUS_SIE);
	guest_timer_handler = NULL;
}

bool smp_stop_all(void)
{
	bool ok = true;

	__atomic_store_n(&phase, PHASE_STOP_ALL, __ATOMIC_RELEASE);
	sbi_send_ipi(0, -1UL);
	for (unsigned int cpu = 1; cpu < ncpus; cpu++)
		ok &= wait_status(cpu, SBI_HSM_STATE_STOPPED);
	return ok;
}

void test_smp(unsigned int cpus)
{
	if (!smp_begin(cpus, "one hart: no SMP tests"))
		return;

	test_hsm();
	test_ipi_calls();
	test_storm();
	test_timers();
	test_rfence();
	test_steal_time();
	test_hsm_suspend_ipi();
	test_hsm_stop_restart();
	test_shared_registers();

	csr_clear(CSR_SSTATUS, SSTATUS_SIE);
	guest_timer_handler = NULL;
}
