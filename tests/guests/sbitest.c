// SPDX-License-Identifier: BSD-2-Clause
/*
 * The SBI test guest: a TAP subtest for every SBI function the monitor
 * serves to guests, with good and bad arguments, plus the guest's device
 * tree, interrupts, exception delegation, reboot and register integrity.
 * tests/qemu/guest.t runs it under the monitor and checks every line.
 *
 * bootargs choose what runs: nothing runs everything;
 * "read=<hex>", "write=<hex>" touch a guest-physical address the guest does
 * not own (the monitor must stop it); "fail" powers off with the
 * system-failure reason; "soak=<hex seconds>" runs only the IPI and timer
 * storms, round after round, for that long (`make soak`).
 */

#include <libfdt.h>
#include <lib/bits.h>
#include <lib/format.h>
#include <sbivisor/sbi.h>
#include <sbivisor/sbivisor_ext.h>
#include <string.h>

#include "guest.h"
#include "regs.h"
#include "smp.h"
#include "suspend.h"

#define REBOOT_MAGIC	0x5342564952424f4fULL	/* "SBVIRBOO" */
#define SECOND		10000000UL	/* worst case: a 10 MHz timebase */
#define REGS_ITERATIONS	10000

static const void *fdt;
static const char *bootargs = "";
static uint64_t timebase_hz;
static bool has_sstc, has_fp;
static unsigned long ram_base, ram_size;

static unsigned int count_cpus(void);

extern char _start[];
static int data_marker = 1;	/* .data: a reboot must bring back 1 */

static struct sbiret call(unsigned long eid, unsigned long fid,
			  unsigned long a0, unsigned long a1, unsigned long a2)
{
	return sbi_ecall(eid, fid, a0, a1, a2);
}

/* ---------------------------------------------------------- device tree */

static bool list_has(const char *list, int len, const char *name)
{
	for (const char *p = list; p < list + len; p += strlen(p) + 1)
		if (!strcmp(p, name))
			return true;
	return false;
}

static uint64_t prop_u64(int node, const char *name)
{
	const fdt32_t *v;
	int len;

	v = fdt_getprop(fdt, node, name, &len);
	if (!v || (len != 4 && len != 8))
		return 0;
	return len == 4 ? fdt32_to_cpu(v[0]) :
	       ((uint64_t)fdt32_to_cpu(v[0]) << 32) | fdt32_to_cpu(v[1]);
}

/* An initrd, if /chosen names one, must be in RAM with its first bytes. */
static void check_initrd(int chosen)
{
	static const char magic[] = "sbivisor initrd\n";
	uint64_t start = prop_u64(chosen, "linux,initrd-start");
	uint64_t end = prop_u64(chosen, "linux,initrd-end");

	if (!start)
		return;
	tap_ok(end > start && start >= ram_base && end <= ram_base + ram_size &&
	       !memcmp((const void *)(uintptr_t)start, magic, sizeof(magic) - 1),
	       "initrd: %lu bytes at 0x%lx, in RAM, as staged",
	       (unsigned long)(end - start), (unsigned long)start);
}

/* /cpus also holds idle-states and the like: only device_type "cpu" counts. */
static bool is_cpu_node(int node)
{
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);

	return type && !strcmp(type, "cpu");
}

static void read_device_tree(void)
{
	int chosen, cpu, mem, len;
	const char *exts;
	const fdt32_t *reg;
	unsigned int cpus = 0;
	bool no_h = true, isa_string_ok = true;

	tap_ok(fdt_check_header(fdt) == 0, "device tree: a valid FDT in a1");

	chosen = fdt_path_offset(fdt, "/chosen");
	tap_ok(chosen >= 0 && !strcmp(bootargs, fdt_getprop(fdt, chosen, "bootargs", NULL) ?: ""),
	       "device tree: /chosen/bootargs \"%s\"", bootargs);

	fdt_for_each_subnode(cpu, fdt, fdt_path_offset(fdt, "/cpus")) {
		const char *isa = fdt_getprop(fdt, cpu, "riscv,isa", NULL);

		if (!is_cpu_node(cpu))
			continue;
		cpus++;
		exts = fdt_getprop(fdt, cpu, "riscv,isa-extensions", &len);
		if (exts && list_has(exts, len, "h"))
			no_h = false;
		if (!isa || strncmp(isa, "rv64", 4))
			isa_string_ok = false;
		else
			for (const char *p = isa + 4; *p && *p != '_'; p++)
				if (*p == 'h')
					no_h = false;
		if (cpus == 1 && exts) {
			has_sstc = list_has(exts, len, "sstc");
			has_fp = list_has(exts, len, "f") && list_has(exts, len, "d");
		}
	}
	tap_ok(cpus >= 1, "device tree: %u cpu nodes", cpus);
	tap_ok(no_h && isa_string_ok, "device tree: ISA strings without h");

	timebase_hz = guest_timebase(fdt);
	if (timebase_hz)
		smp_timebase_hz = timebase_hz;
	tap_ok(timebase_hz > 0, "device tree: timebase %lu Hz",
	       (unsigned long)timebase_hz);

	mem = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);
	reg = mem >= 0 ? fdt_getprop(fdt, mem, "reg", &len) : NULL;
	if (reg && len == 16) {
		ram_base = ((uint64_t)fdt32_to_cpu(reg[0]) << 32) | fdt32_to_cpu(reg[1]);
		ram_size = ((uint64_t)fdt32_to_cpu(reg[2]) << 32) | fdt32_to_cpu(reg[3]);
	}
	tap_ok((unsigned long)_start >= ram_base &&
	       (unsigned long)_start < ram_base + ram_size,
	       "device tree: memory 0x%lx+0x%lx holds this guest", ram_base,
	       ram_size);
	tap_ok(fdt_path_offset(fdt, "/soc") < 0 &&
	       fdt_path_offset(fdt, "/reserved-memory") < 0,
	       "device tree: nothing of the host beyond cpus and memory");
	printf("sbitest: device tree model \"%s\"\n",
	       (const char *)fdt_getprop(fdt, 0, "model", NULL) ?: "");
	check_initrd(chosen);
}

