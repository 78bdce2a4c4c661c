// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of monitor/boot/guest_fdt.c: the guest ISA filtered from real host
 * trees, and the generated guest tree read back with libfdt and with the
 * monitor's own parser.
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
#include <monitor/boot/dt.h>
#include <monitor/boot/guest_fdt.h>

#define ISA(ext) DT_ISA_BIT(DT_ISA_##ext)

static void *host_blob;

/* Properties are only 4-byte aligned. */
static uint64_t prop_u64(const void *fdt, int node, const char *name)
{
	const void *val;
	fdt64_t v;
	int len;

	val = fdt_getprop(fdt, node, name, &len);
	assert_non_null(val);
	assert_int_equal(len, 8);
	memcpy(&v, val, 8);
	return fdt64_to_cpu(v);
}

static int teardown(void **state)
{
	free(host_blob);
	host_blob = NULL;
	return 0;
}

static bool list_has(const struct guest_isa *isa, const char *name)
{
	for (size_t at = 0; at < isa->len; at += strlen(isa->list + at) + 1)
		if (!strcmp(isa->list + at, name))
			return true;
	return false;
}

static void test_isa_from_qemu_virt(void **state)
{
	struct guest_isa isa;

	host_blob = load_dtb("qemu-virt-smp4.dtb");
	assert_int_equal(guest_isa_from_host(host_blob, 2, &isa), 0);
	assert_true(list_has(&isa, "i"));
	assert_true(list_has(&isa, "f"));
	assert_true(list_has(&isa, "d"));
	assert_true(list_has(&isa, "c"));
	assert_true(list_has(&isa, "sstc"));
	assert_true(list_has(&isa, "zicsr"));
	assert_true(list_has(&isa, "zicboz"));
	/* Never: the hypervisor extension, debug triggers, HPM counters. */
	assert_false(list_has(&isa, "h"));
	assert_false(list_has(&isa, "sdtrig"));
	assert_false(list_has(&isa, "zihpm"));
	assert_string_equal(isa.mmu_type, "riscv,sv57");
	/* Single letters first, then the rest, each after '_'. */
	assert_memory_equal(isa.string, "rv64imafdc_", 11);
	assert_null(strstr(isa.string, "h_"));
	assert_non_null(strstr(isa.string, "_sstc"));
	assert_int_equal(dt_parse_isa_string(isa.string) & ISA(H), 0);
	/* No such hart. */
	assert_int_equal(guest_isa_from_host(host_blob, 9, &isa), ERR_NOT_FOUND);
}

/*
 * QEMU's max and rva23s64 CPUs: vector, the RVA23 extensions the monitor
 * virtualizes, the cache-block sizes; never what it does not (h, AIA
 * state, Svadu, Zicfilp/Zicfiss, Sscofpmf, Zihpm, Smstateen).
 */
static void test_isa_from_rva23_cpus(void **state)
{
	static const char *const dtbs[] = { "qemu-virt-max.dtb", "qemu-virt-rva23s64.dtb" };
	static const char *const offered[] = {
		"v", "zve64d", "zicbom", "zicboz", "zawrs", "zfa", "zimop", "zcmop",
		"svinval", "svpbmt", "svnapot", "supm", "sstc",
	};
	static const char *const withheld[] = {
		"h", "smaia", "ssaia", "svadu", "zicfilp", "zicfiss", "sscofpmf",
		"zihpm", "smstateen", "ssstateen", "ssnpm", "smnpm", "sdtrig",
	};
	struct guest_isa isa;

	for (unsigned int d = 0; d < 2; d++) {
		host_blob = load_dtb(dtbs[d]);
		assert_int_equal(guest_isa_from_host(host_blob, 0, &isa), 0);
		for (unsigned int i = 0; i < sizeof(offered) / sizeof(offered[0]); i++)
			assert_true(list_has(&isa, offered[i]));
		for (unsigned int i = 0; i < sizeof(withheld) / sizeof(withheld[0]); i++)
			assert_false(list_has(&isa, withheld[i]));
		assert_memory_equal(isa.string, "rv64imafdcbv_", 13);
		assert_int_equal(isa.cbom_block_size, 64);
		assert_int_equal(isa.cboz_block_size, 64);
		free(host_blob);
		host_blob = NULL;
	}
	/* rva23s64 has Svade; max has Zkr, whose seed the monitor reads. */
	host_blob = load_dtb("qemu-virt-rva23s64.dtb");
	assert_int_equal(guest_isa_from_host(host_blob, 1, &isa), 0);
	assert_true(list_has(&isa, "svade"));
	free(host_blob);
	host_blob = load_dtb("qemu-virt-max.dtb");
	assert_int_equal(guest_isa_from_host(host_blob, 1, &isa), 0);
	assert_true(list_has(&isa, "zkr"));
}

