// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of monitor/boot/image.c and lib/crc32.c: the firmware image's
 * package of docs/image-format.md, built here in memory the way
 * scripts/mkimage.py lays it out, then damaged field by field. Every
 * damage must be refused with its message, never read past the buffer
 * (ASan watches).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <lib/crc32.h>
#include <monitor/boot/image.h>

/* Where the package sits in the image: after 2 MiB of firmware and a monitor. */
#define PACKAGE_OFFSET	0x260000ULL
#define PARTS		5
#define PACKAGE_SIZE	0x8000

struct package {
	struct sbivisor_image_header header;
	struct sbivisor_image_part parts[PARTS];
};

/* The package, then its loaded parts; 8-byte aligned like the monitor's. */
static uint64_t buffer[PACKAGE_SIZE / 8];
static struct package *pkg = (struct package *)buffer;
static char error[IMAGE_ERROR_MAX];

static uint8_t *at(uint64_t image_offset)
{
	return (uint8_t *)buffer + (image_offset - PACKAGE_OFFSET);
}

static void reseal(void)
{
	pkg->header.header_crc = 0;
	pkg->header.header_crc = crc32(0, pkg, pkg->header.header_size);
}

static void set_part(unsigned int i, const char *name, uint32_t type,
		     uint64_t offset, uint64_t size)
{
	struct sbivisor_image_part *p = &pkg->parts[i];

	memset(p, 0, sizeof(*p));
	strcpy(p->name, name);
	p->type = type;
	p->offset = offset;
	p->size = size;
	if (image_part_loaded(type)) {
		for (uint64_t b = 0; b < size; b++)
			at(offset)[b] = (uint8_t)(b * 7 + i);
		p->crc = crc32(0, at(offset), size);
	}
}

/* firmware, monitor, config, a/kernel, a/initrd: as mkimage.py writes them. */
static int build(void **state)
{
	memset(buffer, 0, sizeof(buffer));
	memcpy(pkg->header.magic, SBIVISOR_IMAGE_MAGIC, SBIVISOR_IMAGE_MAGIC_SIZE);
	pkg->header.version = SBIVISOR_IMAGE_VERSION;
	pkg->header.part_count = PARTS;
	pkg->header.header_size = sizeof(*pkg);
	pkg->header.package_offset = PACKAGE_OFFSET;
	pkg->header.image_size = PACKAGE_OFFSET + 0x4000 + 0x123;
	set_part(0, "firmware", SBIVISOR_PART_FIRMWARE, 0, 0x200000);
	set_part(1, "monitor", SBIVISOR_PART_MONITOR, 0x200000, 0x41234);
	set_part(2, "config", SBIVISOR_PART_CONFIG, PACKAGE_OFFSET + 0x1000, 0x800);
	set_part(3, "a/kernel", SBIVISOR_PART_KERNEL, PACKAGE_OFFSET + 0x2000, 0x1fff);
	set_part(4, "a/initrd", SBIVISOR_PART_INITRD, PACKAGE_OFFSET + 0x4000, 0x123);
	reseal();
	return 0;
}

static int open_package(struct image *img)
{
	return image_open(img, pkg, sizeof(buffer), error);
}

static void test_crc32(void **state)
{
	static const char check[] = "123456789";
	uint32_t part;

	/* The check value of CRC-32/ISO-HDLC, zlib's. */
	assert_int_equal(crc32(0, check, 9), 0xcbf43926);
	assert_int_equal(crc32(0, check, 0), 0);
	/* In pieces, the same. */
	part = crc32(0, check, 4);
	assert_int_equal(crc32(part, check + 4, 5), 0xcbf43926);
	/* One bit flipped changes it. */
	assert_int_not_equal(crc32(0, "123456788", 9), 0xcbf43926);
}