/* ---------------------------------------------------------------- BASE */

static void test_base(void)
{
	static const struct { unsigned long eid; long want; const char *name; } probes[] = {
		{ SBI_EXT_BASE, 1, "BASE" },
		{ SBI_EXT_TIME, 1, "TIME" },
		{ SBI_EXT_DBCN, 1, "DBCN" },
		{ SBI_EXT_SRST, 1, "SRST" },
		{ SBI_EXT_IPI, 1, "IPI" },
		{ SBI_EXT_RFENCE, 1, "RFENCE" },
		{ SBI_EXT_HSM, 1, "HSM" },
		{ SBIVISOR_EXT_ID, 1, "sbivisor" },
		{ SBI_EXT_0_1_SET_TIMER, 1, "legacy set_timer" },
		{ SBI_EXT_0_1_CONSOLE_PUTCHAR, 1, "legacy putchar" },
		{ SBI_EXT_0_1_CONSOLE_GETCHAR, 1, "legacy getchar" },
		{ SBI_EXT_0_1_SHUTDOWN, 1, "legacy shutdown" },
		{ SBI_EXT_0_1_CLEAR_IPI, 1, "legacy clear_ipi" },
		{ SBI_EXT_0_1_SEND_IPI, 1, "legacy send_ipi" },
		{ SBI_EXT_0_1_REMOTE_FENCE_I, 1, "legacy remote_fence_i" },
		{ SBI_EXT_0_1_REMOTE_SFENCE_VMA, 1, "legacy remote_sfence_vma" },
		{ SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID, 1, "legacy remote_sfence_vma_asid" },
		{ 0x09, 0, "legacy EID 0x9 (none)" },
		{ 0x0f, 0, "legacy EID 0xf (none)" },
		{ SBI_EXT_STA, 1, "STA" },
		{ SBI_EXT_FWFT, 1, "FWFT" },
		{ 0x504D55, 0, "PMU (not served)" },
		{ SBI_EXT_SUSP, 1, "SUSP" },
		{ 0x12345678, 0, "an EID nobody defines" },
		{ SBIVISOR_EXT_ID + 1, 0, "the EID after ours" },
	};
	struct sbiret r;

	r = call(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0);
	tap_ok(!r.error && r.value == 0x02000000,
	       "BASE get_spec_version = 2.0 (0x%lx)", r.value);
	r = call(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0);
	tap_ok(!r.error && r.value == SBIVISOR_SBI_IMPL_ID,
	       "BASE get_impl_id = sbivisor's (0x%lx)", r.value);
	r = call(SBI_EXT_BASE, SBI_BASE_GET_IMPL_VERSION, 0, 0, 0);
	tap_ok(!r.error && r.value == ((SBIVISOR_MONITOR_VERSION_MAJOR << 16) |
				       SBIVISOR_MONITOR_VERSION_MINOR),
	       "BASE get_impl_version = the monitor's (0x%lx)", r.value);
	for (unsigned int i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		r = call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, probes[i].eid, 0, 0);
		tap_ok(!r.error && r.value == probes[i].want,
		       "BASE probe_extension(%s) = %ld", probes[i].name, r.value);
	}
	r = call(SBI_EXT_BASE, SBI_BASE_GET_MVENDORID, 0, 0, 0);
	tap_ok(!r.error, "BASE get_mvendorid (0x%lx)", r.value);
	r = call(SBI_EXT_BASE, SBI_BASE_GET_MARCHID, 0, 0, 0);
	tap_ok(!r.error, "BASE get_marchid (0x%lx)", r.value);
	r = call(SBI_EXT_BASE, SBI_BASE_GET_MIMPID, 0, 0, 0);
	tap_ok(!r.error, "BASE get_mimpid (0x%lx)", r.value);
	r = call(SBI_EXT_BASE, 7, 0, 0, 0);
	tap_ok(r.error == SBI_ERR_NOT_SUPPORTED, "BASE FID 7 = NOT_SUPPORTED (%ld)", r.error);
	r = call(0x0badbeef, 0, 0, 0, 0);
	tap_ok(r.error == SBI_ERR_NOT_SUPPORTED, "unknown EID = NOT_SUPPORTED (%ld)", r.error);
}

/* ---------------------------------------------------------------- TIME */

static volatile unsigned long ticks;

static void on_tick(void)
{
	ticks++;
	/* Per the SBI spec, a new deadline clears the pending interrupt. */
	sbi_set_timer(~0UL);
}

static unsigned long now(void)
{
	return csr_read(CSR_TIME);
}

/* Polling, so that a tick that never comes cannot hang the test. */
static bool wait_for_tick(void)
{
	unsigned long deadline = now() + SECOND;

	while (!ticks && now() < deadline)
		;
	return ticks;
}

