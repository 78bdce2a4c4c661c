/* SPDX-License-Identifier: BSD-2-Clause */
/* A test-and-set spinlock for the few places harts share a resource. */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

typedef struct {
	int locked;
} spinlock_t;

/*
 * Called over and over while `lock` is held by another: the monitor's
 * watchdog (monitor/watchdog.c) counts the time from *since (0 at the
 * first call). lib/spinlock.c has a no-op for the test guests.
 */
void spin_lock_contended(spinlock_t *lock, unsigned long *since);

static inline void spin_lock(spinlock_t *lock)
{
	unsigned long since = 0;

	/*
	 * Acquire: nothing of the critical section moves above taking the
	 * lock. Pairs with the release in spin_unlock() of the previous owner.
	 */
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			spin_lock_contended(lock, &since);
}

static inline void spin_unlock(spinlock_t *lock)
{
	/* Release: pairs with the acquire in spin_lock() of the next owner. */
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

#endif /* LIB_SPINLOCK_H */
