// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of monitor/boot/config.c: the guest binding of
 * docs/config-binding.md read from the fixtures tests/host/dts/config-*.dts,
 * each refusal with its message, and the guests that still boot.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "testutil.h"
#include <monitor/boot/config.h>
#include <monitor/boot/image.h>

#define MiB (1ULL << 20)

static void *blob;
static struct dt_platform host;
static struct mem_layout mem;
static struct guest_config guests[CONFIG_MAX_GUESTS];
static struct config_system sys;
static char reports[16][256];
static unsigned int report_count;

static void collect(void *ctx, const char *node, const char *message)
{
	assert_true(report_count < 16);
	snprintf(reports[report_count++], sizeof(reports[0]), "%s: %s", node,
		 message);
}

/* What the monitor reserves before reading guests (monitor/core/main.c). */
static void host_layout(void)
{
	static const struct mem_region extra[] = {
		{ 0x80200000, 0x50000, "the monitor", NULL, false },
		{ 0x82200000, 0x10000, "the host device tree", NULL, false },
	};

	assert_int_equal(config_init_layout(&mem, &host, extra, 2), 0);
}

static unsigned int read_fixture(const char *name)
{
	char error[DT_ERROR_MAX];

	blob = load_dtb(name);
	assert_int_equal(dt_parse_platform(blob, &host, error), 0);
	host_layout();
	report_count = 0;
	return config_read_guests(&(struct config_source){ blob, blob, NULL },
				  &host, &mem, &sys, guests, CONFIG_MAX_GUESTS,
				  collect, NULL);
}

static int teardown(void **state)
{
	free(blob);
	blob = NULL;
	return 0;
}

static void expect_reports(const char *const *expected, unsigned int n)
{
	for (unsigned int i = 0; i < report_count && i < n; i++)
		assert_string_equal(reports[i], expected[i]);
	assert_int_equal(report_count, n);
}

static void test_good(void **state)
{
	const struct guest_config *g;

	assert_int_equal(read_fixture("config-good.dtb"), 2);
	assert_int_equal(report_count, 0);

	g = &guests[0];
	assert_string_equal(g->name, "linux");
	assert_int_equal(g->vcpus, 2);
	/* Default harts: the first free ones with H. */
	assert_int_equal(g->harts[0], 0);
	assert_int_equal(g->harts[1], 1);
	assert_int_equal(g->ram_gpa, 0x80000000);
	assert_int_equal(g->ram_size, 64 * MiB);
	assert_false(g->ram_placed);
	/* Allocated top-down: the end of host RAM. */
	assert_int_equal(g->ram_hpa, 0x8c000000);
	assert_int_equal(g->kernel.hpa, 0x84000000);
	assert_int_equal(g->kernel.size, 0x10000);
	assert_int_equal(g->kernel_gpa, 0x80200000);
	assert_int_equal(g->initrd.size, 0);
	assert_int_equal(g->dtb.size, 0);
	assert_int_equal(g->fdt_gpa, 0x84000000 - GUEST_FDT_SIZE);
	assert_string_equal(g->bootargs, "console=hvc0");

	g = &guests[1];
	assert_string_equal(g->name, "rtos");
	assert_int_equal(g->vcpus, 1);
	assert_int_equal(g->harts[0], 2);
	assert_true(g->ram_placed);
	assert_int_equal(g->ram_hpa, 0x88000000);
	assert_int_equal(g->ram_gpa, 0x40000000);
	assert_int_equal(g->kernel_gpa, 0x40000000);
	/* A given DTB: its size plus a page for /chosen, at the top. */
	assert_int_equal(g->fdt_gpa, 0x42000000 - 0x3000);
	/* The initrd right below it, page-aligned. */
	assert_int_equal(g->initrd_gpa, (0x42000000 - 0x3000 - 0x1ff800) & ~0xfffULL);
	assert_int_equal(g->initrd.size, 0x1ff800);
	assert_null(g->bootargs);
	assert_true(g->restart_on_fault);
	assert_false(guests[0].restart_on_fault);

	/* Both guests' RAM and images are now in use. */
	assert_non_null(mem_find_overlap(&mem, 0x8c000000, 1, false));
	assert_non_null(mem_find_overlap(&mem, 0x88000000, 1, false));
	assert_non_null(mem_find_overlap(&mem, 0x84100000, 1, false));
}

