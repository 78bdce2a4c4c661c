// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target: the firmware image's package (monitor/boot/image.c) as the
 * monitor finds it after itself, any bytes of RAM. The first input byte
 * says what the harness seals with fresh CRCs before the monitor looks
 * (bit 0: the header, bit 1: every part it can find), so that the fuzzer
 * gets past the checksums to the checks behind them. Whatever is
 * accepted must lie inside the input: ASan sees every read of a part.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lib/crc32.h>
#include <monitor/boot/image.h>

#define PART_SIZE	sizeof(struct sbivisor_image_part)

static void seal_parts(uint8_t *buf, size_t size)
{
	struct sbivisor_image_header *h = (void *)buf;
	struct sbivisor_image_part *parts = (void *)(h + 1);

	for (uint32_t i = 0; i < h->part_count; i++) {
		uint64_t start = parts[i].offset - h->package_offset;

		if (parts[i].offset >= h->package_offset && start <= size &&
		    parts[i].size <= size - start)
			parts[i].crc = crc32(0, buf + start, parts[i].size);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char error[IMAGE_ERROR_MAX];
	struct sbivisor_image_header *h;
	struct image img;
	uint8_t *buf;
	int rc;

	if (!size)
		return 0;
	/* malloc's alignment, as the monitor's page-aligned header has. */
	buf = malloc(size);
	size--;
	memcpy(buf, data + 1, size);
	h = (void *)buf;
	if (size >= sizeof(*h) && h->part_count <= SBIVISOR_IMAGE_MAX_PARTS &&
	    h->header_size == sizeof(*h) + h->part_count * PART_SIZE &&
	    h->header_size <= size) {
		if (data[0] & 2)
			seal_parts(buf, size);
		if (data[0] & 1) {
			h->header_crc = 0;
			h->header_crc = crc32(0, buf, h->header_size);
		}
	}

	rc = image_open(&img, buf, size, error);
	if (rc < -1 || rc > 1 || (rc < 0 && !memchr(error, 0, sizeof(error))))
		abort();
	if (rc == 1) {
		for (unsigned int i = 0; i < img.part_count; i++) {
			const struct sbivisor_image_part *p = &img.parts[i];

			/* Names are unique: each finds itself. */
			if (image_find(&img, p->name) != (int)i)
				abort();
			if (image_part_loaded(p->type) &&
			    image_check_part(&img, i, NULL) == IMAGE_PART_UNCHECKED)
				abort();
		}
	}
	free(buf);
	return 0;
}
