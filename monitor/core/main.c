// SPDX-License-Identifier: BSD-2-Clause
/*
 * Boot flow of the monitor: read the host device tree, check the harts can
 * host guests, read the guests' configuration and build them, bring the
 * other harts up, run the vCPU of each hart.
 */

#include <lib/console.h>
#include <lib/format.h>
#include <lib/sbi_call.h>
#include <libfdt.h>
#include <monitor/boot/config.h>
#include <monitor/boot/dt.h>
#include <monitor/boot/image.h>
#include <monitor/boot/image_boot.h>
#include <monitor/boot/mem.h>
#include <monitor/core/ecall.h>
#include <monitor/core/guest.h>
#include <monitor/core/hart.h>
#include <monitor/core/monitor.h>
#include <monitor/core/sched.h>
#include <monitor/irq/host_irq.h>
#include <string.h>

static struct dt_platform host;
static struct mem_layout host_memory;
static struct guest_config configs[CONFIG_MAX_GUESTS];
static struct config_system system_config;
static struct image firmware_image;

extern char __image_start[], __image_end[];

static void print_isa(const char *label, uint64_t isa)
{
	char line[160];
	int n = 0;

	for (int ext = 0; ext < DT_ISA_COUNT; ext++)
		if (isa & DT_ISA_BIT(ext))
			n += fmt_snprintf(line + n, sizeof(line) - n, " %s",
					  dt_isa_ext_name(ext));
	printf("monitor: %s:%s\n", label, n ? line : " none");
}

static const char *yes_no(uint64_t isa, enum dt_isa_ext ext)
{
	return (isa & DT_ISA_BIT(ext)) ? "yes" : "no";
}

static void print_banner(unsigned long boot_hartid)
{
	printf("monitor: harts: %u (boot hart %lu)\n", host.hart_count,
	       boot_hartid);
	if (host.harts_ignored)
		printf("monitor: %u more harts ignored (limit %u)\n",
		       host.harts_ignored, DT_MAX_HARTS);

	for (unsigned int i = 0; i < host.memory_count; i++)
		printf("monitor: memory: 0x%lx-0x%lx (%lu MiB)\n",
		       (unsigned long)host.memory[i].base,
		       (unsigned long)(host.memory[i].base +
				       host.memory[i].size - 1),
		       (unsigned long)(host.memory[i].size >> 20));
	for (unsigned int i = 0; i < host.reserved_count; i++)
		printf("monitor: reserved: 0x%lx-0x%lx %s\n",
		       (unsigned long)host.reserved[i].base,
		       (unsigned long)(host.reserved[i].base +
				       host.reserved[i].size - 1),
		       host.reserved[i].name);
	printf("monitor: own memory: 0x%lx-0x%lx\n", (unsigned long)__image_start,
	       (unsigned long)__image_end - 1);
	printf("monitor: timebase: %lu Hz\n", (unsigned long)host.timebase_hz);
	printf("monitor: hypervisor: h=%s sstc=%s aia=%s (all harts)\n",
	       yes_no(host.isa_common, DT_ISA_H),
	       yes_no(host.isa_common, DT_ISA_SSTC),
	       yes_no(host.isa_common, DT_ISA_SSAIA));
	print_isa("isa (all harts)", host.isa_common);
}

static bool config_refused;

static void report_config(void *ctx, const char *node, const char *message)
{
	config_refused = true;
	printf("monitor: config: %s: %s; %s refused\n", node, message,
	       strcmp(node, CONFIG_PATH) ? "guest" : "every guest");
}

/*
 * Where the guests' configuration is: the firmware image's, when it has an
 * intact one, else /chosen/sbivisor of the host tree.
 */
static const void *find_config(const void *fdt)
{
	const void *config = image_boot_open(&firmware_image, &host);

	if (!config)
		return fdt;
	if (fdt_path_offset(fdt, CONFIG_PATH) >= 0)
		printf("monitor: config: from the firmware image; the host tree's %s is ignored\n",
		       CONFIG_PATH);
	return config;
}

