/* SPDX-License-Identifier: BSD-2-Clause */
/* Bit, byte, page and preprocessor helpers: one home for the monitor and the host tests. */
#ifndef LIB_BITS_H
#define LIB_BITS_H

#include <stdint.h>

#define BITS_PER_LONG	(8 * sizeof(unsigned long))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The base page of Sv39/Sv48 and their x4 G-stage forms. */
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1ULL << PAGE_SHIFT)

/* A 32-bit value's bytes in the other order (a big-endian register). */
static inline uint32_t swab32(uint32_t x)
{
	/* Not __builtin_bswap32: without Zbb it is a call into libgcc. */
	return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) |
	       (x << 24);
}

#define __STRINGIFY(x)	#x
#define STRINGIFY(x)	__STRINGIFY(x)

#endif /* LIB_BITS_H */
