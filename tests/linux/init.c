// SPDX-License-Identifier: BSD-2-Clause
/*
 * The init of the Linux test guest: checks what Linux makes of the SBI
 * it runs on and prints TAP on the console, then powers off.
 *
 * Kernel command line (tests/qemu/linux.t sets it):
 *   expect_cpus=N   harts Linux must bring up
 *   expect_impl=ID  the SBI implementation ID Linux must report
 *   boot_marker=PA  a physical address outside Linux's memory (mem=) that
 *                   survives a reboot: first boot writes it and reboots,
 *                   the second boot finds it and reports
 *   native          on plain OpenSBI: skip what only sbivisor serves there
 *   boot_only       print the first line and power off (make bench: the
 *                   time from reset to here is Linux's boot cost)
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BOOT_MAGIC	0x5342564c494e5558ULL	/* "SBVLINUX" */

static unsigned int tests, failed;
static char cmdline[1024];

static void ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %u - ", cond ? "ok" : "not ok", ++tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		failed++;
}

static void skip(const char *fmt, ...)
{
	va_list ap;

	printf("ok %u # skip ", ++tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static long arg(const char *name, long fallback)
{
	const char *p = strstr(cmdline, name);

	return p ? strtol(p + strlen(name), NULL, 0) : fallback;
}

static bool native(void)
{
	return strstr(cmdline, " native") || !strncmp(cmdline, "native", 6);
}

static double monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ boot log */

static char klog[1 << 17];

static void check_boot_log(void)
{
	static const char *const detected[] = {
		"SBI TIME extension detected", "SBI IPI extension detected",
		"SBI RFENCE extension detected", "SBI SRST extension detected",
		"SBI DBCN extension detected", "SBI HSM extension detected",
	};
	static const char *const bad[] = {
		"failed to come online", "SBI error", "sbi_err", "not available",
		"Unable to", "unable to", "BUG", "WARNING", "Oops",
	};
	char want[64];
	int n = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);

	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, klog, sizeof(klog) - 1);
	klog[n > 0 ? n : 0] = '\0';
	ok(strstr(klog, "SBI specification v2.0 detected"), "boot log: SBI specification v2.0");
	snprintf(want, sizeof(want), "SBI implementation ID=0x%lx", arg("expect_impl=", 0));
	ok(strstr(klog, want), "boot log: %s", want);
	for (unsigned int i = 0; i < sizeof(detected) / sizeof(detected[0]); i++)
		ok(strstr(klog, detected[i]), "boot log: %s", detected[i]);
	if (native())
		skip("plain OpenSBI on QEMU virt serves no SBI SUSP");
	else
		ok(strstr(klog, "SBI SUSP extension detected"), "boot log: SBI SUSP extension detected");
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *at = strstr(klog, bad[i]);

		if (at) {
			const char *line = at;

			while (line > klog && line[-1] != '\n')
				line--;
			printf("# %.*s\n", (int)(strchrnul(at, '\n') - line), line);
		}
		ok(!at, "boot log: no \"%s\"", bad[i]);
	}
}

/* ---------------------------------------------------------------- CPUs */

/*
 * /proc/cpuinfo: one entry per hart, each with the machine IDs Linux asked
 * SBI BASE for (the monitor passes the host's on).
 */
static void check_cpuinfo(unsigned int expected)
{
	static char info[1 << 14];
	unsigned int processors = 0, vendor_ids = 0;
	const char *p;

	if (read_file("/proc/cpuinfo", info, sizeof(info)) < 0)
		info[0] = '\0';
	for (p = info; (p = strstr(p, "processor\t")); p++)
		processors++;
	for (p = info; (p = strstr(p, "mvendorid\t")); p++)
		vendor_ids++;
	ok(processors == expected, "/proc/cpuinfo: %u processors (expected %u)", processors,
	   expected);
	ok(vendor_ids == expected && strstr(info, "marchid\t") && strstr(info, "mimpid\t"),
	   "/proc/cpuinfo: mvendorid, marchid, mimpid from SBI BASE");
}

