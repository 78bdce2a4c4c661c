/* SPDX-License-Identifier: BSD-2-Clause */
/* CRC-32 as IEEE 802.3 and zlib compute it (lib/crc32.c). */
#ifndef LIB_CRC32_H
#define LIB_CRC32_H

#include <stddef.h>
#include <stdint.h>

/*
 * The CRC of `len` more bytes after `crc` (0 to start): crc32(0, "123456789",
 * 9) is 0xcbf43926, and crc32(crc32(0, a, n), b, m) that of a and b joined.
 * The first call builds the table: make it before other harts may call.
 */
uint32_t crc32(uint32_t crc, const void *buf, size_t len);

#endif /* LIB_CRC32_H */