static void test_time(void)
{
	unsigned long t0, c0, i0;
	struct sbiret r;

	guest_timer_handler = on_tick;
	csr_set(CSR_SIE, SIP_STIP);
	csr_set(CSR_SSTATUS, SSTATUS_SIE);

	t0 = now();
	c0 = csr_read(CSR_CYCLE);
	i0 = csr_read(CSR_INSTRET);
	tap_ok(now() >= t0 && csr_read(CSR_INSTRET) > i0 && csr_read(CSR_CYCLE) > c0,
	       "time, cycle and instret are readable and count");

	ticks = 0;
	r = call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, now() + timebase_hz / 100, 0, 0);
	tap_ok(!r.error && wait_for_tick(), "TIME set_timer(now + 10 ms): the interrupt arrives");
	tap_ok(!(csr_read(CSR_SIP) & SIP_STIP), "set_timer(-1) in the handler cleared STIP");

	ticks = 0;
	r = call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, 0, 0, 0);
	tap_ok(!r.error && wait_for_tick(), "TIME set_timer(0), in the past: the interrupt arrives");

	ticks = 0;
	r = call(SBI_EXT_0_1_SET_TIMER, 0, now() + timebase_hz / 1000, 0, 0);
	tap_ok(r.error == 0 && wait_for_tick(), "legacy set_timer: the interrupt arrives");

	if (has_sstc) {
		ticks = 0;
		csr_write(CSR_STIMECMP, now() + timebase_hz / 1000);
		tap_ok(wait_for_tick(), "Sstc: writing stimecmp directly, the interrupt arrives");
	} else {
		tap_skip("no Sstc in the guest's ISA: stimecmp is not the guest's");
	}

	ticks = 0;
	sbi_set_timer(now() + SECOND * 100);
	sbi_set_timer(~0UL);
	tap_ok(!ticks && !(csr_read(CSR_SIP) & SIP_STIP),
	       "a deadline moved to never: no interrupt");

	r = call(SBI_EXT_TIME, 1, 0, 0, 0);
	tap_ok(r.error == SBI_ERR_NOT_SUPPORTED, "TIME FID 1 = NOT_SUPPORTED (%ld)", r.error);

	csr_clear(CSR_SSTATUS, SSTATUS_SIE);
	csr_clear(CSR_SIE, SIP_STIP);
	guest_timer_handler = NULL;
}

/* ---------------------------------------------------------------- DBCN */

static void test_dbcn(void)
{
	static char message[] = "sbitest: DBCN write\n";
	static char in[8];
	unsigned long len = sizeof(message) - 1;
	unsigned long ram_end = ram_base + ram_size;
	struct sbiret r;

	r = call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, len, (unsigned long)message, 0);
	tap_ok(!r.error && r.value == (long)len, "DBCN write: %ld of %lu bytes", r.value, len);

	r = call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 16, 0x1000, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "DBCN write from outside guest RAM = INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 32, ram_end - 16, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "DBCN write across the end of guest RAM = INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, len, (unsigned long)message, 1);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "DBCN write with base_addr_hi = 1 = INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, ~0UL, (unsigned long)message, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "DBCN write of 2^64 - 1 bytes = INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 0, 0, 0);
	tap_ok(!r.error && r.value == 0, "DBCN write of 0 bytes = 0");

	r = call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, sizeof(in), (unsigned long)in, 0);
	tap_ok(!r.error && r.value >= 0 && r.value <= (long)sizeof(in),
	       "DBCN read into guest RAM: %ld bytes", r.value);
	r = call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, 8, ram_end, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "DBCN read into memory past guest RAM = INVALID_PARAM (%ld)", r.error);

	r = call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, '\n', 0, 0);
	tap_ok(!r.error, "DBCN write_byte");
	r = call(SBI_EXT_DBCN, 3, 0, 0, 0);
	tap_ok(r.error == SBI_ERR_NOT_SUPPORTED, "DBCN FID 3 = NOT_SUPPORTED (%ld)", r.error);
}

/* ---------------------------------------------------------------- SRST */

static void test_srst_arguments(void)
{
	struct sbiret r;

	r = call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, 3, 0, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "SRST reset_type 3 (reserved) = INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, 0, 2, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "SRST reset_reason 2 (reserved) = INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, 0xf0000000UL, 0, 0);
	tap_ok(r.error == SBI_ERR_NOT_SUPPORTED, "SRST vendor reset_type = NOT_SUPPORTED (%ld)", r.error);
	/* uint32_t arguments: the upper bits of the register are ignored. */
	r = call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, (1UL << 32) | 3, 0, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "SRST reset_type 3 with upper bits set = INVALID_PARAM, as 3 (%ld)", r.error);
	r = call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, (1UL << 32) | 0xf0000000UL, 0, 0);
	tap_ok(r.error == SBI_ERR_NOT_SUPPORTED, "SRST vendor reset_type with upper bits set = NOT_SUPPORTED, upper bits ignored (%ld)", r.error);
	r = call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, 0xf0000000UL, 1UL << 32 | 2, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "SRST reset_reason 2 with upper bits set = INVALID_PARAM, as 2 (%ld)", r.error);
	r = call(SBI_EXT_SRST, 1, 0, 0, 0);
	tap_ok(r.error == SBI_ERR_NOT_SUPPORTED, "SRST FID 1 = NOT_SUPPORTED (%ld)", r.error);
}

/* -------------------------------------------------------------- legacy */

static bool ssip_pending(void)
{
	return csr_read(CSR_SIP) & SIP_SSIP;
}

/*
 * send_ipi, clear_ipi and the remote fences, their hart mask passed by
 * address: this hart's own bit, NULL (every hart: with one only), an
 * address that faults or is misaligned, a hart that does not exist.
 */
