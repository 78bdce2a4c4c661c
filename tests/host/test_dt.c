// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of monitor/boot/dt.c: device trees from tests/host/dts/ (compiled
 * with dtc), trees dumped by QEMU's virt machine, and trees built here.
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

/* Regions point into the blob, so each test frees it when done. */
static void *blob;

static int parse_file(const char *name, struct dt_platform *p,
		      char error[DT_ERROR_MAX])
{
	blob = load_dtb(name);
	return dt_parse_platform(blob, p, error);
}

static int free_blob(void **state)
{
	free(blob);
	blob = NULL;
	return 0;
}

#define ISA(ext) DT_ISA_BIT(DT_ISA_##ext)

static void test_two_harts(void **state)
{
	struct dt_platform p;
	char error[DT_ERROR_MAX];

	assert_int_equal(parse_file("two-harts.dtb", &p, error), 0);
	assert_string_equal(error, "");

	/* The disabled cpu@6 and the cpu-map node are not harts. */
	assert_int_equal(p.hart_count, 2);
	assert_int_equal(p.harts_ignored, 0);
	assert_int_equal(p.harts[0].hartid, 0);
	assert_int_equal(p.harts[1].hartid, 5);
	assert_int_equal(p.harts[0].isa,
			 ISA(F) | ISA(D) | ISA(H) | ISA(SSTC) | ISA(SVPBMT));
	assert_int_equal(p.harts[1].isa, ISA(F) | ISA(D) | ISA(H) | ISA(SVPBMT));
	/* Only what every hart has. */
	assert_int_equal(p.isa_common, ISA(F) | ISA(D) | ISA(H) | ISA(SVPBMT));

	assert_int_equal(p.timebase_hz, 1000000);

	assert_int_equal(p.memory_count, 2);
	assert_int_equal(p.memory[0].base, 0x80000000);
	assert_int_equal(p.memory[0].size, 0x8000000);
	assert_int_equal(p.memory[1].base, 0x100000000);
	assert_int_equal(p.memory[1].size, 0x40000000);
	assert_string_equal(p.memory[1].name, "memory@80000000");

	/* /memreserve/ first, then /reserved-memory; "dynamic" has no reg. */
	assert_int_equal(p.reserved_count, 2);
	assert_int_equal(p.reserved[0].base, 0x87f00000);
	assert_int_equal(p.reserved[0].size, 0x100000);
	assert_string_equal(p.reserved[0].name, "/memreserve/");
	assert_int_equal(p.reserved[1].base, 0x80000000);
	assert_int_equal(p.reserved[1].size, 0x40000);
	assert_string_equal(p.reserved[1].name, "firmware@80000000");

	assert_non_null(dt_find_hart(&p, 5));
	assert_int_equal(dt_find_hart(&p, 5)->hartid, 5);
	assert_null(dt_find_hart(&p, 6));
}

static void test_isa_extensions_list(void **state)
{
	struct dt_platform p;
	char error[DT_ERROR_MAX];

	assert_int_equal(parse_file("isa-extensions.dtb", &p, error), 0);
	assert_int_equal(p.hart_count, 1);
	assert_int_equal(p.harts[0].hartid, 1);
	/* riscv,isa-extensions wins over the shorter riscv,isa. */
	assert_int_equal(p.harts[0].isa,
			 ISA(F) | ISA(D) | ISA(H) | ISA(V) | ISA(SSAIA) |
			 ISA(SSTC) | ISA(SVNAPOT) | ISA(SMSTATEEN) |
			 ISA(ZICNTR) | ISA(ZIHPM));
	/* Timebase from the cpu node when /cpus has none. */
	assert_int_equal(p.timebase_hz, 24000000);
	assert_int_equal(p.memory_count, 1);
	assert_int_equal(p.memory[0].base, 0x40000000);
	assert_int_equal(p.memory[0].size, 0x20000000);
	assert_int_equal(p.reserved_count, 0);
}

static void test_qemu_virt(void **state)
{
	struct dt_platform p;
	char error[DT_ERROR_MAX];

	assert_int_equal(parse_file("qemu-virt-smp4.dtb", &p, error), 0);
	assert_int_equal(p.hart_count, 4);
	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(p.harts[i].hartid, i);
		assert_true(p.harts[i].isa & ISA(H));
		assert_true(p.harts[i].isa & ISA(SSTC));
		assert_false(p.harts[i].isa & ISA(SSAIA));
	}
	assert_int_equal(p.timebase_hz, 10000000);
	assert_int_equal(p.memory_count, 1);
	assert_int_equal(p.memory[0].base, 0x80000000);
	assert_int_equal(p.memory[0].size, 256 << 20);
}

