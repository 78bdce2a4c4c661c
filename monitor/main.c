// SPDX-License-Identifier: BSD-2-Clause
/*
 * Boot flow of the monitor: read the host device tree, check the harts can
 * host guests, bring the other harts up through SBI HSM.
 */

#include <lib/console.h>
#include <lib/format.h>
#include <lib/sbi_call.h>
#include <lib/csr.h>
#include <monitor/dt.h>
#include <monitor/hart.h>
#include <monitor/monitor.h>
#include <sbivisor/sbivisor_ext.h>
#include <stdarg.h>

/* How long the boot hart waits for a started hart to report, in seconds. */
#define HART_ONLINE_TIMEOUT_S	5

_Static_assert(DT_MAX_HARTS <= MONITOR_MAX_HARTS,
	       "every hart the device tree gives needs a slot");

struct hart harts[MONITOR_MAX_HARTS];
char hart_stacks[MONITOR_MAX_HARTS][HART_STACK_SIZE]
	__attribute__((aligned(16)));

bool monitor_has_h;

static struct dt_platform host;

extern char __image_start[], __image_end[];
void monitor_secondary_entry(void);

void monitor_park(void)
{
	for (;;)
		asm volatile("wfi");
}

void monitor_fail(const char *fmt, ...)
{
	static int failing;
	char reason[160];
	va_list ap;

	/* Only the first failure is told: a second one may come from printing. */
	if (!__atomic_exchange_n(&failing, 1, __ATOMIC_RELAXED)) {
		va_start(ap, fmt);
		fmt_vsnprintf(reason, sizeof(reason), fmt, ap);
		va_end(ap);
		printf("monitor: error: %s\n", reason);
	}
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYSTEM_FAILURE);
	monitor_park();
}

static void print_isa(const char *label, uint64_t isa)
{
	char line[128];
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
		       host.harts_ignored, MONITOR_MAX_HARTS);

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
	printf("monitor: image: 0x%lx-0x%lx\n", (unsigned long)__image_start,
	       (unsigned long)__image_end - 1);
	printf("monitor: timebase: %lu Hz\n", (unsigned long)host.timebase_hz);
	printf("monitor: hypervisor: h=%s sstc=%s aia=%s (all harts)\n",
	       yes_no(host.isa_common, DT_ISA_H),
	       yes_no(host.isa_common, DT_ISA_SSTC),
	       yes_no(host.isa_common, DT_ISA_SSAIA));
	print_isa("isa (all harts)", host.isa_common);
}

/*
 * Ask our own firmware extension, when it is there, what M-mode knows of
 * this hart: misa.H is the hardware's word where the device tree may lag.
 * Returns the feature bits, or -1 without the extension.
 */
static long probe_firmware_extension(void)
{
	struct sbiret version, features;

	if (sbi_probe_extension(SBIVISOR_EXT_ID) <= 0) {
		printf("monitor: firmware: no sbivisor extension\n");
		return -1;
	}
	version = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO,
			    SBIVISOR_INFO_VERSION, 0, 0);
	features = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO,
			     SBIVISOR_INFO_FEATURES, 0, 0);
	if (version.error || features.error) {
		printf("monitor: firmware: sbivisor extension GET_INFO failed (%ld, %ld)\n",
		       version.error, features.error);
		return -1;
	}
	printf("monitor: firmware: sbivisor extension v%lu.%lu, features 0x%lx\n",
	       (unsigned long)SBIVISOR_VERSION_GET_MAJOR(version.value),
	       (unsigned long)SBIVISOR_VERSION_GET_MINOR(version.value),
	       (unsigned long)features.value);
	return features.value;
}

static void check_hypervisor_extension(unsigned long boot_hartid)
{
	const struct dt_hart *boot = dt_find_hart(&host, boot_hartid);
	long features = probe_firmware_extension();
	bool dt_h = boot && (boot->isa & DT_ISA_BIT(DT_ISA_H));

	monitor_has_h = features >= 0 ? !!(features & SBIVISOR_FEAT_HART_H) :
					dt_h;
	if (!monitor_has_h)
		monitor_fail("hart %lu has no H extension: sbivisor cannot run guests without it",
			     boot_hartid);
	if (!dt_h)
		printf("monitor: warning: the device tree does not list H for hart %lu; misa does\n",
		       boot_hartid);
}