static void test_bad_fields(void **state)
{
	static const char *const expected[] = {
		"no-memory: memory: missing",
		"no-kernel: kernel: missing",
		"no-cpus: cpus: missing",
		"zero-cpus: cpus: 0; want 1 to 32",
		"misaligned: memory: base and size must be non-zero multiples of 2 MiB",
		"kernel-outside: kernel-addr: kernel at 0x90000000 (65536 bytes) lies outside memory 0x80000000-0x81ffffff",
		"short-memory: memory: malformed (want 4 cells: address, size)",
	};

	assert_int_equal(read_fixture("config-bad-fields.dtb"), 1);
	expect_reports(expected, 7);
	assert_string_equal(guests[0].name, "ok");
	assert_int_equal(guests[0].harts[0], 0);
}

static void test_bad_harts(void **state)
{
	static const char *const expected[] = {
		"more-vcpus-than-harts: cpus: 4 vCPUs but only 2 free harts",
		"short-list: harts: 1 listed for 2 vCPUs",
		"no-such-hart: harts: no hart 9 in /cpus",
		"no-h: harts: hart 3 has no H extension",
		"taken: harts: hart 0 runs guest ok already and is not in shared-harts",
		"twice: harts: hart 1 listed twice and is not in shared-harts",
	};

	assert_int_equal(read_fixture("config-bad-harts.dtb"), 1);
	expect_reports(expected, 6);
	assert_string_equal(guests[0].name, "ok");
}

static void test_shared_harts(void **state)
{
	static const char *const expected[] = {
		"on-dedicated: harts: hart 0 runs guest dedicated already and is not in shared-harts",
		"two-more: harts: hart 2 would take turns between more than 8 vCPUs",
	};

	assert_int_equal(read_fixture("config-shared.dtb"), 4);
	expect_reports(expected, 2);
	assert_int_equal(sys.shared_count, 2);
	assert_int_equal(sys.shared_harts[0], 1);
	assert_int_equal(sys.shared_harts[1], 2);
	assert_int_equal(sys.time_slice_us, 2000);
	assert_true(sys.keep_running);
	assert_string_equal(guests[0].name, "two-on-one");
	assert_int_equal(guests[0].harts[0], 1);
	assert_int_equal(guests[0].harts[1], 1);
	assert_string_equal(guests[1].name, "beside");
	assert_string_equal(guests[2].name, "dedicated");
	assert_string_equal(guests[3].name, "seven");
}

/* Defaults without the options; with a bad one every guest is refused. */
static void test_system_options(void **state)
{
	static const struct {
		const char *prop;
		const void *value;
		int len;
		const char *report;
	} cases[] = {
		{ "shared-harts", "\0\0\0\x09", 4,
		  "/chosen/sbivisor: shared-harts: no hart 9 in /cpus" },
		{ "shared-harts", "\0\0\0\x03", 4,
		  "/chosen/sbivisor: shared-harts: hart 3 has no H extension" },
		{ "shared-harts", "\0\0\0\x01\0\0\0\x01", 8,
		  "/chosen/sbivisor: shared-harts: hart 1 listed twice" },
		{ "shared-harts", "\0\0", 2,
		  "/chosen/sbivisor: shared-harts: malformed (want hart IDs, one cell each)" },
		{ "time-slice-us", "\0\0\0\x10", 4,
		  "/chosen/sbivisor: time-slice-us: 16; want 100 to 1000000" },
		{ "time-slice-us", "\0\0\0\0\0\0\0\x10", 8,
		  "/chosen/sbivisor: time-slice-us: malformed (want 1 cell)" },
		{ "last-guest-end", "reboot", 7,
		  "/chosen/sbivisor: last-guest-end: want \"power-off\" or \"keep-running\"" },
	};
	char error[DT_ERROR_MAX];
	void *copy;
	int node;

	assert_int_equal(read_fixture("config-good.dtb"), 2);
	assert_int_equal(sys.shared_count, 0);
	assert_int_equal(sys.time_slice_us, CONFIG_TIME_SLICE_US);
	assert_false(sys.keep_running);

	copy = malloc(fdt_totalsize(blob) + 256);
	assert_non_null(copy);
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(fdt_open_into(blob, copy, fdt_totalsize(blob) + 256), 0);
		node = fdt_path_offset(copy, CONFIG_PATH);
		assert_true(node >= 0);
		assert_int_equal(fdt_setprop(copy, node, cases[i].prop,
					     cases[i].value, cases[i].len), 0);
		assert_int_equal(dt_parse_platform(copy, &host, error), 0);
		host_layout();
		report_count = 0;
		assert_int_equal(config_read_guests(&(struct config_source){ copy, copy, NULL },
						    &host, &mem, &sys, guests,
						    CONFIG_MAX_GUESTS, collect, NULL), 0);
		expect_reports(&cases[i].report, 1);
	}
	free(copy);
}