static void test_legacy_ipi_fence(void)
{
	static const struct { unsigned long eid; const char *name; } fences[] = {
		{ SBI_EXT_0_1_REMOTE_FENCE_I, "remote_fence_i" },
		{ SBI_EXT_0_1_REMOTE_SFENCE_VMA, "remote_sfence_vma" },
		{ SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID, "remote_sfence_vma_asid" },
	};
	static unsigned long mask[2];
	unsigned long self = 1UL << this_cpu(), unmapped = 0x1000;
	struct sbiret r;

	/* SIE off: the IPI stays pending for the look. */
	csr_clear(CSR_SSTATUS, SSTATUS_SIE);
	mask[0] = self;
	r = call(SBI_EXT_0_1_SEND_IPI, 0, (unsigned long)mask, 0, 0);
	tap_ok(r.error == 0 && ssip_pending(),
	       "legacy send_ipi(&mask of this hart): 0, and its IPI pending (%ld)", r.error);
	r = call(SBI_EXT_0_1_CLEAR_IPI, 0, 0, 0, 0);
	tap_ok(r.error == 0 && !ssip_pending(),
	       "legacy clear_ipi: 0, and no IPI pending after (%ld)", r.error);
	if (count_cpus() == 1) {
		r = call(SBI_EXT_0_1_SEND_IPI, 0, 0, 0, 0);
		tap_ok(r.error == 0 && ssip_pending(),
		       "legacy send_ipi(NULL): every hart, this one too (%ld)", r.error);
		call(SBI_EXT_0_1_CLEAR_IPI, 0, 0, 0, 0);
	}
	r = call(SBI_EXT_0_1_SEND_IPI, 0, unmapped, 0, 0);
	tap_ok(r.error == SBI_ERR_INVALID_ADDRESS && !ssip_pending(),
	       "legacy send_ipi(a mask address outside the guest) = INVALID_ADDRESS (%ld)", r.error);
	r = call(SBI_EXT_0_1_SEND_IPI, 0, (unsigned long)mask + 4, 0, 0);
	tap_ok(r.error == SBI_ERR_INVALID_ADDRESS,
	       "legacy send_ipi(a misaligned mask address) = INVALID_ADDRESS (%ld)", r.error);
	mask[0] = 1UL << 63;
	r = call(SBI_EXT_0_1_SEND_IPI, 0, (unsigned long)mask, 0, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM && !ssip_pending(),
	       "legacy send_ipi(hart 63, which does not exist) = INVALID_PARAM (%ld)", r.error);
	csr_clear(CSR_SIP, SIP_SSIP);
	csr_set(CSR_SSTATUS, SSTATUS_SIE);

	for (unsigned int i = 0; i < ARRAY_SIZE(fences); i++) {
		mask[0] = self;
		r = sbi_ecall4(fences[i].eid, 0, (unsigned long)mask, 0, ~0UL, 0);
		tap_ok(r.error == 0, "legacy %s(&mask of this hart) = 0 (%ld)",
		       fences[i].name, r.error);
		r = sbi_ecall4(fences[i].eid, 0, unmapped, 0, ~0UL, 0);
		tap_ok(r.error == SBI_ERR_INVALID_ADDRESS,
		       "legacy %s(a mask address outside the guest) = INVALID_ADDRESS (%ld)",
		       fences[i].name, r.error);
	}
}

static void test_legacy(void)
{
	struct sbiret r;

	r = call(SBI_EXT_0_1_CONSOLE_PUTCHAR, 0, '\n', 0, 0);
	tap_ok(r.error == 0, "legacy console_putchar returns 0");
	r = call(SBI_EXT_0_1_CONSOLE_GETCHAR, 0, 0, 0, 0);
	tap_ok(r.error >= -1 && r.error < 256, "legacy console_getchar: a byte or -1 (%ld)", r.error);
	test_legacy_ipi_fence();
}

/* ----------------------------------------------------------------- STA */

/* set_shmem with good and bad arguments; the steal of a dedicated hart. */
static void test_sta(void)
{
	static uint8_t rec[2 * SBI_STA_SHMEM_SIZE] __attribute__((aligned(64)));
	unsigned long base = (unsigned long)rec, start;
	bool zeroed = true;
	struct sbiret r;

	memset(rec, 0xa5, sizeof(rec));
	r = call(SBI_EXT_STA, SBI_STA_STEAL_TIME_SET_SHMEM, base, 0, 0);
	for (unsigned int i = 0; i < SBI_STA_SHMEM_SIZE; i++)
		zeroed &= rec[i] == 0;
	tap_ok(!r.error && zeroed && rec[SBI_STA_SHMEM_SIZE] == 0xa5,
	       "STA set_shmem(64 bytes of RAM): SUCCESS, those 64 bytes zeroed, no more (%ld)",
	       r.error);
	r = call(SBI_EXT_STA, SBI_STA_STEAL_TIME_SET_SHMEM, base, 0, 1);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "STA set_shmem flags 1 = INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_STA, SBI_STA_STEAL_TIME_SET_SHMEM, base + 8, 0, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "STA set_shmem not 64-byte aligned = INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_STA, SBI_STA_STEAL_TIME_SET_SHMEM, base, 1, 0);
	tap_ok(r.error == SBI_ERR_INVALID_ADDRESS, "STA set_shmem above 2^64 = INVALID_ADDRESS (%ld)", r.error);
	r = call(SBI_EXT_STA, SBI_STA_STEAL_TIME_SET_SHMEM, ram_base + ram_size, 0, 0);
	tap_ok(r.error == SBI_ERR_INVALID_ADDRESS, "STA set_shmem past the guest's RAM = INVALID_ADDRESS (%ld)", r.error);
	r = call(SBI_EXT_STA, SBI_STA_STEAL_TIME_SET_SHMEM, 0x1000, 0, 0);
	tap_ok(r.error == SBI_ERR_INVALID_ADDRESS, "STA set_shmem outside the guest's RAM = INVALID_ADDRESS (%ld)", r.error);
	r = call(SBI_EXT_STA, 1, 0, 0, 0);
	tap_ok(r.error == SBI_ERR_NOT_SUPPORTED, "STA FID 1 = NOT_SUPPORTED (%ld)", r.error);

	/* Alone on its hart (the only guest, no `yield`): no time stolen. */
	if (smp_alone) {
		start = now();
		while (now() - start < SECOND / 20)
			;
		tap_ok(guest_sta_steal(rec) == 0, "STA: steal 0 ns after 50 ms alone on its hart (%lu)",
		       (unsigned long)guest_sta_steal(rec));
	}
	memset(rec, 0xa5, SBI_STA_SHMEM_SIZE);
	r = call(SBI_EXT_STA, SBI_STA_STEAL_TIME_SET_SHMEM, -1UL, -1UL, 0);
	start = now();
	while (now() - start < SECOND / 100)
		;
	tap_ok(!r.error && rec[0] == 0xa5 && rec[SBI_STA_STEAL] == 0xa5,
	       "STA set_shmem(all ones): SUCCESS, the record no longer written (%ld)", r.error);
}