/*
 * The ISA of QEMU's own CPU models as they put it in their trees: rv64
 * (the default), max and rva23s64 (the RVA23 profile). Smstateen is
 * "smstateen" and "ssstateen" there, never "sstateen".
 */
static void test_qemu_cpu_models(void **state)
{
	static const struct {
		const char *dtb;
		uint64_t has, lacks;
	} models[] = {
		{ "qemu-virt-rv64.dtb", ISA(F) | ISA(D) | ISA(H) | ISA(SSTC) |
			ISA(ZICBOM) | ISA(ZICBOZ) | ISA(ZICNTR) | ISA(ZIHPM),
		  ISA(V) | ISA(SMSTATEEN) | ISA(SSAIA) | ISA(SVPBMT) | ISA(SVNAPOT) },
		{ "qemu-virt-max.dtb", ISA(F) | ISA(D) | ISA(H) | ISA(V) |
			ISA(SMSTATEEN) | ISA(SSAIA) | ISA(SSTC) | ISA(SVNAPOT) |
			ISA(SVPBMT) | ISA(ZICBOM) | ISA(ZICBOZ) | ISA(ZICNTR) |
			ISA(ZIHPM), 0 },
		{ "qemu-virt-rva23s64.dtb", ISA(F) | ISA(D) | ISA(H) | ISA(V) |
			ISA(SMSTATEEN) | ISA(SSTC) | ISA(SVNAPOT) | ISA(SVPBMT) |
			ISA(ZICBOM) | ISA(ZICBOZ) | ISA(ZICNTR) | ISA(ZIHPM),
		  ISA(SSAIA) },
	};
	struct dt_platform p;
	char error[DT_ERROR_MAX];

	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		assert_int_equal(parse_file(models[i].dtb, &p, error), 0);
		assert_int_equal(p.hart_count, 2);
		assert_int_equal(p.isa_common & models[i].has, models[i].has);
		assert_int_equal(p.isa_common & models[i].lacks, 0);
		free(blob);
		blob = NULL;
	}
}

static void test_qemu_virt_aia(void **state)
{
	struct dt_platform p;
	char error[DT_ERROR_MAX];

	assert_int_equal(parse_file("qemu-virt-aia.dtb", &p, error), 0);
	assert_int_equal(p.hart_count, 2);
	assert_true(p.isa_common & ISA(SSAIA));
	assert_true(p.isa_common & ISA(H));
	assert_int_equal(p.memory[0].size, 512 << 20);
}

/* What monitor/irq/plic.c and aia.c read: reg ranges, harts of controllers. */
static void test_node_reg_intc(void **state)
{
	struct dt_platform p;
	char error[DT_ERROR_MAX];
	uint64_t base, size;
	uint32_t hartid;
	const fdt32_t *cells;
	int node, len;

	assert_int_equal(parse_file("qemu-virt-aia.dtb", &p, error), 0);
	node = fdt_node_offset_by_compatible(blob, -1, "riscv,imsics");
	assert_true(node >= 0);
	assert_int_equal(dt_node_reg(blob, node, &base, &size), 0);
	/* The S-level one (0x28000000) or the M-level one (0x24000000). */
	assert_true(base == 0x28000000 || base == 0x24000000);
	cells = fdt_getprop(blob, node, "interrupts-extended", &len);
	assert_int_equal(len, 16);
	assert_int_equal(dt_intc_hartid(blob, fdt32_to_cpu(cells[0]), &hartid), 0);
	assert_int_equal(hartid, 0);
	assert_int_equal(dt_intc_hartid(blob, fdt32_to_cpu(cells[2]), &hartid), 0);
	assert_int_equal(hartid, 1);
	/* Not a cpu's controller (the IMSIC itself), and no such phandle. */
	assert_int_equal(dt_intc_hartid(blob, fdt_get_phandle(blob, node), &hartid), ERR_NOT_FOUND);
	assert_int_equal(dt_intc_hartid(blob, 0xdead, &hartid), ERR_NOT_FOUND);
	/* The root has no parent, so no reg in its cells. */
	assert_int_equal(dt_node_reg(blob, 0, &base, &size), ERR_INVALID);
}

static void expect_error(const char *file, const char *message)
{
	struct dt_platform p;
	char error[DT_ERROR_MAX];

	assert_true(parse_file(file, &p, error) < 0);
	assert_string_equal(error, message);
	free_blob(NULL);
}