/* Guests from the configuration, placed in what the host leaves free. */
static unsigned int read_guests(const void *fdt, const void *config)
{
	struct mem_region in_use[3] = {
		{ .base = (uintptr_t)__image_start,
		  .size = __image_end - __image_start, .what = "the monitor" },
		{ .base = (uintptr_t)fdt, .size = fdt_totalsize(fdt),
		  .what = "the host device tree" },
	};
	struct config_source source = {
		.fdt = config, .host_fdt = fdt,
		.image = config == fdt ? NULL : &firmware_image,
	};
	unsigned int count, regions = 2;

	/* Guests' images inside it are shareable regions too. */
	if (image_boot_region(&firmware_image, &in_use[2].base, &in_use[2].size)) {
		in_use[2].what = "the firmware image";
		in_use[2].shareable = true;
		regions++;
	}
	if (config_init_layout(&host_memory, &host, in_use, regions))
		monitor_fail("host memory: too many regions to track");
	count = config_read_guests(&source, &host, &host_memory, &system_config,
				   configs, CONFIG_MAX_GUESTS, report_config,
				   NULL);
	sched_init(&system_config);
	return guests_create(fdt, &host_memory, &system_config, configs, count);
}

/*
 * sbivisor,test-fault in /chosen/sbivisor makes the monitor fail on
 * purpose, for the tests of its own failure reports
 * (tests/qemu/monitor_fault.t): "trap" loads from address 0, "hang" waits
 * for a lock it holds itself. "slow-stop" is no failure: every guest's
 * hart_stop takes 50 ms (tests/qemu/linux.t). Only the device tree's
 * author can ask.
 */
static void test_fault(const void *config)
{
	static spinlock_t lock;
	int node = fdt_path_offset(config, CONFIG_PATH);
	const char *what = node < 0 ? NULL :
		fdt_getprop(config, node, "sbivisor,test-fault", NULL);

	if (!what)
		return;
	if (!strcmp(what, "slow-stop")) {
		printf("monitor: sbivisor,test-fault \"slow-stop\": each hart_stop takes 50 ms\n");
		vsbi_hsm_slow_stops(50);
		return;
	}
	printf("monitor: sbivisor,test-fault \"%s\": failing on purpose\n", what);
	if (!strcmp(what, "trap")) {
		(void)*(volatile unsigned long *)0;
	} else if (!strcmp(what, "hang")) {
		spin_lock(&lock);
		spin_lock(&lock);
	}
	printf("monitor: sbivisor,test-fault: no such fault; going on\n");
}

void monitor_boot(unsigned long hartid, const void *fdt)
	__attribute__((noreturn));
void monitor_boot(unsigned long hartid, const void *fdt)
{
	char error[DT_ERROR_MAX];
	unsigned int guests, started;
	const void *config;
	struct hart *self = &harts[0];

	console_init();
	printf("\nsbivisor monitor v%s\n", MONITOR_VERSION);

	if (dt_parse_platform(fdt, &host, error))
		monitor_fail("device tree at 0x%lx: %s", (unsigned long)fdt,
			     error);
	print_banner(hartid);
	monitor_probe_features(&host, hartid);
	vsbi_init();

	harts_init(&host, hartid);
	host_irq_probe(fdt, hart_slot_by_intc);
	config = find_config(fdt);
	guests = read_guests(fdt, config);

	started = harts_start(&host);
	self->online = true;
	harts_wait_online(started, host.timebase_hz);
	test_fault(config);

	if (!guests) {
		printf("monitor: %s; powering off\n",
		       config_refused ? "no guest to run" :
					"no guest configured");
		sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
				 config_refused ? SBI_SRST_REASON_SYSTEM_FAILURE :
						  SBI_SRST_REASON_NONE);
		monitor_fail("SBI system reset returned");
	}
	if (self->bound_count)
		hart_run(self);
	monitor_park();
}

void monitor_secondary(unsigned long hartid, struct hart *self)
	__attribute__((noreturn));
void monitor_secondary(unsigned long hartid, struct hart *self)
{
	if (hartid != self->hartid)
		monitor_fail("hart %lu started with the record of hart %lu",
			     hartid, self->hartid);
	hart_report_online(self);
	if (self->bound_count)
		hart_run(self);
	monitor_park();
}