/* ---------------------------------------------------------------- FWFT */

static long fwft_set(unsigned long feature, unsigned long value, unsigned long flags)
{
	return call(SBI_EXT_FWFT, SBI_FWFT_SET, feature, value, flags).error;
}

static struct sbiret fwft_get(unsigned long feature)
{
	return call(SBI_EXT_FWFT, SBI_FWFT_GET, feature, 0, 0);
}

/* A misaligned AMO (across 16 bytes: not even Zama16b does it) traps here. */
static void misaligned_amo_traps(const char *what)
{
	static uint64_t words[4] __attribute__((aligned(16)));
	unsigned long addr = (unsigned long)words + 15, old;
	bool trapped_here;

	memset(words, 0, sizeof(words));
	expected_trap = (struct trap_expectation){ .armed = true };
	asm volatile("amoadd.w %0, %1, (%2)" : "=r"(old) : "r"(1), "r"(addr) : "memory");
	/* QEMU reports it as a load or a store/AMO misalignment. */
	trapped_here = expected_trap.taken && expected_trap.stval == addr &&
		       (expected_trap.scause == EXC_STORE_MISALIGNED ||
			expected_trap.scause == EXC_LOAD_MISALIGNED);
	/* Or the CPU does it (QEMU's max): done, and nothing trapped. */
	tap_ok(trapped_here || (!expected_trap.taken && *(volatile uint8_t *)addr == 1),
	       "FWFT: %s: a misaligned AMO traps in the guest, or the CPU does it (scause %lu, stval 0x%lx)",
	       what, expected_trap.scause, expected_trap.stval);
}

/*
 * Every feature: served or NOT_SUPPORTED as the harts allow, its reset
 * value, good and bad values, the lock; reserved and platform ranges
 * DENIED; the 32-bit feature ID's upper bits ignored.
 */