static void test_bad_trees(void **state)
{
	expect_error("bad-no-timebase.dtb",
		     "/cpus: timebase-frequency: missing or zero");
	expect_error("bad-cpu-reg.dtb", "/cpus/cpu@1: reg: missing or short");
	expect_error("bad-cpu-twice.dtb", "/cpus/cpu@1: reg: hart 0 twice");
	expect_error("bad-no-memory.dtb", "/memory: no memory node");
	expect_error("bad-memory-reg.dtb",
		     "/memory@80000000: reg: missing or malformed");
	expect_error("bad-address-cells.dtb",
		     "/: #address-cells/#size-cells: 3/2, want 1 or 2");
}

static void test_not_a_tree(void **state)
{
	static const char junk[64] = "not a device tree";
	struct dt_platform p;
	char error[DT_ERROR_MAX];

	assert_true(dt_parse_platform(junk, &p, error) < 0);
	assert_string_equal(error, "device tree: FDT_ERR_BADMAGIC");
}

/*
 * dt_check_blob(): whole, aligned and well-formed, or refused. The cases
 * come from tests/fuzz/ (regressions/guest_fdt/): each crashed or read
 * misaligned words inside libfdt before the check.
 */
/* What dt_check_blob() says is wrong, or "ok". */
static const char *blob_fault(const void *tree, size_t size)
{
	const char *why = NULL;
	int rc = dt_check_blob(tree, size, &why);

	if (!rc)
		return "ok";
	assert_int_equal(rc, ERR_BAD_DT);
	assert_non_null(why);
	return why;
}

static void test_check_blob(void **state)
{
	static uint64_t buf[8192];
	char *tree = (char *)buf;
	void *good = load_dtb("two-harts.dtb");
	size_t size = fdt_totalsize(good);

	memcpy(tree, good, size);
	assert_string_equal(blob_fault(tree, size), "ok");
	assert_string_equal(blob_fault(tree, size - 1), "truncated");
	assert_string_equal(blob_fault(tree, 8), "truncated");
	/* Not 8-byte aligned in memory. */
	memmove(tree + 4, good, size);
	assert_string_equal(blob_fault(tree + 4, size), "not 8-byte aligned in memory");
	/* The structure block moved to an odd offset. */
	memcpy(tree, good, size);
	fdt_set_off_dt_struct(tree, fdt_off_dt_struct(tree) + 1);
	assert_string_equal(blob_fault(tree, size), "a block at a misaligned offset");
	/* A root node whose name runs off the structure block. */
	memcpy(tree, good, size);
	fdt_set_size_dt_struct(tree, 5);
	assert_string_not_equal(blob_fault(tree, size), "ok");
	/* An older format version: refused (libfdt's rewrite loses strings). */
	memcpy(tree, good, size);
	fdt_set_version(tree, 16);
	assert_string_equal(blob_fault(tree, size), "format version older than 17");
	/* Its first token not a node. */
	memcpy(tree, good, size);
	*(fdt32_t *)(tree + fdt_off_dt_struct(tree)) = cpu_to_fdt32(FDT_PROP);
	assert_string_not_equal(blob_fault(tree, size), "ok");
	free(good);
}

/* A tree with `cpus` harts, built with libfdt's sequential writer. */
static void *build_tree(unsigned int cpus)
{
	size_t size = 4096 + cpus * 256;
	void *fdt = malloc(size);
	char name[32];
	fdt32_t mem[4] = { cpu_to_fdt32(0), cpu_to_fdt32(0x80000000),
			   cpu_to_fdt32(0), cpu_to_fdt32(0x10000000) };

	assert_non_null(fdt);
	assert_int_equal(fdt_create(fdt, size), 0);
	assert_int_equal(fdt_finish_reservemap(fdt), 0);
	assert_int_equal(fdt_begin_node(fdt, ""), 0);
	assert_int_equal(fdt_property_u32(fdt, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(fdt, "#size-cells", 2), 0);
	assert_int_equal(fdt_begin_node(fdt, "cpus"), 0);
	assert_int_equal(fdt_property_u32(fdt, "#address-cells", 1), 0);
	assert_int_equal(fdt_property_u32(fdt, "#size-cells", 0), 0);
	assert_int_equal(fdt_property_u32(fdt, "timebase-frequency", 10000000), 0);
	for (unsigned int i = 0; i < cpus; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		assert_int_equal(fdt_begin_node(fdt, name), 0);
		assert_int_equal(fdt_property_string(fdt, "device_type", "cpu"), 0);
		assert_int_equal(fdt_property_u32(fdt, "reg", i), 0);
		assert_int_equal(fdt_property_string(fdt, "riscv,isa",
						     "rv64imafdch_sstc"), 0);
		assert_int_equal(fdt_end_node(fdt), 0);
	}
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_begin_node(fdt, "memory@80000000"), 0);
	assert_int_equal(fdt_property_string(fdt, "device_type", "memory"), 0);
	assert_int_equal(fdt_property(fdt, "reg", mem, sizeof(mem)), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_finish(fdt), 0);
	return fdt;
}