static void test_isa_from_isa_string(void **state)
{
	struct guest_isa isa;

	/* two-harts.dts has riscv,isa strings only. */
	host_blob = load_dtb("two-harts.dtb");
	assert_int_equal(guest_isa_from_host(host_blob, 0, &isa), 0);
	assert_string_equal(isa.string, "rv64imafdc_zicsr_zifencei_sstc_svpbmt");
	assert_null(isa.mmu_type);
	assert_int_equal(guest_isa_from_host(host_blob, 5, &isa), 0);
	assert_string_equal(isa.string, "rv64imafdc_zicsr_zifencei_svpbmt");
}

static void test_build(void **state)
{
	static char buf[16384];
	struct dt_platform p;
	struct guest_isa isa;
	struct guest_fdt_params params = {
		.name = "test",
		.vcpus = 3,
		.ram_gpa = 0x80000000,
		.ram_size = 64 << 20,
		.timebase_hz = 10000000,
		.isa = &isa,
		.bootargs = "console=hvc0 earlycon=sbi",
		.initrd_gpa = 0x83000000,
		.initrd_size = 0x12345,
		.rng_seed = "0123456789abcdef",
		.rng_seed_size = 8,
	};
	char error[DT_ERROR_MAX];
	const char *seed;
	int chosen, len;

	host_blob = load_dtb("qemu-virt-smp4.dtb");
	assert_int_equal(guest_isa_from_host(host_blob, 0, &isa), 0);
	assert_int_equal(guest_fdt_build(buf, sizeof(buf), &params), 0);
	assert_int_equal(fdt_check_header(buf), 0);

	/* The monitor's own parser sees what a guest OS will. */
	assert_int_equal(dt_parse_platform(buf, &p, error), 0);
	assert_int_equal(p.hart_count, 3);
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(p.harts[i].hartid, i);
		assert_int_equal(p.harts[i].isa & ISA(H), 0);
		assert_true(p.harts[i].isa & ISA(SSTC));
	}
	assert_int_equal(p.timebase_hz, 10000000);
	assert_int_equal(p.memory_count, 1);
	assert_int_equal(p.memory[0].base, 0x80000000);
	assert_int_equal(p.memory[0].size, 64 << 20);
	assert_string_equal(p.memory[0].name, "memory@80000000");
	assert_int_equal(p.reserved_count, 0);

	chosen = fdt_path_offset(buf, "/chosen");
	assert_true(chosen >= 0);
	assert_string_equal(fdt_getprop(buf, chosen, "bootargs", NULL),
			    "console=hvc0 earlycon=sbi");
	assert_int_equal(prop_u64(buf, chosen, "linux,initrd-start"), 0x83000000);
	assert_int_equal(prop_u64(buf, chosen, "linux,initrd-end"), 0x83012345);
	/* Its share of the firmware's entropy, no more. */
	seed = fdt_getprop(buf, chosen, "rng-seed", &len);
	assert_int_equal(len, 8);
	assert_memory_equal(seed, "01234567", 8);

	/* Each cpu has its interrupt controller, with a distinct phandle. */
	assert_true(fdt_path_offset(buf, "/cpus/cpu@2/interrupt-controller") >= 0);
	assert_int_equal(fdt_get_phandle(buf, fdt_path_offset(buf, "/cpus/cpu@2/interrupt-controller")), 3);
	assert_string_equal(fdt_getprop(buf, fdt_path_offset(buf, "/cpus/cpu@0"), "mmu-type", NULL),
			    "riscv,sv57");
	/* QEMU's cache blocks, for Zicbom and Zicboz. */
	assert_int_equal(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(buf,
			 fdt_path_offset(buf, "/cpus/cpu@1"), "riscv,cboz-block-size", NULL)), 64);
	/* Idle states for Linux's SBI cpuidle, referred to by every cpu. */
	{
		int ret = fdt_path_offset(buf, "/cpus/idle-states/retentive");
		int non = fdt_path_offset(buf, "/cpus/idle-states/non-retentive");
		const fdt32_t *refs;
		int len;

		assert_true(ret >= 0 && non >= 0);
		assert_string_equal(fdt_getprop(buf, ret, "compatible", NULL), "riscv,idle-state");
		assert_int_equal(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(buf, non,
				 "riscv,sbi-suspend-param", NULL)), 0x80000000);
		refs = fdt_getprop(buf, fdt_path_offset(buf, "/cpus/cpu@1"), "cpu-idle-states", &len);
		assert_int_equal(len, 8);
		assert_int_equal(fdt_node_offset_by_phandle(buf, fdt32_to_cpu(refs[0])), ret);
		assert_int_equal(fdt_node_offset_by_phandle(buf, fdt32_to_cpu(refs[1])), non);
	}
	/* Nothing of the host: no soc, no reserved memory. */
	assert_true(fdt_path_offset(buf, "/soc") < 0);
	assert_true(fdt_path_offset(buf, "/reserved-memory") < 0);
}