static void test_fwft(void)
{
	static const struct { unsigned long id; const char *name; unsigned long max; } features[] = {
		{ SBI_FWFT_MISALIGNED_EXC_DELEG, "MISALIGNED_EXC_DELEG", 1 },
		{ SBI_FWFT_LANDING_PAD, "LANDING_PAD", 1 },
		{ SBI_FWFT_SHADOW_STACK, "SHADOW_STACK", 1 },
		{ SBI_FWFT_DOUBLE_TRAP, "DOUBLE_TRAP", 1 },
		{ SBI_FWFT_PTE_AD_HW_UPDATING, "PTE_AD_HW_UPDATING", 1 },
		{ SBI_FWFT_POINTER_MASKING_PMLEN, "POINTER_MASKING_PMLEN", 16 },
	};
	static const unsigned long denied[] = {
		SBI_FWFT_LOCAL_RESERVED_START, 0x3fffffff, SBI_FWFT_LOCAL_PLATFORM_START,
		SBI_FWFT_GLOBAL_RESERVED_START, SBI_FWFT_GLOBAL_PLATFORM_START, 0xffffffff,
	};
	unsigned long served = 0;
	struct sbiret r, upper;
	long e;

	for (unsigned int i = 0; i < ARRAY_SIZE(features); i++) {
		unsigned long id = features[i].id;
		const char *name = features[i].name;

		r = fwft_get(id);
		upper = fwft_get((1UL << 32) | id);
		tap_ok(upper.error == r.error && upper.value == r.value,
		       "FWFT get(%s with bit 32 set) = get(%s): the upper bits ignored", name, name);
		if (r.error) {
			tap_ok(r.error == SBI_ERR_NOT_SUPPORTED && !r.value &&
			       fwft_set(id, 1, 0) == SBI_ERR_NOT_SUPPORTED,
			       "FWFT %s: NOT_SUPPORTED by get and set on these harts (%ld)", name, r.error);
			continue;
		}
		served |= 1UL << id;
		tap_ok(r.value == 0, "FWFT %s: served, 0 at reset (%lu)", name, r.value);
		e = fwft_set(id, features[i].max + 1, 0);
		tap_ok(e == SBI_ERR_INVALID_PARAM && fwft_get(id).value == 0,
		       "FWFT set(%s, %lu) = INVALID_PARAM, unchanged (%ld)", name, features[i].max + 1, e);
		e = fwft_set(id, 1, 2);
		tap_ok(e == SBI_ERR_INVALID_PARAM && fwft_get(id).value == 0,
		       "FWFT set(%s) with reserved flag bit 1 = INVALID_PARAM (%ld)", name, e);
		e = fwft_set(id, 1, 0);
		r = fwft_get(id);
		tap_ok(!e && !r.error &&
		       (id == SBI_FWFT_POINTER_MASKING_PMLEN ? r.value == 7 || r.value == 16 : r.value == 1),
		       "FWFT set(%s, 1): SUCCESS, get = %lu", name, r.value);
		if (id == SBI_FWFT_MISALIGNED_EXC_DELEG)
			misaligned_amo_traps("delegated");
		e = fwft_set(id, 0, 0);
		tap_ok(!e && fwft_get(id).value == 0, "FWFT set(%s, 0): SUCCESS, get = 0 (%ld)", name, e);
		if (id == SBI_FWFT_MISALIGNED_EXC_DELEG)
			misaligned_amo_traps("not delegated");
	}
	tap_ok(!(served & (1UL << SBI_FWFT_DOUBLE_TRAP)), "FWFT DOUBLE_TRAP: not served");
	printf("sbitest: FWFT features served: 0x%lx\n", served);

	for (unsigned int i = 0; i < ARRAY_SIZE(denied); i++) {
		r = fwft_get(denied[i]);
		e = fwft_set(denied[i], 0, 0);
		tap_ok(r.error == SBI_ERR_DENIED && !r.value && e == SBI_ERR_DENIED,
		       "FWFT get and set of feature 0x%lx (reserved or platform) = DENIED (%ld, %ld)",
		       denied[i], r.error, e);
	}

	/* Locked until the hart's reset: a feature served, left at 0. */
	for (unsigned int i = 0; i < ARRAY_SIZE(features); i++) {
		unsigned long id = features[i].id;

		if (!(served & (1UL << id)))
			continue;
		e = fwft_set(id, 0, SBI_FWFT_SET_FLAG_LOCK);
		tap_ok(!e, "FWFT set(%s, 0, LOCK): SUCCESS (%ld)", features[i].name, e);
		e = fwft_set(id, 1, 0);
		tap_ok(e == SBI_ERR_DENIED_LOCKED && fwft_get(id).value == 0,
		       "FWFT set(%s, 1) once locked = DENIED_LOCKED, unchanged (%ld)",
		       features[i].name, e);
		e = fwft_set(id, 0, SBI_FWFT_SET_FLAG_LOCK);
		tap_ok(e == SBI_ERR_DENIED_LOCKED, "FWFT set(%s, 0, LOCK) again = DENIED_LOCKED (%ld)",
		       features[i].name, e);
		break;
	}
	r = call(SBI_EXT_FWFT, 2, 0, 0, 0);
	tap_ok(r.error == SBI_ERR_NOT_SUPPORTED, "FWFT FID 2 = NOT_SUPPORTED (%ld)", r.error);
}

/* ------------------------------------------------ sbivisor's extension */

static unsigned int count_cpus(void)
{
	unsigned int n = 0;
	int cpu;

	fdt_for_each_subnode(cpu, fdt, fdt_path_offset(fdt, "/cpus"))
		n += is_cpu_node(cpu);
	return n;
}

/* GUEST_STATUS and GUEST_NAME: every guest, the caller marked; YIELD. */
static void test_guest_list(void)
{
	static char name[32], self_name[32];
	unsigned long self = call(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO,
				  SBIVISOR_INFO_GUEST_ID, 0, 0).value;
	unsigned long id, callers = 0;
	bool all = true;
	struct sbiret r;

	for (id = 0; id < 16; id++) {
		r = call(SBIVISOR_EXT_ID, SBIVISOR_FID_GUEST_STATUS, id, 0, 0);
		if (r.error)
			break;
		memset(name, 0, sizeof(name));
		if (sbi_ecall4(SBIVISOR_EXT_ID, SBIVISOR_FID_GUEST_NAME, id,
			       (unsigned long)name, 0, sizeof(name)).error)
			all = false;
		printf("sbitest: guest %lu: %s, state %lu, %lu vCPUs%s\n", id, name,
		       SBIVISOR_GUEST_STATE(r.value), SBIVISOR_GUEST_VCPUS(r.value),
		       (r.value & SBIVISOR_GUEST_IS_CALLER) ? ", the caller" : "");
		if (r.value & SBIVISOR_GUEST_IS_CALLER) {
			memcpy(self_name, name, sizeof(name));
			callers++;
			all &= id == self &&
			       SBIVISOR_GUEST_STATE(r.value) == SBIVISOR_GUEST_RUNNING &&
			       SBIVISOR_GUEST_VCPUS(r.value) == count_cpus();
		}
	}
	tap_ok(r.error == SBI_ERR_INVALID_PARAM && id >= 1,
	       "sbivisor GUEST_STATUS: %lu guests, then INVALID_PARAM (%ld)", id, r.error);
	tap_ok(all && callers == 1,
	       "sbivisor GUEST_STATUS and GUEST_NAME: each named, this one RUNNING with its vCPUs, marked the caller");
	r = sbi_ecall4(SBIVISOR_EXT_ID, SBIVISOR_FID_GUEST_NAME, self, 0, 0, 0);
	tap_ok(!r.error && r.value == (long)strlen(self_name),
	       "sbivisor GUEST_NAME with size 0: the length only (%ld)", r.value);
	memset(name, 'x', sizeof(name));
	r = sbi_ecall4(SBIVISOR_EXT_ID, SBIVISOR_FID_GUEST_NAME, self, (unsigned long)name, 0, 3);
	tap_ok(!r.error && name[2] == '\0' && name[3] == 'x',
	       "sbivisor GUEST_NAME cut to its buffer, NUL-terminated, nothing written past it");
	r = sbi_ecall4(SBIVISOR_EXT_ID, SBIVISOR_FID_GUEST_NAME, self, 0x1000, 0, 8);
	tap_ok(r.error == SBI_ERR_INVALID_ADDRESS,
	       "sbivisor GUEST_NAME into a buffer outside guest RAM = INVALID_ADDRESS (%ld)", r.error);
	r = sbi_ecall4(SBIVISOR_EXT_ID, SBIVISOR_FID_GUEST_NAME, self, (unsigned long)name, 1, 8);
	tap_ok(r.error == SBI_ERR_INVALID_ADDRESS,
	       "sbivisor GUEST_NAME with an address above 2^64 = INVALID_ADDRESS (%ld)", r.error);
	r = sbi_ecall4(SBIVISOR_EXT_ID, SBIVISOR_FID_GUEST_NAME, 99, (unsigned long)name, 0, 8);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM,
	       "sbivisor GUEST_NAME of guest 99 = INVALID_PARAM (%ld)", r.error);
	r = call(SBIVISOR_EXT_ID, SBIVISOR_FID_YIELD, 0, 0, 0);
	tap_ok(!r.error && !r.value, "sbivisor YIELD returns 0 (%ld)", r.error);
}

