/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libfdt's environment on the host: the C library and the compiler's byte
 * swaps. The Makefile puts this beside a copy of OpenSBI's libfdt sources
 * (build/host-libfdt/), so host tests and fuzzers run the very libfdt the
 * monitor links, under the sanitizers, instead of the system's.
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FDT_SWAP(bits, x)	__builtin_bswap##bits(x)
#else
#define FDT_SWAP(bits, x)	(x)
#endif

static inline uint16_t fdt16_to_cpu(fdt16_t x) { return FDT_SWAP(16, x); }
static inline fdt16_t cpu_to_fdt16(uint16_t x) { return FDT_SWAP(16, x); }
static inline uint32_t fdt32_to_cpu(fdt32_t x) { return FDT_SWAP(32, x); }
static inline fdt32_t cpu_to_fdt32(uint32_t x) { return FDT_SWAP(32, x); }
static inline uint64_t fdt64_to_cpu(fdt64_t x) { return FDT_SWAP(64, x); }
static inline fdt64_t cpu_to_fdt64(uint64_t x) { return FDT_SWAP(64, x); }

#endif /* LIBFDT_ENV_H */
