/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Types for OpenSBI headers in freestanding S-mode builds. libfdt, compiled
 * from OpenSBI's tree, includes <sbi/sbi_types.h>; with
 * -DOPENSBI_EXTERNAL_SBI_TYPES=opensbi_types.h that header takes its types
 * from here, so they agree with the compiler's own <stdint.h>.
 */
#ifndef LIBC_OPENSBI_TYPES_H
#define LIBC_OPENSBI_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int8_t s8;
typedef uint8_t u8;
typedef int16_t s16;
typedef uint16_t u16;
typedef int32_t s32;
typedef uint32_t u32;
typedef int64_t s64;
typedef uint64_t u64;
typedef unsigned long ulong;
typedef long ssize_t;

typedef uint16_t le16_t;
typedef uint16_t be16_t;
typedef uint32_t le32_t;
typedef uint32_t be32_t;
typedef uint64_t le64_t;
typedef uint64_t be64_t;

#endif /* LIBC_OPENSBI_TYPES_H */