static void test_sbivisor(void)
{
	struct sbiret r;

	r = call(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO, SBIVISOR_INFO_VERSION, 0, 0);
	tap_ok(!r.error && r.value == SBIVISOR_VERSION, "sbivisor GET_INFO(VERSION) = 0.3 (0x%lx)", r.value);
	r = call(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO, SBIVISOR_INFO_FEATURES, 0, 0);
	tap_ok(!r.error && r.value == 0, "sbivisor GET_INFO(FEATURES) = 0: a vCPU has no H (0x%lx)", r.value);
	r = call(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO, SBIVISOR_INFO_MONITOR_VERSION, 0, 0);
	tap_ok(!r.error && r.value == SBIVISOR_VERSION_ENCODE(SBIVISOR_MONITOR_VERSION_MAJOR,
								SBIVISOR_MONITOR_VERSION_MINOR),
	       "sbivisor GET_INFO(MONITOR_VERSION) = %lu.%lu",
	       (unsigned long)SBIVISOR_VERSION_GET_MAJOR(r.value),
	       (unsigned long)SBIVISOR_VERSION_GET_MINOR(r.value));
	r = call(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO, SBIVISOR_INFO_GUEST_ID, 0, 0);
	tap_ok(!r.error && r.value < 8, "sbivisor GET_INFO(GUEST_ID) = %ld", r.value);
	r = call(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO, SBIVISOR_INFO_VCPU_COUNT, 0, 0);
	tap_ok(!r.error && r.value == (long)count_cpus(),
	       "sbivisor GET_INFO(VCPU_COUNT) = %ld, the cpus of the device tree", r.value);
	r = call(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO, 99, 0, 0);
	tap_ok(r.error == SBI_ERR_INVALID_PARAM, "sbivisor GET_INFO(99) = INVALID_PARAM (%ld)", r.error);
	r = call(SBIVISOR_EXT_ID, 1, 0, 0, 0);
	tap_ok(r.error == SBI_ERR_NOT_SUPPORTED, "sbivisor FID 1 = NOT_SUPPORTED (%ld)", r.error);
	r = call(SBIVISOR_EXT_ID, 6, 0, 0, 0);
	tap_ok(r.error == SBI_ERR_NOT_SUPPORTED, "sbivisor FID 6 = NOT_SUPPORTED (%ld)", r.error);
	test_guest_list();
}

/* ---------------------------------------------------------- exceptions */

static void test_exceptions(void)
{
	unsigned long value;

	/* An H CSR from VS-mode: the guest sees what S-mode on hardware would. */
	expected_trap = (struct trap_expectation){ .armed = true };
	asm volatile("csrr %0, hstatus" : "=r"(value) : : "memory");
	tap_ok(expected_trap.taken && expected_trap.scause == EXC_ILLEGAL_INST,
	       "reading hstatus: an illegal-instruction trap in the guest (scause %lu)",
	       expected_trap.scause);

	/* A delegated exception reaches the guest without the monitor. */
	expected_trap = (struct trap_expectation){ .armed = true };
	asm volatile("ebreak" : : : "memory");
	tap_ok(expected_trap.taken && expected_trap.scause == EXC_BREAKPOINT,
	       "ebreak: a breakpoint trap in the guest (scause %lu)",
	       expected_trap.scause);
}

/* ------------------------------------------------- register integrity */

static void test_registers(void)
{
	static struct regs_test t;
	unsigned int bad, fbad;

	if (!has_fp) {
		tap_skip("no F/D in the guest's ISA");
		return;
	}
	/* The guest's own sstatus.FS: FP on. */
	csr_set(CSR_SSTATUS, SSTATUS_FS_INITIAL);
	regs_prepare(&t, 0, SBI_EXT_TIME, SBI_TIME_SET_TIMER, REGS_ITERATIONS);
	regs_trap_loop(&t);
	bad = regs_verify(&t, &fbad);
	sbi_set_timer(~0UL);
	tap_ok(!bad, "%u SBI calls%s: all general-purpose registers intact",
	       REGS_ITERATIONS, has_sstc ? "" : " and timer-interrupt exits");
	tap_ok(!fbad, "the same: all FP registers and fcsr intact");
}