static void test_bad_memory(void **state)
{
	static const char *const expected[] = {
		"on-monitor: host-memory: 0x80200000-0x821fffff overlaps the monitor (0x80200000-0x8024ffff)",
		"on-guest: host-memory: 0x8a000000-0x8bffffff overlaps the RAM of guest ok (0x88000000-0x8bffffff)",
		"on-image: host-memory: 0x84000000-0x85ffffff overlaps the kernel image of guest ok (0x84000000-0x8400ffff)",
		"image-on-firmware: kernel: 0x80010000-0x8001ffff overlaps reserved memory mmode_resv0@80000000 (0x80000000-0x8005ffff)",
		"image-not-ram: kernel: 0x10000000-0x1000ffff is not inside host RAM",
		"too-big: memory: no free 512 MiB block in host RAM",
		"initrd-too-big: kernel: image (65536 bytes at 0x80200000) overlaps the initrd placed at 0x800f0000",
	};

	assert_int_equal(read_fixture("config-bad-memory.dtb"), 1);
	expect_reports(expected, 7);
	assert_string_equal(guests[0].name, "ok");
	/* Refused guests gave their memory back: only ok's RAM and image remain. */
	assert_null(mem_find_overlap(&mem, 0x86000000, 0x10000, false));
	assert_non_null(mem_find_overlap(&mem, 0x88000000, 1, false));
}

static void test_devices(void **state)
{
	static const char *const expected[] = {
		"no-node: devices: no node /soc/nothing@0",
		"system: devices: /soc/plic@c000000 belongs to the firmware or the monitor",
		"two-ranges: devices: /soc/two@20000000: want one reg range",
		"on-guest-ram: devices: /soc/low@40000000 at 0x40000000 overlaps the guest's memory",
		"twice: devices: /soc/serial@10000000 is given to guest ok already",
		"in-ram: devices: /soc/sram@8f000000 lies in host memory",
	};
	const struct guest_config *g = &guests[0];

	assert_int_equal(read_fixture("config-devices.dtb"), 1);
	expect_reports(expected, 6);
	assert_string_equal(g->name, "ok");
	assert_int_equal(g->device_count, 2);
	assert_string_equal(g->devices[0].path, "/soc/serial@10000000");
	/* Its interrupt, a source of the host's PLIC; the RTC has none. */
	assert_int_equal(g->devices[0].irq_count, 1);
	assert_int_equal(g->devices[0].irqs[0], 10);
	assert_int_equal(g->devices[1].irq_count, 0);
	/* Registers are mapped in whole pages. */
	assert_int_equal(g->devices[0].reg_base, 0x10000000);
	assert_int_equal(g->devices[0].reg_size, 0x100);
	assert_int_equal(g->devices[0].map_base, 0x10000000);
	assert_int_equal(g->devices[0].map_size, 0x1000);
	assert_int_equal(g->devices[1].map_base, 0x101000);
	assert_int_equal(g->devices[1].map_size, 0x1000);
	assert_int_equal(g->wakeup_after_suspend_ms, 250);
	/* The refused guests gave their harts back. */
	assert_int_equal(g->harts[0], 0);
}