static unsigned int online_cpus(void)
{
	char buf[256];
	unsigned int count = 0, a, b;
	char *p = buf;

	if (read_file("/sys/devices/system/cpu/online", buf, sizeof(buf)) < 0)
		return 0;
	/* "0-3" or "0,2-3" */
	while (*p) {
		int used;

		if (sscanf(p, "%u-%u%n", &a, &b, &used) == 2)
			count += b - a + 1;
		else if (sscanf(p, "%u%n", &a, &used) == 1)
			count++;
		else
			break;
		p += used;
		if (*p == ',')
			p++;
		else
			break;
	}
	return count;
}

static void check_cpus(unsigned int expected)
{
	char path[128], buf[16];

	ok(online_cpus() == expected, "%u CPUs online (expected %u)", online_cpus(), expected);
	for (unsigned int cpu = 1; cpu < expected; cpu++) {
		bool off, on;

		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/online", cpu);
		off = !write_file(path, "0") && read_file(path, buf, sizeof(buf)) > 0 && buf[0] == '0';
		on = !write_file(path, "1") && read_file(path, buf, sizeof(buf)) > 0 && buf[0] == '1';
		ok(off && on, "CPU %u offlined and onlined again (HSM stop and start)", cpu);
	}
	ok(online_cpus() == expected, "all %u CPUs online again", expected);
}

/* ------------------------------------------------------------- cpuidle */

static unsigned long idle_usage(unsigned int cpu, unsigned int state)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path),
		 "/sys/devices/system/cpu/cpu%u/cpuidle/state%u/usage", cpu, state);
	return read_file(path, buf, sizeof(buf)) > 0 ? strtoul(buf, NULL, 10) : 0;
}

static void idle_state_allow(unsigned int cpus, unsigned int state, bool allow)
{
	char path[128];

	for (unsigned int cpu = 0; cpu < cpus; cpu++) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%u/cpuidle/state%u/disable", cpu, state);
		write_file(path, allow ? "0" : "1");
	}
}

/* Uses of `state` on all CPUs while the system idles for a second. */
static unsigned long idle_uses(unsigned int cpus, unsigned int state)
{
	unsigned long before = 0, after = 0;

	for (unsigned int cpu = 0; cpu < cpus; cpu++)
		before += idle_usage(cpu, state);
	for (int i = 0; i < 10; i++)
		usleep(100000);
	for (unsigned int cpu = 0; cpu < cpus; cpu++)
		after += idle_usage(cpu, state);
	return after - before;
}

/*
 * Each SBI idle state in turn. The governor (ladder here) walks down one
 * state at a time and settles in the deepest it may use, so a state is
 * exercised by making it the deepest allowed: first the retentive one with
 * the non-retentive one disabled, then the non-retentive one.
 */
static void check_cpuidle(unsigned int cpus)
{
	char path[128], name[64];
	unsigned int states = 0;

	for (; states < 8; states++) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu0/cpuidle/state%u/name", states);
		if (read_file(path, name, sizeof(name)) < 0)
			break;
		name[strcspn(name, "\n")] = '\0';
		printf("# cpuidle state%u: %s\n", states, name);
	}
	if (native() && states == 0) {
		skip("no idle-states in QEMU's own device tree: no cpuidle");
		return;
	}
	ok(states == 3, "cpuidle: %u states (WFI, retentive, non-retentive)", states);
	if (states != 3)
		return;
	idle_state_allow(cpus, 2, false);
	ok(idle_uses(cpus, 1) > 0, "cpuidle: the retentive state (SBI HSM suspend 0x0) used");
	idle_state_allow(cpus, 2, true);
	ok(idle_uses(cpus, 2) > 0,
	   "cpuidle: the non-retentive state (SBI HSM suspend 0x80000000) used");
}

/* ------------------------------------------------------------- suspend */

