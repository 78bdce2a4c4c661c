// SPDX-License-Identifier: BSD-2-Clause
/* The default of lib/include/lib/spinlock.h's hook: just spin. */

#include <lib/spinlock.h>

__attribute__((weak)) void spin_lock_contended(spinlock_t *lock, unsigned long *since)
{
}