static void test_device_irqs(void **state)
{
	static const char *const expected[] = {
		"dma-elsewhere: devices: /soc/virtio_mmio@10007000 does DMA, and no IOMMU translates it: host-memory must be 0x80000000, the base of memory",
		"irq-shared: devices: /soc/second-uart@10001000: interrupt 10 is guest ok's already (/soc/serial@10000000)",
		"irq-behind-gpio: devices: /soc/behind-gpio@10003000: its interrupts go to gpio@10002000, not to a PLIC or APLIC",
		"irq-extended: devices: /soc/extended@10004000: interrupts-extended is not supported, only interrupts",
	};
	const struct guest_config *low = &guests[2];
	uint64_t span;

	assert_int_equal(read_fixture("config-device-irqs.dtb"), 3);
	expect_reports(expected, 4);
	assert_int_equal(guests[0].devices[0].irqs[0], 10);
	/* The DMA device's guest: host RAM at its guest-physical address. */
	assert_string_equal(guests[1].name, "dma");
	assert_true(guests[1].ram_placed);
	assert_int_equal(guests[1].ram_hpa, 0x88000000);
	assert_int_equal(guests[1].moved_count, 0);
	assert_int_equal(guests[1].devices[0].irqs[0], 8);

	/*
	 * From the base of memory: the firmware's and the monitor's blocks
	 * (one run) and the host tree's move; the rest stays in place.
	 */
	assert_string_equal(low->name, "dma-low");
	assert_int_equal(low->ram_hpa, 0x80000000);
	assert_int_equal(low->moved_count, 2);
	assert_int_equal(low->moved[0].gpa, 0x80000000);
	assert_int_equal(low->moved[0].size, 4 * MiB);
	assert_int_equal(low->moved[1].gpa, 0x82200000);
	assert_int_equal(low->moved[1].size, 2 * MiB);
	for (unsigned int i = 0; i < 2; i++) {
		const struct mem_region *m;

		assert_int_equal(low->moved[i].hpa % (2 * MiB), 0);
		assert_false(ranges_overlap(low->moved[i].hpa, low->moved[i].size,
					    low->ram_gpa, low->ram_size));
		/* Reserved as its own, overlapping nothing else. */
		m = mem_find_overlap(&mem, low->moved[i].hpa, low->moved[i].size, false);
		assert_non_null(m);
		assert_string_equal(m->owner, "dma-low");
		assert_int_equal(m->base, low->moved[i].hpa);
		assert_int_equal(m->size, low->moved[i].size);
	}
	/* The part between, at its own address, is the guest's RAM. */
	assert_string_equal(mem_find_overlap(&mem, 0x80400000, 0x1e00000, false)->owner,
			    "dma-low");

	/* Host addresses, and how far each stays contiguous. */
	assert_int_equal(config_ram_hpa(low, 0x80000000, &span), low->moved[0].hpa);
	assert_int_equal(span, 4 * MiB);
	assert_int_equal(config_ram_hpa(low, 0x80201000, &span), low->moved[0].hpa + 0x201000);
	assert_int_equal(span, 4 * MiB - 0x201000);
	assert_int_equal(config_ram_hpa(low, 0x80400000, &span), 0x80400000);
	assert_int_equal(span, 0x82200000 - 0x80400000);
	assert_int_equal(config_ram_hpa(low, 0x823ff000, &span), low->moved[1].hpa + 0x1ff000);
	assert_int_equal(span, 0x1000);
	assert_int_equal(config_ram_hpa(low, 0x82400000, &span), 0x82400000);
	assert_int_equal(span, 0x83000000 - 0x82400000);
	/* Without moved blocks: one run to the end of its RAM. */
	assert_int_equal(config_ram_hpa(&guests[1], 0x88001000, &span), 0x88001000);
	assert_int_equal(span, 4 * MiB - 0x1000);
}

static void test_devices_malformed(void **state)
{
	static const char *const expected[] = {
		"bad-wakeup: wakeup-after-suspend-ms: malformed (want 1 cell)",
		"not-strings: devices: not a list of strings",
		"translated: devices: /bus@30000000/timer@100: its bus translates addresses (ranges)",
		"far: devices: /far@40000000000: reg 0x40000000000+0x1000 beyond the 41-bit guest-physical space",
		"restart-valued: restart-on-fault: takes no value",
	};

	assert_int_equal(read_fixture("config-devices-malformed.dtb"), 0);
	expect_reports(expected, 5);
}

/*
 * A firmware image's table as monitor/boot/image.c leaves it after the boot's
 * checks: the configuration never reads the parts, only where they are.
 */