/*
 * Suspend to RAM: "mem" in /sys/power/state with "deep" in mem_sleep is
 * what Linux offers when SBI SUSP is there ("s2idle" alone is not SUSP).
 */
static void check_suspend(void)
{
	char states[128], sleep[128];
	double t0, t1, t2;

	if (read_file("/sys/power/state", states, sizeof(states)) < 0)
		states[0] = '\0';
	if (read_file("/sys/power/mem_sleep", sleep, sizeof(sleep)) < 0)
		sleep[0] = '\0';
	states[strcspn(states, "\n")] = sleep[strcspn(sleep, "\n")] = '\0';
	if (native() && !strstr(sleep, "deep")) {
		skip("plain OpenSBI on QEMU virt has no SBI SUSP: no deep sleep");
		return;
	}
	ok(strstr(states, "mem") && strstr(sleep, "deep"),
	   "'mem' in /sys/power/state (%s), 'deep' in mem_sleep (%s)", states, sleep);
	if (write_file("/sys/power/mem_sleep", "deep")) {
		ok(false, "suspend to RAM: cannot select deep sleep");
		return;
	}
	t0 = monotonic();
	/* The monitor's wake-up source: the guest's wakeup-after-suspend-ms. */
	ok(!write_file("/sys/power/state", "mem"), "suspend to RAM and back (SBI SUSP)");
	t1 = monotonic();
	/* After resume the clock moves and timers fire: a 100 ms sleep ends. */
	usleep(100000);
	t2 = monotonic();
	ok(t1 >= t0 && t2 - t1 >= 0.1,
	   "timekeeping after resume: monotonic %.3f s across it, a 100 ms sleep took %.3f s",
	   t1 - t0, t2 - t1);
	ok(online_cpus() == (unsigned int)arg("expect_cpus=", 1), "every CPU back online after resume");
}

/* -------------------------------------------------------------- reboot */

static volatile uint64_t *boot_marker(void)
{
	long pa = arg("boot_marker=", 0);
	int fd;
	void *map;

	if (!pa)
		return NULL;
	fd = open("/dev/mem", O_RDWR | O_SYNC);
	if (fd < 0)
		return NULL;
	map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, pa & ~4095L);
	close(fd);
	return map == MAP_FAILED ? NULL : (volatile uint64_t *)((char *)map + (pa & 4095));
}

/* The time CSR: timebase ticks since the machine's reset (guests see host time). */
static uint64_t time_since_reset(void)
{
	uint64_t t;

	asm volatile("rdtime %0" : "=r"(t));
	return t;
}

int main(void)
{
	uint64_t reached = time_since_reset();
	volatile uint64_t *marker;
	unsigned int cpus;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	read_file("/proc/cmdline", cmdline, sizeof(cmdline));
	cpus = arg("expect_cpus=", 1);
	printf("init: sbivisor Linux test, %u CPUs expected%s; reached at time %llu\n", cpus,
	       native() ? ", on plain OpenSBI" : "", (unsigned long long)reached);
	if (strstr(cmdline, "boot_only")) {
		reboot(RB_POWER_OFF);
		return 1;
	}

	marker = boot_marker();
	if (marker && *marker == BOOT_MAGIC) {
		*marker = 0;
		printf("init: second boot, after the reboot\n");
		ok(true, "reboot: the guest came back");
		printf("1..%u\n", tests);
		sync();
		reboot(RB_POWER_OFF);
		return 1;
	}

	check_boot_log();
	check_cpuinfo(cpus);
	check_cpus(cpus);
	check_cpuidle(cpus);
	check_suspend();
	printf("1..%u\n", tests);
	printf("init: %s\n", failed ? "FAILED" : "all passed");
	fflush(stdout);
	if (marker) {
		*marker = BOOT_MAGIC;
		printf("init: rebooting\n");
		fflush(stdout);
		reboot(RB_AUTOBOOT);
	}
	reboot(RB_POWER_OFF);
	return 1;
}
