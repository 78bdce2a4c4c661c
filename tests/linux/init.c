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
 *   disk=DEV        an ext2 disk the test made, with /hello.txt: read it,
 *                   write files, read them back from the disk; after the
 *                   reboot, find what the first boot wrote
 *   net=ADDR        eth0 as ADDR/24, then ping 10.0.2.2 (QEMU's user-mode
 *                   network gateway)
 *   vector=N        v must be in /proc/cpuinfo's isa; then three processes
 *                   compute with vector registers at once, N rounds each,
 *                   every result checked and v0-v7 kept throughout
 *   native          on plain OpenSBI: skip what only sbivisor serves there
 *   boot_only       print the first line and power off (make bench: the
 *                   time from reset to here is Linux's boot cost)
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sched.h>
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

/* A word of the command line after `name`, or NULL. */
static const char *arg_word(const char *name, char *buf, size_t size)
{
	const char *p = strstr(cmdline, name);
	size_t n;

	if (!p)
		return NULL;
	p += strlen(name);
	n = strcspn(p, " \n");
	if (n >= size)
		n = size - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
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
	if (native()) {
		skip("plain OpenSBI on QEMU virt serves no SBI SUSP");
		skip("plain OpenSBI 1.6 serves no SBI STA");
	} else {
		ok(strstr(klog, "SBI SUSP extension detected"), "boot log: SBI SUSP extension detected");
		ok(strstr(klog, "SBI STA extension detected") &&
		   strstr(klog, "Computing paravirt steal-time"),
		   "boot log: SBI STA extension detected, computing paravirt steal-time");
	}
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

/* Whether /proc/cpuinfo's first isa line names single-letter extension `ext`. */
static bool isa_has_letter(char ext)
{
	static char info[1 << 14];
	const char *isa;

	if (read_file("/proc/cpuinfo", info, sizeof(info)) < 0 ||
	    !(isa = strstr(info, "isa\t\t: rv64")))
		return false;
	for (isa += strlen("isa\t\t: rv64"); *isa && *isa != '_' && *isa != '\n'; isa++)
		if (*isa == ext)
			return true;
	return false;
}

#define VECTOR_ELEMS	16	/* e32, LMUL 4: VLEN 128 and up */
#define VECTOR_ADDS	20000	/* a round's adds: long enough to be preempted */

/*
 * One process's vector work. Each round loads a pattern of its own into
 * v0-v7 and two random arrays into v8 and v16, adds v8 to v16 VECTOR_ADDS
 * times, then checks every sum and that v0-v7 still hold the pattern: all
 * in one stretch of code with no system call (a system call may discard
 * vector state), where preemption by the other processes, and the other
 * vCPUs and guests of the hart, must not touch it. Returns the rounds
 * that went wrong.
 */
static unsigned int vector_work(uint32_t seed, unsigned int rounds)
{
	uint32_t pattern[VECTOR_ELEMS * 2], kept[VECTOR_ELEMS * 2];
	uint32_t a[VECTOR_ELEMS], b[VECTOR_ELEMS], sum[VECTOR_ELEMS];
	unsigned long elems = VECTOR_ELEMS, vl, left;
	unsigned int bad = 0;

	for (unsigned int r = 0; r < rounds; r++) {
		bool good;

		for (unsigned int i = 0; i < VECTOR_ELEMS * 2; i++)
			pattern[i] = seed * 0x9e3779b9U + i + r;
		for (unsigned int i = 0; i < VECTOR_ELEMS; i++) {
			seed = seed * 1103515245U + 12345U;
			a[i] = seed;
			b[i] = seed >> 7 ^ r;
		}
		left = VECTOR_ADDS;
		asm volatile(".option push\n.option arch, +v\n"
			     "vsetvli %0, %8, e32, m4, ta, ma\n"
			     "vle32.v v0, (%2)\n"
			     "vle32.v v4, (%3)\n"
			     "vle32.v v8, (%4)\n"
			     "vle32.v v16, (%5)\n"
			     "1: vadd.vv v16, v16, v8\n"
			     "addi %1, %1, -1\n"
			     "bnez %1, 1b\n"
			     "vse32.v v16, (%6)\n"
			     "vse32.v v0, (%7)\n"
			     "vse32.v v4, (%9)\n"
			     ".option pop"
			     : "=&r"(vl), "+r"(left)
			     : "r"(pattern), "r"(pattern + VECTOR_ELEMS), "r"(a), "r"(b),
			       "r"(sum), "r"(kept), "r"(elems), "r"(kept + VECTOR_ELEMS)
			     : "memory");
		good = vl == VECTOR_ELEMS && !memcmp(kept, pattern, sizeof(pattern));
		for (unsigned int i = 0; i < VECTOR_ELEMS; i++)
			good &= sum[i] == b[i] + a[i] * (uint32_t)VECTOR_ADDS;
		bad += !good;
		sched_yield();
	}
	return bad;
}

static void check_vector(void)
{
	unsigned int rounds = arg("vector=", 0), bad = 0, children = 0;
	pid_t pid[2];
	int status;

	if (!rounds)
		return;
	ok(isa_has_letter('v'), "vector: /proc/cpuinfo's isa lists v");
	for (unsigned int c = 0; c < 2; c++) {
		pid[c] = fork();
		if (pid[c] == 0)
			_exit(vector_work(100 + c, rounds) ? 1 : 0);
		children += pid[c] > 0;
	}
	bad = vector_work(7, rounds);
	for (unsigned int c = 0; c < 2; c++)
		if (pid[c] > 0 && (waitpid(pid[c], &status, 0) != pid[c] ||
				   !WIFEXITED(status) || WEXITSTATUS(status)))
			bad++;
	ok(children == 2 && !bad,
	   "vector: 3 processes, %u rounds each of %u vadd.vv, every sum right and v0-v7 kept (%u went wrong)",
	   rounds, VECTOR_ADDS, bad);
}

/* The steal column of /proc/stat's "cpu" line (all CPUs), in USER_HZ ticks. */
static unsigned long long stolen_ticks(void)
{
	static char stat[4096];
	unsigned long long v[8] = { 0 };

	if (read_file("/proc/stat", stat, sizeof(stat)) < 0 ||
	    sscanf(stat, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
		   &v[3], &v[4], &v[5], &v[6], &v[7]) != 8)
		return ~0ULL;
	return v[7];
}

static void spin_for(unsigned int ms)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	do
		clock_gettime(CLOCK_MONOTONIC, &now);
	while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 < ms);
}

