/* SPDX-License-Identifier: BSD-2-Clause */
/* The firmware image at boot (monitor/boot/image_boot.c). */
#ifndef MONITOR_IMAGE_BOOT_H
#define MONITOR_IMAGE_BOOT_H

#include <stdbool.h>
#include <stdint.h>

struct dt_platform;
struct image;

/*
 * Look for the package right after the monitor's own memory; when there is
 * one, check its header and every part the monitor loads, and say so on the
 * console. Returns the configuration to boot the guests from (the first
 * intact configuration part), or NULL: no image, or none usable.
 */
const void *image_boot_open(struct image *img, const struct dt_platform *host);

/* The package's memory, once image_boot_open() accepted its header. */
bool image_boot_region(const struct image *img, uint64_t *base, uint64_t *size);

#endif /* MONITOR_IMAGE_BOOT_H */
