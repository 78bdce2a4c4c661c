// SPDX-License-Identifier: BSD-2-Clause
/*
 * The firmware image's package; see docs/image-format.md and
 * monitor/include/monitor/boot/image.h.
 *
 * Everything here is read from flash that may be damaged or crafted: every
 * field is checked before it is used, sizes without wrapping.
 */

#include <lib/bits.h>
#include <lib/crc32.h>
#include <lib/error.h>
#include <lib/format.h>
#include <monitor/boot/image.h>
#include <stddef.h>
#include <string.h>

#define fail(error, ...) \
	(fmt_snprintf(error, IMAGE_ERROR_MAX, __VA_ARGS__), ERR_INVALID)

static const char *const type_names[] = {
	[SBIVISOR_PART_FIRMWARE] = "firmware",
	[SBIVISOR_PART_MONITOR] = "monitor",
	[SBIVISOR_PART_CONFIG] = "configuration",
	[SBIVISOR_PART_KERNEL] = "kernel",
	[SBIVISOR_PART_INITRD] = "initrd",
	[SBIVISOR_PART_DTB] = "device tree",
};

const char *image_type_name(uint32_t type)
{
	if (type < ARRAY_SIZE(type_names) &&
	    type_names[type])
		return type_names[type];
	return "unknown";
}

bool image_part_loaded(uint32_t type)
{
	return type == SBIVISOR_PART_CONFIG || type == SBIVISOR_PART_KERNEL ||
	       type == SBIVISOR_PART_INITRD || type == SBIVISOR_PART_DTB;
}

static uint32_t header_crc(const struct sbivisor_image_header *h)
{
	static const uint32_t zero;
	const unsigned char *p = (const unsigned char *)h;
	size_t field = offsetof(struct sbivisor_image_header, header_crc);
	uint32_t crc;

	crc = crc32(0, p, field);
	crc = crc32(crc, &zero, sizeof(zero));
	return crc32(crc, p + field + sizeof(zero),
		     h->header_size - field - sizeof(zero));
}

static bool aligned(uint64_t x)
{
	return !(x & (SBIVISOR_IMAGE_ALIGN - 1));
}

static int check_part(const struct sbivisor_image_header *h,
		      const struct sbivisor_image_part *p, unsigned int i,
		      char error[IMAGE_ERROR_MAX])
{
	uint64_t package_end = h->package_offset + h->header_size;

	if (!memchr(p->name, 0, sizeof(p->name)) || !p->name[0])
		return fail(error, "part %u: its name is empty or not terminated", i);
	if (!p->type || !strcmp(image_type_name(p->type), "unknown"))
		return fail(error, "part %u (%s): unknown type %u", i, p->name,
			    p->type);
	if (p->flags)
		return fail(error, "part %u (%s): flags 0x%x; version 1 has none",
			    i, p->name, p->flags);
	if (!p->size || p->offset + (p->size - 1) < p->offset ||
	    !aligned(p->offset))
		return fail(error, "part %u (%s): offset 0x%lx size 0x%lx: empty, wrapping or not %u-aligned",
			    i, p->name, (unsigned long)p->offset,
			    (unsigned long)p->size, SBIVISOR_IMAGE_ALIGN);
	if (image_part_loaded(p->type)) {
		if (p->offset < package_end || p->offset > h->image_size ||
		    p->size > h->image_size - p->offset)
			return fail(error, "part %u (%s): 0x%lx-0x%lx lies outside the package (0x%lx-0x%lx)",
				    i, p->name, (unsigned long)p->offset,
				    (unsigned long)(p->offset + p->size - 1),
				    (unsigned long)package_end,
				    (unsigned long)(h->image_size - 1));
	} else if (p->offset > h->package_offset ||
		   p->size > h->package_offset - p->offset) {
		return fail(error, "part %u (%s): 0x%lx-0x%lx does not end before the package at 0x%lx",
			    i, p->name, (unsigned long)p->offset,
			    (unsigned long)(p->offset + p->size - 1),
			    (unsigned long)h->package_offset);
	}
	return 0;
}

int image_open(struct image *img, const void *header, uint64_t avail,
	       char error[IMAGE_ERROR_MAX])
{
	const struct sbivisor_image_header *h = header;
	const struct sbivisor_image_part *parts;
	uint32_t crc;

	memset(img, 0, sizeof(*img));
	if (avail < sizeof(*h) ||
	    memcmp(h->magic, SBIVISOR_IMAGE_MAGIC, SBIVISOR_IMAGE_MAGIC_SIZE))
		return 0;
	if ((uintptr_t)header & 7)
		return fail(error, "header: at 0x%lx, not 8-byte aligned",
			    (unsigned long)(uintptr_t)header);
	if (h->version != SBIVISOR_IMAGE_VERSION)
		return fail(error, "header: version %u; this monitor reads version %u",
			    h->version, SBIVISOR_IMAGE_VERSION);
	if (h->part_count > SBIVISOR_IMAGE_MAX_PARTS)
		return fail(error, "header: %u parts; at most %u", h->part_count,
			    SBIVISOR_IMAGE_MAX_PARTS);
	if (h->header_size != sizeof(*h) + h->part_count * sizeof(*parts))
		return fail(error, "header: size %u for %u parts; want %lu",
			    h->header_size, h->part_count,
			    (unsigned long)(sizeof(*h) +
					    h->part_count * sizeof(*parts)));
	if (h->header_size > avail)
		return fail(error, "header: its table ends beyond RAM");
	crc = header_crc(h);
	if (crc != h->header_crc)
		return fail(error, "header: CRC 0x%08x, but it says 0x%08x: damaged",
			    crc, h->header_crc);
	if (!aligned(h->package_offset) ||
	    h->package_offset + h->header_size < h->package_offset ||
	    h->image_size < h->package_offset + h->header_size)
		return fail(error, "header: package offset 0x%lx and image size 0x%lx do not fit",
			    (unsigned long)h->package_offset,
			    (unsigned long)h->image_size);
	if (h->image_size - h->package_offset > avail)
		return fail(error, "header: the image (%lu bytes) ends beyond RAM",
			    (unsigned long)h->image_size);

	parts = (const struct sbivisor_image_part *)(h + 1);
	for (unsigned int i = 0; i < h->part_count; i++) {
		if (check_part(h, &parts[i], i, error))
			return ERR_INVALID;
		for (unsigned int j = 0; j < i; j++)
			if (!strcmp(parts[i].name, parts[j].name))
				return fail(error, "part %u (%s): the name of part %u too",
					    i, parts[i].name, j);
	}

	img->header = h;
	img->parts = parts;
	img->part_count = h->part_count;
	img->base = (uintptr_t)header - (uintptr_t)h->package_offset;
	return 1;
}

enum image_part_state image_check_part(struct image *img, unsigned int i,
				       uint32_t *computed)
{
	const struct sbivisor_image_part *p = &img->parts[i];
	uint32_t crc = crc32(0, image_part_data(img, i), p->size);

	if (computed)
		*computed = crc;
	img->state[i] = crc == p->crc ? IMAGE_PART_INTACT : IMAGE_PART_DAMAGED;
	return img->state[i];
}

int image_find(const struct image *img, const char *name)
{
	for (unsigned int i = 0; i < img->part_count; i++)
		if (!strcmp(img->parts[i].name, name))
			return i;
	return ERR_NOT_FOUND;
}