/*
 * SBI STA (steal=shared|dedicated): every CPU busy for 2 s. With the
 * vCPUs taking turns on one hart, /proc/stat's steal rises by about half
 * of that; on harts of their own it stays 0.
 */
static void check_steal(unsigned int cpus)
{
	char how[16];
	unsigned long long before, after;
	pid_t pid[8];
	int status;

	if (!arg_word("steal=", how, sizeof(how)))
		return;
	before = stolen_ticks();
	for (unsigned int c = 1; c < cpus && c < 8; c++) {
		pid[c] = fork();
		if (pid[c] == 0) {
			spin_for(2000);
			_exit(0);
		}
	}
	spin_for(2000);
	for (unsigned int c = 1; c < cpus && c < 8; c++)
		if (pid[c] > 0)
			waitpid(pid[c], &status, 0);
	after = stolen_ticks();
	printf("init: steal: %llu ticks before, %llu after 2 s busy on %u CPUs\n", before, after,
	       cpus);
	if (!strcmp(how, "shared"))
		ok(before != ~0ULL && after != ~0ULL && after > before,
		   "steal time: vCPUs sharing a hart: /proc/stat steal rose by %llu ticks",
		   after - before);
	else
		ok(before == 0 && after == 0,
		   "steal time: vCPUs on harts of their own: /proc/stat steal stays 0 (%llu)", after);
}

#define ONLINE_ATTEMPTS	20

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

		unsigned int attempts = 0;

		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/online", cpu);
		off = !write_file(path, "0") && read_file(path, buf, sizeof(buf)) > 0 && buf[0] == '0';
		/*
		 * Linux reports a CPU dead before its hart calls HSM
		 * hart_stop, and asks the SBI once whether it stopped (its
		 * "may not have stopped" line): a start meanwhile finds the
		 * hart still STARTED. A user tries again; linux.t accepts a
		 * second attempt only after that line.
		 */
		do {
			if (attempts++)
				usleep(50000);
			on = !write_file(path, "1") && read_file(path, buf, sizeof(buf)) > 0 &&
			     buf[0] == '1';
		} while (!on && attempts < ONLINE_ATTEMPTS);
		if (attempts > 1)
			printf("init: CPU %u online at attempt %u\n", cpu, attempts);
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

/* ------------------------------------------------------------- devices */

#define DISK_HELLO	"hello from the host\n"
#define DISK_NOTE	"written by Linux under sbivisor\n"
#define DISK_BIG_SIZE	(1 << 20)

static int create_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, data, size);
	if (fsync(fd) || close(fd) || n != (ssize_t)size)
		return -1;
	return 0;
}

static bool big_file_matches(const char *path, unsigned char *buf)
{
	int fd = open(path, O_RDONLY);
	ssize_t got = 0, n;

	if (fd < 0)
		return false;
	while (got < DISK_BIG_SIZE && (n = read(fd, buf + got, DISK_BIG_SIZE - got)) > 0)
		got += n;
	close(fd);
	if (got != DISK_BIG_SIZE)
		return false;
	for (size_t i = 0; i < DISK_BIG_SIZE; i++)
		if (buf[i] != (unsigned char)(i * 7 + i / 4096))
			return false;
	return true;
}

/*
 * A passed-through virtio disk: reads of what the host wrote, writes read
 * back from the disk itself (remounted, so not from the page cache), and
 * after the reboot what the first boot left there.
 */
