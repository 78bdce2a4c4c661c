/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The firmware image's package as the monitor reads it (docs/image-format.md):
 * the header and part table checked whole, then each part the monitor loads
 * (configuration, kernels, initrds, device trees) checked against its
 * CRC-32. Pure bookkeeping over memory, so it compiles and is tested on the
 * host.
 */
#ifndef MONITOR_IMAGE_H
#define MONITOR_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lib/error.h>

#include <sbivisor/image.h>

#define IMAGE_ERROR_MAX		128

enum image_part_state {
	IMAGE_PART_UNCHECKED = 0,	/* not loaded by the monitor, or not yet */
	IMAGE_PART_INTACT,
	IMAGE_PART_DAMAGED,		/* its bytes do not match its CRC */
};

struct image {
	const struct sbivisor_image_header *header;
	const struct sbivisor_image_part *parts;
	unsigned int part_count;
	/* Where the image's first byte would be: header - package_offset. */
	uintptr_t base;
	uint8_t state[SBIVISOR_IMAGE_MAX_PARTS];	/* enum image_part_state */
};

/*
 * Whether `header` starts a package, and if so whether its header and table
 * hold: the magic, the version, the header's CRC, and every part where it
 * can be (loaded parts inside the `avail` bytes from the header, after the
 * table; the firmware and the monitor before the header), with a unique,
 * terminated name. Returns 1 with `img` filled, 0 without the magic,
 * ERR_INVALID with `error` saying what is wrong.
 */
int image_open(struct image *img, const void *header, uint64_t avail,
	       char error[IMAGE_ERROR_MAX]);

/* Whether a part of this type is the monitor's to load (and to check). */
bool image_part_loaded(uint32_t type);

/* The part's first byte in memory. */
static inline const void *image_part_data(const struct image *img,
					  unsigned int i)
{
	return (const void *)(img->base + (uintptr_t)img->parts[i].offset);
}

/*
 * Check part `i` against its CRC and remember the outcome. Returns the
 * state; `computed` (if not NULL) gets the CRC its bytes have.
 */
enum image_part_state image_check_part(struct image *img, unsigned int i,
				       uint32_t *computed);

/* The part named `name`, or ERR_NOT_FOUND. */
int image_find(const struct image *img, const char *name);

/* The name of a part type as messages and docs say it ("kernel" ...). */
const char *image_type_name(uint32_t type);

#endif /* MONITOR_IMAGE_H */