static void test_good(void **state)
{
	struct image img;

	assert_int_equal(open_package(&img), 1);
	assert_int_equal(img.part_count, PARTS);
	assert_ptr_equal(img.header, &pkg->header);
	/* The image's first byte lies package_offset before the header. */
	assert_int_equal(img.base, (uintptr_t)buffer - PACKAGE_OFFSET);
	assert_ptr_equal(image_part_data(&img, 3), at(PACKAGE_OFFSET + 0x2000));
	assert_int_equal(image_find(&img, "a/kernel"), 3);
	assert_int_equal(image_find(&img, "config"), 2);
	assert_int_equal(image_find(&img, "a/kern"), ERR_NOT_FOUND);
	assert_int_equal(image_find(&img, "a/kernel/"), ERR_NOT_FOUND);

	/* Loaded parts are checked; the firmware and monitor are not ours. */
	assert_true(image_part_loaded(SBIVISOR_PART_DTB));
	assert_false(image_part_loaded(SBIVISOR_PART_FIRMWARE));
	assert_false(image_part_loaded(SBIVISOR_PART_MONITOR));
	for (unsigned int i = 2; i < PARTS; i++)
		assert_int_equal(image_check_part(&img, i, NULL), IMAGE_PART_INTACT);
	assert_int_equal(img.state[0], IMAGE_PART_UNCHECKED);
	assert_string_equal(image_type_name(SBIVISOR_PART_INITRD), "initrd");
	assert_string_equal(image_type_name(99), "unknown");
}

static void test_damaged_part(void **state)
{
	struct image img;
	uint32_t crc;

	assert_int_equal(open_package(&img), 1);
	/* A flipped bit anywhere in a part: its CRC tells. */
	at(PACKAGE_OFFSET + 0x2000)[0x1ffe] ^= 0x10;
	assert_int_equal(image_check_part(&img, 3, &crc), IMAGE_PART_DAMAGED);
	assert_int_not_equal(crc, pkg->parts[3].crc);
	assert_int_equal(img.state[3], IMAGE_PART_DAMAGED);
	/* The others stay intact. */
	assert_int_equal(image_check_part(&img, 4, &crc), IMAGE_PART_INTACT);
	assert_int_equal(crc, pkg->parts[4].crc);
}

static void test_no_package(void **state)
{
	struct image img;

	/* No magic: no image, and nothing to say. */
	pkg->header.magic[7] ^= 1;
	assert_int_equal(open_package(&img), 0);
	assert_null(img.header);
	pkg->header.magic[7] ^= 1;
	/* Too little memory to hold a header: never read. */
	assert_int_equal(image_open(&img, pkg, sizeof(pkg->header) - 1, error), 0);
	assert_int_equal(image_open(&img, pkg, 0, error), 0);
}

/* A damaged field, made whole again by a new CRC where `sealed`. */
struct header_case {
	void (*damage)(void);
	bool sealed;
	uint64_t avail;
	const char *message;
};

static void header_flip(void) { pkg->parts[3].name[2] ^= 0x20; }
static void header_version(void) { pkg->header.version = 2; }
static void header_count(void) { pkg->header.part_count = 65; }
static void header_size(void) { pkg->header.header_size += 80; }
static void header_misaligned(void) { pkg->header.package_offset += 8; }
static void header_image_small(void) { pkg->header.image_size = PACKAGE_OFFSET + 0x100; }
static void header_wraps(void) { pkg->header.package_offset = -0x1000ULL; }
static void header_nothing(void) { }

static void test_bad_header(void **state)
{
	static const struct header_case cases[] = {
		{ header_flip, false, 0,
		  "header: CRC 0x%08x, but it says 0x%08x: damaged" },
		{ header_version, true, 0,
		  "header: version 2; this monitor reads version 1" },
		{ header_count, true, 0, "header: 65 parts; at most 64" },
		{ header_size, true, 0, "header: size 544 for 5 parts; want 464" },
		{ header_misaligned, true, 0,
		  "header: package offset 0x260008 and image size 0x264123 do not fit" },
		{ header_image_small, true, 0,
		  "header: package offset 0x260000 and image size 0x260100 do not fit" },
		{ header_wraps, true, 0,
		  "header: package offset 0xfffffffffffff000 and image size 0x264123 do not fit" },
		/* Loaded short: the table or the parts end beyond memory. */
		{ header_nothing, true, 400, "header: its table ends beyond RAM" },
		{ header_nothing, true, 0x4000,
		  "header: the image (2507043 bytes) ends beyond RAM" },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char want[IMAGE_ERROR_MAX];
		uint32_t said;
		struct image img;

		build(NULL);
		cases[i].damage();
		said = pkg->header.header_crc;
		if (cases[i].sealed)
			reseal();
		assert_int_equal(image_open(&img, pkg,
					    cases[i].avail ? cases[i].avail : sizeof(buffer),
					    error), -1);
		if (cases[i].sealed) {
			assert_string_equal(error, cases[i].message);
		} else {
			/* The CRC its bytes have now, and the one it said. */
			pkg->header.header_crc = 0;
			snprintf(want, sizeof(want), cases[i].message,
				 crc32(0, pkg, pkg->header.header_size), said);
			assert_string_equal(error, want);
		}
		assert_null(img.header);
	}
}