static void test_build_minimal_and_too_small(void **state)
{
	static char buf[4096];
	struct guest_isa isa;
	struct guest_fdt_params params = {
		.name = "min", .vcpus = 1, .ram_gpa = 0x40000000,
		.ram_size = 2 << 20, .timebase_hz = 24000000, .isa = &isa,
	};
	int chosen;

	host_blob = load_dtb("two-harts.dtb");
	assert_int_equal(guest_isa_from_host(host_blob, 0, &isa), 0);
	assert_int_equal(guest_fdt_build(buf, sizeof(buf), &params), 0);
	chosen = fdt_path_offset(buf, "/chosen");
	assert_true(chosen >= 0);
	assert_null(fdt_getprop(buf, chosen, "bootargs", NULL));
	assert_null(fdt_getprop(buf, chosen, "linux,initrd-start", NULL));
	assert_true(fdt_path_offset(buf, "/memory@40000000") >= 0);
	/* A buffer too small is an error, not an overrun (ASan watches). */
	assert_int_equal(guest_fdt_build(buf, 256, &params), ERR_NO_SPACE);
	params.vcpus = 0;
	assert_true(guest_fdt_build(buf, sizeof(buf), &params) < 0);
}

/* Host devices given to the guest: their nodes copied under /soc. */
static void test_build_with_devices(void **state)
{
	static char buf[8192];
	struct guest_isa isa;
	struct guest_device devices[2] = {
		{ .path = "/soc/rtc@101000", .reg_base = 0x101000, .reg_size = 0x1000 },
		{ .path = "/soc/serial@10000000", .reg_base = 0x10000000, .reg_size = 0x100 },
	};
	struct guest_fdt_params params = {
		.name = "uboot", .vcpus = 1, .ram_gpa = 0x80000000,
		.ram_size = 64 << 20, .timebase_hz = 10000000, .isa = &isa,
		.device_count = 2, .devices = devices,
	};
	const fdt32_t *reg;
	int uart, len;

	host_blob = load_dtb("qemu-virt-smp4.dtb");
	params.host_fdt = host_blob;
	for (int i = 0; i < 2; i++) {
		devices[i].node = fdt_path_offset(host_blob, devices[i].path);
		assert_true(devices[i].node >= 0);
	}
	assert_int_equal(guest_isa_from_host(host_blob, 0, &isa), 0);
	assert_int_equal(guest_fdt_build(buf, sizeof(buf), &params), 0);

	uart = fdt_path_offset(buf, "/soc/serial@10000000");
	assert_true(uart >= 0);
	assert_true(fdt_path_offset(buf, "/soc/rtc@101000") >= 0);
	assert_int_equal(fdt_node_check_compatible(buf, uart, "ns16550a"), 0);
	assert_non_null(fdt_getprop(buf, uart, "clock-frequency", NULL));
	/* reg in the guest's /soc cells (2 + 2). */
	reg = fdt_getprop(buf, uart, "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(fdt32_to_cpu(reg[1]), 0x10000000);
	assert_int_equal(fdt32_to_cpu(reg[3]), 0x100);
	/* Nothing that points at the host's interrupt controllers. */
	assert_null(fdt_getprop(buf, uart, "interrupts", NULL));
	assert_null(fdt_getprop(buf, uart, "interrupt-parent", NULL));
	assert_null(fdt_getprop(buf, uart, "phandle", NULL));
	/* The UART is the console, though listed second. */
	assert_string_equal(fdt_getprop(buf, fdt_path_offset(buf, "/chosen"), "stdout-path", NULL),
			    "/soc/serial@10000000");
	/* No UART given: no stdout-path (the SBI console is it). */
	params.device_count = 1;
	assert_int_equal(guest_fdt_build(buf, sizeof(buf), &params), 0);
	assert_null(fdt_getprop(buf, fdt_path_offset(buf, "/chosen"), "stdout-path", NULL));
}

static void test_fixup_given_tree(void **state)
{
	static char buf[65536];
	struct guest_fdt_params params = {
		.bootargs = "root=/dev/vda", .initrd_gpa = 0x88000000,
		.initrd_size = 0x1000,
	};
	int chosen;

	host_blob = load_dtb("isa-extensions.dtb");
	assert_int_equal(guest_fdt_fixup(buf, sizeof(buf), host_blob,
					 fdt_totalsize(host_blob), &params), 0);
	/* A staged tree cut short, or one that does not hold together: refused. */
	assert_int_equal(guest_fdt_fixup(buf, sizeof(buf), host_blob,
					 fdt_totalsize(host_blob) - 1, &params),
			 ERR_BAD_DT);
	{
		static char broken[65536];

		memcpy(broken, host_blob, fdt_totalsize(host_blob));
		/* The first structure token: no longer FDT_BEGIN_NODE. */
		((fdt32_t *)((char *)broken + fdt_off_dt_struct(broken)))[0] = cpu_to_fdt32(0x7);
		assert_true(guest_fdt_fixup(buf, sizeof(buf), broken,
					    fdt_totalsize(broken), &params) < 0);
	}
	chosen = fdt_path_offset(buf, "/chosen");
	assert_true(chosen >= 0);
	assert_string_equal(fdt_getprop(buf, chosen, "bootargs", NULL), "root=/dev/vda");
	assert_int_equal(prop_u64(buf, chosen, "linux,initrd-end"), 0x88001000);
	/* The rest as given. */
	assert_true(fdt_path_offset(buf, "/cpus/cpu@1") >= 0);
	assert_true(fdt_path_offset(buf, "/memory@40000000") >= 0);
}

/* Reserved, no-map, at the guest addresses it was given: reg in 2 + 2 cells. */
static void expect_moved_reserved(const void *fdt, const char *path,
				  uint64_t base, uint64_t size)
{
	int node = fdt_path_offset(fdt, path), len;
	const fdt32_t *reg;

	assert_true(node >= 0);
	reg = fdt_getprop(fdt, node, "reg", &len);
	assert_non_null(reg);
	assert_int_equal(len, 16);
	assert_int_equal(((uint64_t)fdt32_to_cpu(reg[0]) << 32) | fdt32_to_cpu(reg[1]), base);
	assert_int_equal(((uint64_t)fdt32_to_cpu(reg[2]) << 32) | fdt32_to_cpu(reg[3]), size);
	assert_non_null(fdt_getprop(fdt, node, "no-map", NULL));
}

static void test_moved_blocks_reserved(void **state)
{
	static char buf[65536];
	static const struct guest_ram_block moved[2] = {
		{ .gpa = 0x80000000, .size = 4 << 20, .hpa = 0x9fc00000 },
		{ .gpa = 0x82200000, .size = 2 << 20, .hpa = 0x9fa00000 },
	};
	struct guest_isa isa;
	struct guest_fdt_params params = {
		.name = "uboot", .vcpus = 1, .ram_gpa = 0x80000000,
		.ram_size = 256 << 20, .timebase_hz = 10000000, .isa = &isa,
		.moved_count = 2, .moved = moved,
	};
	int node;

	host_blob = load_dtb("qemu-virt-smp4.dtb");
	assert_int_equal(guest_isa_from_host(host_blob, 0, &isa), 0);
	assert_int_equal(guest_fdt_build(buf, sizeof(buf), &params), 0);
	node = fdt_path_offset(buf, "/reserved-memory");
	assert_true(node >= 0);
	assert_int_equal(fdt_address_cells(buf, node), 2);
	assert_int_equal(fdt_size_cells(buf, node), 2);
	assert_non_null(fdt_getprop(buf, node, "ranges", NULL));
	expect_moved_reserved(buf, "/reserved-memory/host@80000000", 0x80000000, 4 << 20);
	expect_moved_reserved(buf, "/reserved-memory/host@82200000", 0x82200000, 2 << 20);
	/* All its room is the tree's, free at the end, for edits in place. */
	assert_int_equal(fdt_totalsize(buf), sizeof(buf));
	/* Its memory node still tells the whole RAM. */
	assert_true(fdt_path_offset(buf, "/memory@80000000") >= 0);

	/* Without moved blocks, no /reserved-memory at all. */
	params.moved_count = 0;
	assert_int_equal(guest_fdt_build(buf, sizeof(buf), &params), 0);
	assert_true(fdt_path_offset(buf, "/reserved-memory") < 0);
	params.moved_count = 2;

	/* A given tree gets the same (it has no /reserved-memory of its own). */
	free(host_blob);
	host_blob = load_dtb("isa-extensions.dtb");
	assert_true(fdt_path_offset(host_blob, "/reserved-memory") < 0);
	assert_int_equal(guest_fdt_fixup(buf, sizeof(buf), host_blob,
					 fdt_totalsize(host_blob), &params), 0);
	expect_moved_reserved(buf, "/reserved-memory/host@80000000", 0x80000000, 4 << 20);
	expect_moved_reserved(buf, "/reserved-memory/host@82200000", 0x82200000, 2 << 20);
	assert_int_equal(fdt_totalsize(buf), sizeof(buf));

}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_isa_from_qemu_virt, teardown),
		cmocka_unit_test_teardown(test_isa_from_rva23_cpus, teardown),
		cmocka_unit_test_teardown(test_isa_from_isa_string, teardown),
		cmocka_unit_test_teardown(test_build, teardown),
		cmocka_unit_test_teardown(test_build_minimal_and_too_small, teardown),
		cmocka_unit_test_teardown(test_build_with_devices, teardown),
		cmocka_unit_test_teardown(test_fixup_given_tree, teardown),
		cmocka_unit_test_teardown(test_moved_blocks_reserved, teardown),
	};

	return cmocka_run_group_tests_name("guest device tree", tests, NULL, NULL);
}
