// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host test of lib/include/lib/spinlock.h under ThreadSanitizer: threads
 * hammer one lock. Mutual exclusion (a plain counter inside it never loses
 * an increment), and the bound a ticket lock gives a waiter: once a thread
 * waits, at most one hold of each other thread comes before its own,
 * however often the others take the lock. A test-and-set lock, which a
 * hart can lose to others over and over, fails this.
 */

#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <lib/spinlock.h>

#define THREADS		4
#define ROUNDS		20000

static spinlock_t lock;
static unsigned long plain_counter;	/* only ever touched under the lock */
static unsigned long holds;		/* holds so far, read by waiters */
static _Thread_local unsigned long waited_from;
static _Thread_local bool waiting;
static unsigned long worst_overtaken[THREADS];

/*
 * The lock's hook while it waits: note how many holds there were then,
 * and let the holder run (threads outnumber the cores here).
 */
void spin_lock_contended(spinlock_t *l, unsigned long *since)
{
	sched_yield();
	if (*since)
		return;
	*since = 1;
	waited_from = __atomic_load_n(&holds, __ATOMIC_RELAXED);
	waiting = true;
}

static void *hammer(void *arg)
{
	unsigned long me = (unsigned long)(uintptr_t)arg;

	for (unsigned long i = 0; i < ROUNDS; i++) {
		spin_lock(&lock);
		if (waiting) {
			unsigned long overtaken =
				__atomic_load_n(&holds, __ATOMIC_RELAXED) - waited_from;

			if (overtaken > worst_overtaken[me])
				worst_overtaken[me] = overtaken;
			waiting = false;
		}
		plain_counter++;
		__atomic_fetch_add(&holds, 1, __ATOMIC_RELAXED);
		spin_unlock(&lock);
	}
	return NULL;
}

static void test_fifo_and_exclusion(void **state)
{
	pthread_t threads[THREADS];

	for (unsigned long t = 0; t < THREADS; t++)
		assert_int_equal(pthread_create(&threads[t], NULL, hammer,
						(void *)(uintptr_t)t), 0);
	for (unsigned long t = 0; t < THREADS; t++)
		assert_int_equal(pthread_join(threads[t], NULL), 0);
	assert_int_equal(plain_counter, THREADS * ROUNDS);
	for (unsigned long t = 0; t < THREADS; t++)
		assert_true(worst_overtaken[t] <= THREADS - 1);
	/* Unlocked again: the next taker draws the ticket being served. */
	assert_int_equal(lock.next, lock.owner);
}

static void test_break(void **state)
{
	spinlock_t l = { 0 };

	spin_lock(&l);
	/* A failing hart takes a lock another holds for good. */
	spin_lock_break(&l);
	spin_lock(&l);
	spin_unlock(&l);
	assert_int_equal(l.next, l.owner);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_and_exclusion),
		cmocka_unit_test(test_break),
	};

	return cmocka_run_group_tests_name("ticket spinlock", tests, NULL, NULL);
}