/* Start every other hart through SBI HSM. Returns how many were started. */
static unsigned int start_secondary_harts(unsigned long boot_hartid)
{
	unsigned int slot = 1;
	struct hart *hart;
	long rc;

	for (unsigned int i = 0; i < host.hart_count; i++) {
		const struct dt_hart *dt = &host.harts[i];

		if (dt->hartid == boot_hartid)
			continue;
		if (slot == MONITOR_MAX_HARTS)
			break;
		if (!(dt->isa & DT_ISA_BIT(DT_ISA_H))) {
			printf("monitor: hart %u has no H extension; left stopped\n",
			       dt->hartid);
			continue;
		}

		hart = &harts[slot];
		hart->hartid = dt->hartid;
		hart->stack_top = (unsigned long)hart_stacks[slot + 1];
		/*
		 * The started hart reads *hart first thing. Order these stores
		 * before the HSM call; the firmware's wake-up of the target
		 * (an IPI taken in M-mode) orders the target's loads after it.
		 */
		__atomic_thread_fence(__ATOMIC_RELEASE);
		rc = sbi_hart_start(dt->hartid,
				    (unsigned long)monitor_secondary_entry,
				    (unsigned long)hart);
		if (rc) {
			printf("monitor: hart %u: HSM hart_start failed (%ld)\n",
			       dt->hartid, rc);
			continue;
		}
		slot++;
	}
	return slot - 1;
}

static unsigned long read_time(void)
{
	return csr_read(CSR_TIME);
}

static unsigned int count_online(unsigned int started)
{
	unsigned int online = 0;

	/* Acquire: pairs with the release in monitor_secondary(). */
	for (unsigned int i = 1; i <= started; i++)
		online += __atomic_load_n(&harts[i].online, __ATOMIC_ACQUIRE);
	return online;
}

static void wait_for_harts(unsigned int started)
{
	unsigned long deadline = read_time() +
				 host.timebase_hz * HART_ONLINE_TIMEOUT_S;

	while (count_online(started) < started && read_time() < deadline)
		;
	for (unsigned int i = 1; i <= started; i++)
		if (!__atomic_load_n(&harts[i].online, __ATOMIC_ACQUIRE))
			printf("monitor: hart %lu did not come online\n",
			       harts[i].hartid);
	printf("monitor: harts online: %u of %u\n", count_online(started) + 1,
	       host.hart_count);
}

void monitor_boot(unsigned long hartid, const void *fdt)
	__attribute__((noreturn));
void monitor_boot(unsigned long hartid, const void *fdt)
{
	char error[DT_ERROR_MAX];
	unsigned int started;

	harts[0].hartid = hartid;
	console_init();
	printf("\nsbivisor monitor v%s\n", MONITOR_VERSION);

	if (dt_parse_platform(fdt, &host, error))
		monitor_fail("device tree at 0x%lx: %s", (unsigned long)fdt,
			     error);
	print_banner(hartid);
	check_hypervisor_extension(hartid);

	started = start_secondary_harts(hartid);
	harts[0].online = true;
	wait_for_harts(started);

	printf("monitor: no guest configured; powering off\n");
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_NONE);
	monitor_fail("SBI system reset returned");
}

void monitor_secondary(unsigned long hartid, struct hart *self)
	__attribute__((noreturn));
void monitor_secondary(unsigned long hartid, struct hart *self)
{
	if (hartid != self->hartid)
		monitor_fail("hart %lu started with the record of hart %lu",
			     hartid, self->hartid);
	printf("monitor: hart %lu online\n", hartid);
	/* Release: the line above is out before the boot hart counts us. */
	__atomic_store_n(&self->online, true, __ATOMIC_RELEASE);
	monitor_park();
}