static void test_more_harts_than_slots(void **state)
{
	void *fdt = build_tree(DT_MAX_HARTS + 3);
	struct dt_platform p;
	char error[DT_ERROR_MAX];

	assert_int_equal(dt_parse_platform(fdt, &p, error), 0);
	assert_int_equal(p.hart_count, DT_MAX_HARTS);
	assert_int_equal(p.harts_ignored, 3);
	assert_int_equal(p.harts[DT_MAX_HARTS - 1].hartid, DT_MAX_HARTS - 1);
	assert_int_equal(p.isa_common, ISA(F) | ISA(D) | ISA(H) | ISA(SSTC));
	free(fdt);
}

static void test_isa_strings(void **state)
{
	assert_int_equal(dt_parse_isa_string("rv64imafdch_zicsr_zifencei_sstc"),
			 ISA(F) | ISA(D) | ISA(H) | ISA(SSTC));
	assert_int_equal(dt_parse_isa_string("rv64gc"), ISA(F) | ISA(D));
	assert_int_equal(dt_parse_isa_string("RV64IMAFDCH"),
			 ISA(F) | ISA(D) | ISA(H));
	/* Version suffixes, single-letter and multi-letter. */
	assert_int_equal(dt_parse_isa_string("rv64i2p1m2p0a2p1f2p2d2p2c2p0h1p0_sstc1p0_svpbmt"),
			 ISA(F) | ISA(D) | ISA(H) | ISA(SSTC) | ISA(SVPBMT));
	/* 's' right after the letters starts a multi-letter name. */
	assert_int_equal(dt_parse_isa_string("rv64imacsstc"), ISA(SSTC));
	assert_int_equal(dt_parse_isa_string("rv64imacv_zve32x_ssaia"),
			 ISA(V) | ISA(SSAIA));
	/* Smstateen by either of its names; "sstateen" is neither. */
	assert_int_equal(dt_parse_isa_string("rv64imafdch_smstateen_sstc"),
			 ISA(F) | ISA(D) | ISA(H) | ISA(SMSTATEEN) | ISA(SSTC));
	assert_int_equal(dt_parse_isa_string("rv64imach_ssstateen"),
			 ISA(H) | ISA(SMSTATEEN));
	assert_int_equal(dt_parse_isa_string("rv64imach_sstateen"), ISA(H));
	/* Names must match whole: "sstcx" and "ss" are not "sstc". */
	assert_int_equal(dt_parse_isa_string("rv64imac_sstcx_ss"), 0);
	assert_int_equal(dt_parse_isa_string("rv32imac"), 0);
	assert_int_equal(dt_parse_isa_string(""), 0);
	assert_int_equal(dt_parse_isa_string("imafdch"), 0);
	assert_int_equal(dt_parse_isa_string("rv64"), 0);
}

static void test_isa_names(void **state)
{
	assert_string_equal(dt_isa_ext_name(DT_ISA_H), "h");
	assert_string_equal(dt_isa_ext_name(DT_ISA_SSTC), "sstc");
	assert_string_equal(dt_isa_ext_name(DT_ISA_SSAIA), "ssaia");
	assert_string_equal(dt_isa_ext_name(DT_ISA_SMSTATEEN), "smstateen");
	assert_string_equal(dt_isa_ext_name(DT_ISA_COUNT), "?");
	for (int i = 0; i < DT_ISA_COUNT; i++)
		assert_non_null(dt_isa_ext_name(i));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_two_harts, free_blob),
		cmocka_unit_test_teardown(test_isa_extensions_list, free_blob),
		cmocka_unit_test_teardown(test_qemu_virt, free_blob),
		cmocka_unit_test_teardown(test_qemu_cpu_models, free_blob),
		cmocka_unit_test_teardown(test_qemu_virt_aia, free_blob),
		cmocka_unit_test_teardown(test_node_reg_intc, free_blob),
		cmocka_unit_test_teardown(test_bad_trees, free_blob),
		cmocka_unit_test_teardown(test_not_a_tree, free_blob),
		cmocka_unit_test(test_check_blob),
		cmocka_unit_test_teardown(test_more_harts_than_slots, free_blob),
		cmocka_unit_test_teardown(test_isa_strings, free_blob),
		cmocka_unit_test_teardown(test_isa_names, free_blob),
	};

	return cmocka_run_group_tests_name("device tree parsing", tests, NULL,
					   NULL);
}
