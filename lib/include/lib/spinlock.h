/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A ticket spinlock for the few places harts share a resource: harts take
 * it in the order they came, so a hart's wait is bounded by the holds of
 * those before it, however often others (a guest's vCPUs, say) take it.
 * Zero is the unlocked state.
 */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

typedef struct {
	unsigned int next;	/* the ticket the next taker draws */
	unsigned int owner;	/* the ticket whose holder may go in */
} spinlock_t;

/*
 * Called over and over while `lock` is held by another: the monitor's
 * watchdog (monitor/core/watchdog.c) counts the time from *since (0 at the
 * first call). lib/spinlock.c has a no-op for the test guests.
 */
void spin_lock_contended(spinlock_t *lock, unsigned long *since);

static inline void spin_lock(spinlock_t *lock)
{
	unsigned long since = 0;
	/* Relaxed: drawing a ticket orders nothing; the acquire below does. */
	unsigned int ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

	/*
	 * Acquire: nothing of the critical section moves above taking the
	 * lock. Pairs with the release in spin_unlock() of the previous owner.
	 */
	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
		spin_lock_contended(lock, &since);
}

static inline void spin_unlock(spinlock_t *lock)
{
	/*
	 * Release: pairs with the acquire in spin_lock() of the next ticket's
	 * holder. One AMO (only the holder writes owner; spin_lock_break()
	 * aside), no load of owner first.
	 */
	__atomic_fetch_add(&lock->owner, 1, __ATOMIC_RELEASE);
}

/*
 * Let the next taker in whoever holds `lock` or waits for it: only for a
 * hart that reports a failure and powers the system off, when the holder
 * may be the hart that is stuck. Release: pairs with spin_lock()'s acquire.
 */
static inline void spin_lock_break(spinlock_t *lock)
{
	__atomic_store_n(&lock->owner, __atomic_load_n(&lock->next, __ATOMIC_RELAXED),
			 __ATOMIC_RELEASE);
}

#endif /* LIB_SPINLOCK_H */
