// SPDX-License-Identifier: BSD-2-Clause
/*
 * monitor/core/vcpu_irq.c under concurrency, built with ThreadSanitizer: several
 * producer threads, one consumer thread standing for the vCPU's hart.
 *
 * The consumer does what a hart does around a guest: on each kick it syncs
 * (exit), flushes into the simulated hvip (entry), and plays the guest:
 * an IPI it sees is acknowledged by lowering VSSIP first, then reading the
 * messages, as Linux does. It sleeps until kicked, so a missing kick hangs.
 *
 * Every producer waits for each of its events to take effect (a handshake):
 *  - IPI producers post a message number, raise VSSIP and wait until the
 *    guest has read that message: a lost IPI never completes;
 *  - level producers (one per level bit) raise or lower their bit and wait
 *    until hvip shows it: a write the consumer misses never completes.
 * A handshake that does not complete within a bound fails the test. After
 * the run, every level bit equals its last write and nothing is left.
 */

#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include <monitor/core/vcpu_irq.h>

#define IPI_PRODUCERS		4
#define IPIS_EACH		150000
#define LEVEL_EVENTS_EACH	200000
/* 4 x 150,000 IPIs + 2 x 200,000 level changes = 10^6 events */
#define HANDSHAKE_TIMEOUT_S	20

static struct vcpu_irqs irqs;
static _Atomic unsigned long hw_hvip;	/* the "CSR" */
static atomic_int kicked;
static atomic_ulong message[IPI_PRODUCERS], seen[IPI_PRODUCERS];
static atomic_bool stop, failed;
static atomic_ulong kicks, raises, deliveries;
static unsigned long level_last[2];

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void kick(void)
{
	atomic_fetch_add_explicit(&kicks, 1, memory_order_relaxed);
	/* The IPI: release, like the SBI call that carries it. */
	atomic_store_explicit(&kicked, 1, memory_order_release);
}

/* Spin (politely) until cond() holds; false after the timeout. */
static bool wait_for(bool (*cond)(unsigned long, unsigned long), unsigned long a,
		     unsigned long b)
{
	double deadline = now_s() + HANDSHAKE_TIMEOUT_S;

	while (!cond(a, b)) {
		if (atomic_load(&failed))
			return false;
		if (now_s() > deadline) {
			atomic_store(&failed, true);
			return false;
		}
		sched_yield();
	}
	return true;
}

static bool message_seen(unsigned long producer, unsigned long n)
{
	return atomic_load_explicit(&seen[producer], memory_order_acquire) == n;
}

static bool level_shown(unsigned long bit, unsigned long want)
{
	return ((atomic_load_explicit(&hw_hvip, memory_order_acquire) & bit) != 0) == want;
}

static void *ipi_producer(void *arg)
{
	unsigned long me = (unsigned long)arg;

	for (unsigned long n = 1; n <= IPIS_EACH; n++) {
		atomic_store_explicit(&message[me], n, memory_order_release);
		atomic_fetch_add_explicit(&raises, 1, memory_order_relaxed);
		if (vcpu_irqs_raise(&irqs, IRQ_VS_SOFT))
			kick();
		if (!wait_for(message_seen, me, n)) {
			fprintf(stderr, "IPI producer %lu: message %lu never read\n", me, n);
			break;
		}
	}
	return NULL;
}

static void *level_producer(void *arg)
{
	unsigned long which = (unsigned long)arg;
	unsigned int irq = which ? IRQ_VS_EXT : IRQ_VS_TIMER;
	unsigned long bit = 1UL << irq, seed = 12345 + which;

	for (unsigned long n = 0; n < LEVEL_EVENTS_EACH; n++) {
		unsigned long want;
		bool changed;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		want = (seed >> 33) & 1;
		changed = want ? vcpu_irqs_raise(&irqs, irq) :
				 vcpu_irqs_lower(&irqs, irq);
		if (changed)
			kick();
		level_last[which] = want;
		if (!wait_for(level_shown, bit, want)) {
			fprintf(stderr, "level producer %lu: write %lu of %lu never showed\n",
				which, n, want);
			break;
		}
	}
	return NULL;
}

/* The vCPU's hart: exit (sync), entry (flush), the guest's IPI handler. */
static void consume(void)
{
	unsigned long hvip = atomic_load_explicit(&hw_hvip, memory_order_relaxed);

	vcpu_irqs_sync(&irqs, hvip);
	if (vcpu_irqs_flush(&irqs)) {
		hvip = irqs.hvip;
		atomic_store_explicit(&hw_hvip, hvip, memory_order_release);
	}
	if (hvip & HVIP_VSSIP) {
		/* The guest: lower SSIP first, then read what was sent. */
		atomic_fetch_add_explicit(&deliveries, 1, memory_order_relaxed);
		atomic_store_explicit(&hw_hvip, hvip & ~HVIP_VSSIP, memory_order_release);
		atomic_thread_fence(memory_order_seq_cst);
		for (int i = 0; i < IPI_PRODUCERS; i++)
			atomic_store_explicit(&seen[i],
					      atomic_load_explicit(&message[i], memory_order_acquire),
					      memory_order_release);
	}
}