/* -------------------------------------------------------------- reboot */

static bool reboot_step(void)
{
	/* A page below the image, in guest RAM the monitor does not reload. */
	volatile uint64_t *marker = (uint64_t *)((uintptr_t)_start - 0x1000);

	if (marker[0] != REBOOT_MAGIC) {
		marker[0] = REBOOT_MAGIC;
		marker[1] = 1;
		data_marker = 2;
		printf("# cold reboot\n");
		call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_COLD_REBOOT, 0, 0);
		return false;
	}
	if (marker[1] == 1) {
		marker[1] = 2;
		data_marker = 3;
		printf("# warm reboot\n");
		call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_WARM_REBOOT, 0, 0);
		return false;
	}
	marker[0] = 0;
	tap_ok(data_marker == 1, "SRST cold and warm reboot: the guest came back twice from its image");
	return true;
}

/*
 * `reboots=0x<n>`: reboot n times before anything else, counted in the
 * marker page, while other guests run on.
 */
static bool reboot_times(unsigned long n)
{
	volatile uint64_t *marker = (uint64_t *)((uintptr_t)_start - 0x1000);

	if (marker[2] != REBOOT_MAGIC) {
		marker[2] = REBOOT_MAGIC;
		marker[3] = 0;
	}
	if (marker[3] < n) {
		marker[3]++;
		printf("sbitest: reboot %lu of %lu\n", (unsigned long)marker[3], n);
		call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_COLD_REBOOT, 0, 0);
		return false;
	}
	/* Left as it is: the suite's own reboots come next. */
	if (marker[3] == n) {
		marker[3]++;
		printf("sbitest: rebooted %lu times\n", n);
	}
	return true;
}

/* `echo`: each line typed comes back; "quit" ends the guest. */
static void echo(void)
{
	char line[80];
	unsigned int n = 0;

	printf("sbitest: echo: type lines, \"quit\" ends\n");
	for (;;) {
		char c;
		struct sbiret r = call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, 1,
				       (unsigned long)&c, 0);

		if (r.error || r.value != 1)
			continue;
		if (c != '\r' && c != '\n') {
			if (n < sizeof(line) - 1)
				line[n++] = c;
			continue;
		}
		line[n] = '\0';
		if (n)
			printf("sbitest: got \"%s\"\n", line);
		if (!strcmp(line, "quit"))
			return;
		n = 0;
	}
}

/* ---------------------------------------------------------------- main */

static unsigned long arg_hex(const char *name)
{
	const char *p = strstr(bootargs, name);
	unsigned long v = 0;

	if (!p)
		return 0;
	for (p += strlen(name); *p; p++) {
		int d = (*p >= '0' && *p <= '9') ? *p - '0' :
			(*p >= 'a' && *p <= 'f') ? *p - 'a' + 10 : -1;

		if (d < 0)
			break;
		v = v * 16 + d;
	}
	return v;
}

int guest_main(unsigned long hartid, const void *dtb)
{
	unsigned long addr;
	int chosen;

	fdt = dtb;
	bootargs = guest_bootargs(fdt);
	chosen = fdt_path_offset(fdt, "/chosen");
	printf("sbitest: hart %lu, device tree at %p, bootargs \"%s\"\n",
	       hartid, dtb, bootargs);
	if (chosen >= 0) {
		int len = 0;
		const unsigned char *seed = fdt_getprop(fdt, chosen, "rng-seed", &len);
		unsigned long head = 0;

		for (int i = 0; seed && i < len && i < 8; i++)
			head = head << 8 | seed[i];
		printf("sbitest: rng-seed %d bytes, first 0x%lx\n", seed ? len : 0, head);
	}

	if ((addr = arg_hex("read=0x"))) {
		printf("sbitest: reading 0x%lx\n", addr);
		printf("sbitest: read 0x%lx: 0x%lx (not stopped!)\n", addr,
		       *(volatile unsigned long *)addr);
		return 1;
	}
	if ((addr = arg_hex("write=0x"))) {
		printf("sbitest: writing 0x%lx\n", addr);
		*(volatile unsigned long *)addr = 0xdead;
		printf("sbitest: wrote 0x%lx (not stopped!)\n", addr);
		return 1;
	}
	smp_yield = strstr(bootargs, "yield") != NULL;
	smp_stolen = strstr(bootargs, "stolen") != NULL;
	/* The only guest (no guest 1), its vCPUs not sharing harts. */
	smp_alone = !smp_yield &&
		    call(SBIVISOR_EXT_ID, SBIVISOR_FID_GUEST_STATUS, 1, 0, 0).error;
	if ((addr = arg_hex("soak=0x"))) {
		read_device_tree();
		smp_soak(count_cpus(), addr, timebase_hz);
		tap_done();
		return tap_failed ? 1 : 0;
	}
	if ((addr = arg_hex("reboots=0x")) && !reboot_times(addr))
		return 1;
	if (strstr(bootargs, "echo")) {
		echo();
		return 0;
	}
	if (strstr(bootargs, "fail")) {
		printf("sbitest: shutting down with a system failure\n");
		return 1;
	}

	/* The suite: reboot twice first, so that TAP starts once. */
	if (!reboot_step())
		return 1;
	read_device_tree();
	test_base();
	test_time();
	test_dbcn();
	test_srst_arguments();
	test_legacy();
	test_sta();
	test_fwft();
	test_sbivisor();
	test_exceptions();
	test_registers();
	test_suspend();
	test_smp(count_cpus());
	test_system_suspend(count_cpus());
	tap_done();
	return tap_failed ? 1 : 0;
}
