// SPDX-License-Identifier: BSD-2-Clause
/*
 * The firmware image at boot (docs/image-format.md): when the package
 * follows the monitor, check it, tell what it holds and which parts are
 * damaged, and pick the configuration the guests come from.
 */

#include <lib/console.h>
#include <libfdt.h>
#include <monitor/boot/dt.h>
#include <monitor/boot/image.h>
#include <monitor/boot/image_boot.h>
#include <string.h>

extern char __image_end[];

/* Bytes of RAM from `addr` to the end of its bank; 0 outside RAM. */
static uint64_t ram_after(const struct dt_platform *host, uintptr_t addr)
{
	for (unsigned int i = 0; i < host->memory_count; i++) {
		const struct dt_region *m = &host->memory[i];

		if (addr >= m->base && addr - m->base < m->size)
			return m->size - (addr - m->base);
	}
	return 0;
}

/* The first intact configuration part that is a whole device tree. */
static const void *pick_config(struct image *img)
{
	bool first = true;

	for (unsigned int i = 0; i < img->part_count; i++) {
		const struct sbivisor_image_part *p = &img->parts[i];
		const void *fdt = image_part_data(img, i);
		const char *why;

		if (p->type != SBIVISOR_PART_CONFIG)
			continue;
		if (img->state[i] != IMAGE_PART_INTACT) {
			first = false;
			continue;
		}
		if (dt_check_blob(fdt, p->size, &why)) {
			printf("monitor: firmware image: part %s: not a whole device tree: %s\n",
			       p->name, why);
			img->state[i] = IMAGE_PART_DAMAGED;
			first = false;
			continue;
		}
		if (!first)
			printf("monitor: firmware image: the configuration comes from part %s\n",
			       p->name);
		return fdt;
	}
	printf("monitor: firmware image: no intact configuration part; no guest from the image\n");
	return NULL;
}

const void *image_boot_open(struct image *img, const struct dt_platform *host)
{
	char error[IMAGE_ERROR_MAX];
	uintptr_t header = (uintptr_t)__image_end;
	int rc = image_open(img, (const void *)header, ram_after(host, header),
			    error);

	if (!rc)
		return NULL;
	if (rc < 0) {
		printf("monitor: firmware image: at 0x%lx: %s; no guest from the image\n",
		       (unsigned long)header, error);
		return NULL;
	}

	printf("monitor: firmware image: 0x%lx-0x%lx, %u parts\n",
	       (unsigned long)header,
	       (unsigned long)(img->base + img->header->image_size - 1),
	       img->part_count);
	for (unsigned int i = 0; i < img->part_count; i++) {
		const struct sbivisor_image_part *p = &img->parts[i];
		uint32_t crc;

		if (!image_part_loaded(p->type))
			continue;
		if (image_check_part(img, i, &crc) == IMAGE_PART_INTACT)
			printf("monitor: firmware image: part %s: %s, %lu bytes at 0x%lx\n",
			       p->name, image_type_name(p->type),
			       (unsigned long)p->size,
			       (unsigned long)(uintptr_t)image_part_data(img, i));
		else
			printf("monitor: firmware image: part %s: CRC 0x%08x, but the table says 0x%08x: damaged\n",
			       p->name, crc, p->crc);
	}
	return pick_config(img);
}

bool image_boot_region(const struct image *img, uint64_t *base, uint64_t *size)
{
	if (!img->header)
		return false;
	*base = (uintptr_t)img->header;
	*size = img->header->image_size - img->header->package_offset;
	return true;
}