static void *consumer(void *arg)
{
	while (!atomic_load(&stop)) {
		/* Sleep until kicked, as a hart in the guest or in WFI would. */
		if (!atomic_exchange_explicit(&kicked, 0, memory_order_acquire)) {
			sched_yield();
			continue;
		}
		consume();
	}
	return NULL;
}

static void test_producers_and_consumer(void **state)
{
	pthread_t c, p[IPI_PRODUCERS + 2];

	assert_int_equal(pthread_create(&c, NULL, consumer, NULL), 0);
	for (unsigned long i = 0; i < IPI_PRODUCERS; i++)
		assert_int_equal(pthread_create(&p[i], NULL, ipi_producer, (void *)i), 0);
	for (unsigned long i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&p[IPI_PRODUCERS + i], NULL,
						level_producer, (void *)i), 0);
	for (int i = 0; i < IPI_PRODUCERS + 2; i++)
		pthread_join(p[i], NULL);
	atomic_store(&stop, true);
	pthread_join(c, NULL);
	/*
	 * A raise whose message the consumer read in a pass begun for an
	 * earlier kick leaves its own kick (and mask bit) behind: one more
	 * pass takes it, as the hart's next entry would. This thread is the
	 * consumer now.
	 */
	if (atomic_exchange_explicit(&kicked, 0, memory_order_acquire))
		consume();

	assert_false(atomic_load(&failed));
	/* Every level bit as last written; nothing left for the consumer. */
	assert_int_equal((atomic_load(&hw_hvip) & HVIP_VSTIP) != 0, level_last[0]);
	assert_int_equal((atomic_load(&hw_hvip) & HVIP_VSEIP) != 0, level_last[1]);
	assert_false(vcpu_irqs_changed(&irqs));
	/* Kicks only on a 0 -> 1 mask change: never more than the events. */
	assert_true(atomic_load(&kicks) <= IPI_PRODUCERS * IPIS_EACH + 2 * LEVEL_EVENTS_EACH);
	assert_true(atomic_load(&deliveries) <= atomic_load(&raises));
	printf("# %lu IPIs in %lu deliveries, %lu kicks for 1000000 events\n",
	       (unsigned long)atomic_load(&raises), (unsigned long)atomic_load(&deliveries),
	       (unsigned long)atomic_load(&kicks));
}

static void test_single_thread_semantics(void **state)
{
	struct vcpu_irqs v = { 0 };

	/* A bit's first change kicks, the next ones ride on it. */
	assert_true(vcpu_irqs_raise(&v, IRQ_VS_TIMER));
	assert_false(vcpu_irqs_lower(&v, IRQ_VS_TIMER));
	assert_false(vcpu_irqs_raise(&v, IRQ_VS_TIMER));
	assert_true(vcpu_irqs_raise(&v, IRQ_VS_EXT));
	assert_true(vcpu_irqs_changed(&v));
	assert_true(vcpu_irqs_flush(&v));
	assert_int_equal(v.hvip, HVIP_VSTIP | HVIP_VSEIP);
	assert_false(vcpu_irqs_flush(&v));

	/* A level lowered and raised again before a flush: no change. */
	assert_true(vcpu_irqs_lower(&v, IRQ_VS_TIMER));
	assert_false(vcpu_irqs_raise(&v, IRQ_VS_TIMER));
	assert_false(vcpu_irqs_flush(&v));
	assert_int_equal(v.hvip, HVIP_VSTIP | HVIP_VSEIP);

	/* An IPI is delivered once; the guest's lowering is taken in by sync. */
	assert_true(vcpu_irqs_raise(&v, IRQ_VS_SOFT));
	assert_true(vcpu_irqs_flush(&v));
	assert_true(v.hvip & HVIP_VSSIP);
	vcpu_irqs_sync(&v, v.hvip & ~HVIP_VSSIP);
	assert_false(v.hvip & HVIP_VSSIP);
	assert_false(vcpu_irqs_flush(&v));
	assert_false(v.hvip & HVIP_VSSIP);
	/* The guest raising its own SSIP is kept, levels are not the guest's. */
	vcpu_irqs_sync(&v, HVIP_VSSIP);
	assert_int_equal(v.hvip, HVIP_VSSIP | HVIP_VSTIP | HVIP_VSEIP);

	vcpu_irqs_reset(&v);
	assert_int_equal(v.hvip, 0);
	assert_false(vcpu_irqs_changed(&v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_thread_semantics),
		cmocka_unit_test(test_producers_and_consumer),
	};

	return cmocka_run_group_tests_name("pending vCPU interrupts", tests, NULL, NULL);
}