static void part_unterminated(void) { memset(pkg->parts[2].name, 'x', 48); }
static void part_unnamed(void) { pkg->parts[2].name[0] = 0; }
static void part_type(void) { pkg->parts[3].type = 7; }
static void part_flags(void) { pkg->parts[3].flags = 1; }
static void part_empty(void) { pkg->parts[4].size = 0; }
static void part_misaligned(void) { pkg->parts[4].offset += 0x10; }
static void part_wraps(void) { pkg->parts[4].size = -0x1000ULL; }
static void part_on_table(void) { pkg->parts[2].offset = PACKAGE_OFFSET; }
static void part_before(void) { pkg->parts[3].offset = 0x1000; }
static void part_beyond(void) { pkg->parts[4].size = 0x124; }
static void part_firmware_after(void) { pkg->parts[1].size = 0x70000; }
static void part_twice(void) { strcpy(pkg->parts[4].name, "a/kernel"); }

static void test_bad_parts(void **state)
{
	static const struct {
		void (*damage)(void);
		const char *message;
	} cases[] = {
		{ part_unterminated, "part 2: its name is empty or not terminated" },
		{ part_unnamed, "part 2: its name is empty or not terminated" },
		{ part_type, "part 3 (a/kernel): unknown type 7" },
		{ part_flags, "part 3 (a/kernel): flags 0x1; version 1 has none" },
		{ part_empty, "part 4 (a/initrd): offset 0x264000 size 0x0: empty, wrapping or not 4096-aligned" },
		{ part_misaligned, "part 4 (a/initrd): offset 0x264010 size 0x123: empty, wrapping or not 4096-aligned" },
		{ part_wraps, "part 4 (a/initrd): offset 0x264000 size 0xfffffffffffff000: empty, wrapping or not 4096-aligned" },
		{ part_on_table, "part 2 (config): 0x260000-0x2607ff lies outside the package (0x2601d0-0x264122)" },
		{ part_before, "part 3 (a/kernel): 0x1000-0x2ffe lies outside the package (0x2601d0-0x264122)" },
		{ part_beyond, "part 4 (a/initrd): 0x264000-0x264123 lies outside the package (0x2601d0-0x264122)" },
		{ part_firmware_after, "part 1 (monitor): 0x200000-0x26ffff does not end before the package at 0x260000" },
		{ part_twice, "part 4 (a/kernel): the name of part 3 too" },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct image img;

		build(NULL);
		cases[i].damage();
		reseal();
		assert_int_equal(open_package(&img), ERR_INVALID);
		assert_string_equal(error, cases[i].message);
	}
}

static void test_every_byte(void **state)
{
	/*
	 * Any single flipped bit of the header or table is refused: by the
	 * CRC, or by a check that comes before it (magic, alignment).
	 */
	for (size_t byte = 0; byte < sizeof(*pkg); byte++) {
		for (int bit = 0; bit < 8; bit++) {
			struct image img;

			build(NULL);
			((uint8_t *)pkg)[byte] ^= 1 << bit;
			assert_true(open_package(&img) <= 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32),
		cmocka_unit_test_setup(test_good, build),
		cmocka_unit_test_setup(test_damaged_part, build),
		cmocka_unit_test_setup(test_no_package, build),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_parts),
		cmocka_unit_test(test_every_byte),
	};

	return cmocka_run_group_tests_name("firmware image", tests, NULL, NULL);
}
