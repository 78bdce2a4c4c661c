/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel-style atomics on unsigned long words and the barriers that order
 * them. On RISC-V they are the A extension's AMOs and FENCE; built for the
 * host (unit tests under ThreadSanitizer) C11 atomics stand in for them,
 * with the same ordering.
 */
#ifndef LIB_ATOMIC_H
#define LIB_ATOMIC_H

#ifdef __riscv

/* Old value of *p; *p |= mask. No ordering of its own. */
static inline unsigned long atomic_fetch_or_relaxed(unsigned long *p,
						    unsigned long mask)
{
	unsigned long old;

	asm volatile("amoor.d %0, %2, %1" : "=r"(old), "+A"(*p) : "r"(mask)
		     : "memory");
	return old;
}

/* Old value of *p; *p &= mask. No ordering of its own. */
static inline unsigned long atomic_fetch_and_relaxed(unsigned long *p,
						     unsigned long mask)
{
	unsigned long old;

	asm volatile("amoand.d %0, %2, %1" : "=r"(old), "+A"(*p) : "r"(mask)
		     : "memory");
	return old;
}

/* Old value of *p; *p = v. Later loads and stores stay after it. */
static inline unsigned long atomic_xchg_acquire(unsigned long *p,
						unsigned long v)
{
	unsigned long old;

	asm volatile("amoswap.d.aq %0, %2, %1" : "=r"(old), "+A"(*p) : "r"(v)
		     : "memory");
	return old;
}

static inline unsigned long atomic_read(const unsigned long *p)
{
	return *(const volatile unsigned long *)p;
}

/* Stores before it are seen before stores after it. */
static inline void smp_wmb(void)
{
	asm volatile("fence w, w" : : : "memory");
}

/* Everything before it before everything after it. */
static inline void smp_mb(void)
{
	asm volatile("fence rw, rw" : : : "memory");
}

#else /* the host */

#include <stdatomic.h>

#define __atomic_ul(p)	((_Atomic unsigned long *)(p))

static inline unsigned long atomic_fetch_or_relaxed(unsigned long *p,
						    unsigned long mask)
{
	return atomic_fetch_or_explicit(__atomic_ul(p), mask,
					memory_order_relaxed);
}

static inline unsigned long atomic_fetch_and_relaxed(unsigned long *p,
						     unsigned long mask)
{
	return atomic_fetch_and_explicit(__atomic_ul(p), mask,
					 memory_order_relaxed);
}

static inline unsigned long atomic_xchg_acquire(unsigned long *p,
						unsigned long v)
{
	return atomic_exchange_explicit(__atomic_ul(p), v,
					memory_order_acquire);
}

static inline unsigned long atomic_read(const unsigned long *p)
{
	return atomic_load_explicit((const _Atomic unsigned long *)p,
				    memory_order_relaxed);
}

static inline void smp_wmb(void)
{
	atomic_thread_fence(memory_order_release);
}

static inline void smp_mb(void)
{
	atomic_thread_fence(memory_order_seq_cst);
}

#endif /* __riscv */
#endif /* LIB_ATOMIC_H */
