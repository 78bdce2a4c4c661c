// SPDX-License-Identifier: BSD-2-Clause
/*
 * CRC-32 (reflected polynomial 0xedb88320, initial and final value all
 * ones): what zlib, Python's zlib.crc32 and the firmware image's tool use.
 * A byte at a time through a 1 KiB table, built on the first call.
 */

#include <lib/crc32.h>
#include <stdbool.h>

#define CRC32_POLY	0xedb88320U

static uint32_t table[256];
static bool table_ready;

static void build_table(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;

		for (int bit = 0; bit < 8; bit++)
			c = (c >> 1) ^ ((c & 1) ? CRC32_POLY : 0);
		table[n] = c;
	}
	table_ready = true;
}

uint32_t crc32(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	if (!table_ready)
		build_table();
	crc = ~crc;
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