static void check_disk(bool second_boot)
{
	static unsigned char big[DISK_BIG_SIZE];
	char dev[64], text[128];
	int rc;

	if (!arg_word("disk=", dev, sizeof(dev)))
		return;
	mkdir("/mnt", 0755);
	rc = mount(dev, "/mnt", "ext2", 0, NULL);
	ok(rc == 0, "disk: %s mounts (ext2)%s%s", dev, rc ? ": " : "", rc ? strerror(errno) : "");
	if (rc)
		return;
	if (second_boot) {
		ok(read_file("/mnt/guest.txt", text, sizeof(text)) > 0 &&
		   !strcmp(text, DISK_NOTE),
		   "disk: after the reboot, /guest.txt holds what the first boot wrote");
		ok(big_file_matches("/mnt/big.bin", big),
		   "disk: and /big.bin its 1 MiB");
	} else {
		ok(read_file("/mnt/hello.txt", text, sizeof(text)) > 0 &&
		   !strcmp(text, DISK_HELLO), "disk: /hello.txt reads as the host wrote it");
		for (size_t i = 0; i < DISK_BIG_SIZE; i++)
			big[i] = (unsigned char)(i * 7 + i / 4096);
		ok(!create_file("/mnt/guest.txt", DISK_NOTE, strlen(DISK_NOTE)) &&
		   !create_file("/mnt/big.bin", big, DISK_BIG_SIZE),
		   "disk: /guest.txt and a 1 MiB /big.bin written and synced");
		memset(big, 0, sizeof(big));
		ok(!umount("/mnt") && !mount(dev, "/mnt", "ext2", 0, NULL) &&
		   big_file_matches("/mnt/big.bin", big),
		   "disk: remounted, /big.bin reads back from the disk");
	}
	sync();
	ok(!umount("/mnt"), "disk: unmounts");
}

static uint16_t checksum(const void *data, size_t len)
{
	const uint16_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; len -= 2)
		sum += *p++;
	if (len)
		sum += *(const uint8_t *)p;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* One echo request to `to`; true if its reply came within a second. */
static bool ping_once(int sock, const struct sockaddr_in *to, uint16_t seq)
{
	struct icmphdr req = { .type = ICMP_ECHO };
	unsigned char reply[256];
	struct pollfd pfd = { .fd = sock, .events = POLLIN };
	double until = monotonic() + 1.0;

	req.un.echo.id = htons(0x5342);
	req.un.echo.sequence = htons(seq);
	req.checksum = checksum(&req, sizeof(req));
	if (sendto(sock, &req, sizeof(req), 0, (const struct sockaddr *)to,
		   sizeof(*to)) != sizeof(req))
		return false;
	while (monotonic() < until && poll(&pfd, 1, 100) >= 0) {
		ssize_t n = recv(sock, reply, sizeof(reply), MSG_DONTWAIT);
		const struct iphdr *ip = (const void *)reply;
		const struct icmphdr *icmp;

		if (n < (ssize_t)sizeof(*ip) || n < ip->ihl * 4 + (ssize_t)sizeof(*icmp))
			continue;
		icmp = (const void *)(reply + ip->ihl * 4);
		if (icmp->type == ICMP_ECHOREPLY && icmp->un.echo.id == req.un.echo.id &&
		    icmp->un.echo.sequence == req.un.echo.sequence)
			return true;
	}
	return false;
}

static int set_addr(int sock, const char *ifname, unsigned long request,
		    const char *addr)
{
	struct ifreq ifr = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	sin->sin_family = AF_INET;
	if (inet_pton(AF_INET, addr, &sin->sin_addr) != 1)
		return -1;
	return ioctl(sock, request, &ifr);
}

/* A passed-through virtio network card: up, and the gateway answers ping. */
static void check_net(void)
{
	struct sockaddr_in gateway = { .sin_family = AF_INET };
	struct ifreq ifr = { 0 };
	char addr[32];
	int sock, raw, tries = 0;
	bool up, answered = false;

	if (!arg_word("net=", addr, sizeof(addr)))
		return;
	sock = socket(AF_INET, SOCK_DGRAM, 0);
	strcpy(ifr.ifr_name, "eth0");
	up = sock >= 0 && !set_addr(sock, "eth0", SIOCSIFADDR, addr) &&
	     !set_addr(sock, "eth0", SIOCSIFNETMASK, "255.255.255.0") &&
	     !ioctl(sock, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	up = up && !ioctl(sock, SIOCSIFFLAGS, &ifr);
	ok(up, "net: eth0 up as %s/24", addr);
	if (sock >= 0)
		close(sock);

	raw = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	inet_pton(AF_INET, "10.0.2.2", &gateway.sin_addr);
	/* The first may go while ARP resolves the gateway. */
	while (raw >= 0 && !answered && tries < 5)
		answered = ping_once(raw, &gateway, ++tries);
	ok(answered, "net: 10.0.2.2, QEMU's user-mode gateway, answers ping (try %d)", tries);
	if (raw >= 0)
		close(raw);
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
		check_disk(true);
		printf("1..%u\n", tests);
		sync();
		reboot(RB_POWER_OFF);
		return 1;
	}

	check_boot_log();
	check_cpuinfo(cpus);
	check_vector();
	check_steal(cpus);
	check_cpus(cpus);
	check_cpuidle(cpus);
	check_suspend();
	check_disk(false);
	check_net();
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
