/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The firmware image's package (docs/image-format.md): a header and a table
 * of parts after the monitor, so that one file holds the firmware, the
 * monitor, every guest's images and their configuration.
 *
 * Written by scripts/mkimage.py, read by the monitor (monitor/boot/image.c).
 * Every field is little-endian; every part and the header start on a
 * SBIVISOR_IMAGE_ALIGN boundary of the image.
 */
#ifndef SBIVISOR_IMAGE_H
#define SBIVISOR_IMAGE_H

#include <stdint.h>

#define SBIVISOR_IMAGE_MAGIC		"SBVIMAGE"
#define SBIVISOR_IMAGE_MAGIC_SIZE	8
#define SBIVISOR_IMAGE_VERSION		1
#define SBIVISOR_IMAGE_ALIGN		0x1000
#define SBIVISOR_IMAGE_NAME_SIZE	48
#define SBIVISOR_IMAGE_MAX_PARTS	64

/* What a part holds. */
#define SBIVISOR_PART_FIRMWARE		1	/* OpenSBI with our platform */
#define SBIVISOR_PART_MONITOR		2	/* the monitor, as OpenSBI's payload */
#define SBIVISOR_PART_CONFIG		3	/* the guests' configuration, a DTB */
#define SBIVISOR_PART_KERNEL		4
#define SBIVISOR_PART_INITRD		5
#define SBIVISOR_PART_DTB		6	/* a guest's own device tree */

struct sbivisor_image_header {
	char magic[SBIVISOR_IMAGE_MAGIC_SIZE];
	uint32_t version;
	/* This header and the part table after it, in bytes. */
	uint32_t header_size;
	uint32_t part_count;
	/* CRC-32 of header_size bytes from the magic, this field read as 0. */
	uint32_t header_crc;
	/* Where this header lies, in bytes from the image's first byte. */
	uint64_t package_offset;
	/* The whole image, from its first byte to the end of its last part. */
	uint64_t image_size;
	uint8_t reserved[24];
};

struct sbivisor_image_part {
	/* NUL-terminated and NUL-padded: "config", "linux/kernel", ... */
	char name[SBIVISOR_IMAGE_NAME_SIZE];
	uint32_t type;		/* SBIVISOR_PART_* */
	uint32_t flags;		/* 0 in version 1 */
	uint64_t offset;	/* from the image's first byte */
	uint64_t size;
	uint32_t crc;		/* CRC-32 (IEEE 802.3, as zlib's) of the part */
	uint32_t reserved;
};

_Static_assert(sizeof(struct sbivisor_image_header) == 64,
	       "docs/image-format.md: the header is 64 bytes");
_Static_assert(sizeof(struct sbivisor_image_part) == 80,
	       "docs/image-format.md: a table entry is 80 bytes");

#endif /* SBIVISOR_IMAGE_H */