static const struct sbivisor_image_part image_parts[] = {
	{ .name = "config", .type = SBIVISOR_PART_CONFIG, .offset = 0x1000, .size = 0x800 },
	{ .name = "a/kernel", .type = SBIVISOR_PART_KERNEL, .offset = 0x2000, .size = 0x12345 },
	{ .name = "a/initrd", .type = SBIVISOR_PART_INITRD, .offset = 0x20000, .size = 0x3000 },
	{ .name = "a/dtb", .type = SBIVISOR_PART_DTB, .offset = 0x30000, .size = 0x1800 },
	{ .name = "b/kernel", .type = SBIVISOR_PART_KERNEL, .offset = 0x40000, .size = 0x1000 },
};

static unsigned int read_image_fixture(struct image *img)
{
	char error[DT_ERROR_MAX];

	blob = load_dtb("config-parts.dtb");
	assert_int_equal(dt_parse_platform(blob, &host, error), 0);
	host_layout();
	report_count = 0;
	return config_read_guests(&(struct config_source){ blob, blob, img },
				  &host, &mem, &sys, guests, CONFIG_MAX_GUESTS,
				  collect, NULL);
}

static void test_image_parts(void **state)
{
	static const char *const expected[] = {
		"damaged: kernel-part: part b/kernel is damaged",
		"missing: kernel-part: no part nope/kernel in the firmware image",
		"wrong-type: initrd-part: part a/dtb is of type \"device tree\", not \"initrd\"",
		"both: kernel, kernel-part: give one, not both",
		"not-string: kernel-part: not a string",
	};
	struct image img = {
		.parts = image_parts,
		.part_count = 5,
		.base = 0x84000000,
		.state = { IMAGE_PART_INTACT, IMAGE_PART_INTACT, IMAGE_PART_INTACT,
			   IMAGE_PART_INTACT, IMAGE_PART_DAMAGED },
	};

	assert_int_equal(read_image_fixture(&img), 2);
	expect_reports(expected, 5);

	/* Each image where its part lies in memory, its size the part's. */
	assert_string_equal(guests[0].name, "good");
	assert_int_equal(guests[0].kernel.hpa, 0x84002000);
	assert_int_equal(guests[0].kernel.size, 0x12345);
	assert_int_equal(guests[0].initrd.hpa, 0x84020000);
	assert_int_equal(guests[0].initrd.size, 0x3000);
	assert_int_equal(guests[0].dtb.hpa, 0x84030000);
	assert_int_equal(guests[0].dtb.size, 0x1800);
	/* Two guests may boot from one part. */
	assert_string_equal(guests[1].name, "shares");
	assert_int_equal(guests[1].kernel.hpa, 0x84002000);
	assert_int_equal(guests[1].initrd.size, 0);
	/* And no guest's RAM lands on a part. */
	for (unsigned int i = 0; i < 2; i++)
		assert_false(ranges_overlap(guests[i].ram_hpa, guests[i].ram_size,
					    0x84000000, 0x41000));
}

static void test_parts_outside_an_image(void **state)
{
	/* The host tree's configuration has no image to name parts of. */
	assert_int_equal(read_image_fixture(NULL), 0);
	assert_true(report_count == 7);
	assert_string_equal(reports[0],
			    "good: kernel-part: only a firmware image's configuration names parts");
	assert_string_equal(reports[3],
			    "missing: kernel-part: only a firmware image's configuration names parts");
}

static void test_no_config(void **state)
{
	/* A tree without /chosen/sbivisor has no guests and nothing to say. */
	assert_int_equal(read_fixture("two-harts.dtb"), 0);
	assert_int_equal(report_count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_good, teardown),
		cmocka_unit_test_teardown(test_bad_fields, teardown),
		cmocka_unit_test_teardown(test_bad_harts, teardown),
		cmocka_unit_test_teardown(test_shared_harts, teardown),
		cmocka_unit_test_teardown(test_system_options, teardown),
		cmocka_unit_test_teardown(test_bad_memory, teardown),
		cmocka_unit_test_teardown(test_devices, teardown),
		cmocka_unit_test_teardown(test_device_irqs, teardown),
		cmocka_unit_test_teardown(test_devices_malformed, teardown),
		cmocka_unit_test_teardown(test_image_parts, teardown),
		cmocka_unit_test_teardown(test_parts_outside_an_image, teardown),
		cmocka_unit_test_teardown(test_no_config, teardown),
	};

	return cmocka_run_group_tests_name("guest configuration", tests, NULL, NULL);
}
