// SPDX-License-Identifier: BSD-2-Clause
/*
 * The fuzzing guest: a hostile guest that must not hurt the monitor.
 *
 * First boot, TAP:
 *  - seeded random SBI calls: EIDs served, near the served ones, legacy,
 *    vendor and random; random FIDs; arguments from a pool of edge values,
 *    pointers into, around and out of guest RAM, huge sizes, misaligned
 *    addresses. Every error must be one of SBI 2.0's codes, an extension
 *    that probes 0 must answer NOT_SUPPORTED, and every register but a0/a1
 *    must come back as it went in (fuzz_call.S). Calls that would end,
 *    suspend or reboot the guest, or print, are not made (counted apart).
 *  - every CSR number read, and the hypervisor- and machine-level ones
 *    written, from VS-mode: those must trap, as illegal instructions.
 *  - an interrupt storm on itself: IPIs and near timers, none lost.
 * Then one wild access per boot (loads, stores, jumps outside its RAM: the
 * firmware, the monitor, devices it was not given, the edges of its RAM,
 * the top of the guest-physical space): each must stop it, and with
 * restart-on-fault the monitor restarts it for the next. A record in its
 * RAM above the image carries the count across restarts.
 *
 * With a device given to it, its interrupt controller is fuzzed too
 * (irqchip=N accesses, default 20000): random accesses of every width all
 * over the PLIC's or APLIC's window, random IMSIC CSRs through siselect
 * and sireg, stopei, and random identities written to its IMSIC page.
 * Each must be carried out or fault as the hardware would (access fault
 * for a width the registers do not have, illegal instruction for an
 * interrupt-file register that does not exist), never stop the guest.
 *
 * bootargs: seed=N (default 1) calls=N (default 100000) storm=N
 * (default 2000) wild=0 (skip the wild accesses); attack=0xA,0xB,...
 * (up to 4 more addresses, loaded from and stored to: another guest's
 * host RAM, say).
 *
 * isa=1: only the ISA its cpu node lists, tried (tests/guests/fuzz_isa.c;
 * the main run tries it too).
 *
 * victim=N: the other side of the isolation test instead. Fill a MiB with
 * a pattern, then for N seconds check it and the guest's own code over and
 * over; report whether anything changed.
 */

#include <libfdt.h>
#include <lib/format.h>
#include <sbivisor/sbi.h>
#include <sbivisor/sbivisor_ext.h>
#include <string.h>

#include "devirq.h"
#include "fuzz_run.h"
#include "guest.h"

#define SBI_LAST_ERROR	SBI_ERR_NO_SHMEM	/* SBI 2.0's last error code */
#define WILD_MAGIC	0x5342565746555a5aULL	/* "SBVWFUZZ" */
#define WAIT_S		10	/* the longest any interrupt may take */

struct fuzz_call {
	unsigned long in[8];	/* a0-a7: a6 the FID, a7 the EID */
	unsigned long pattern;
	unsigned long sp;	/* sp at the ecall, from fuzz_call.S */
	unsigned long out[32];
};

void fuzz_ecall(struct fuzz_call *c);

static const char *bootargs = "";
uint64_t ram_base, ram_size, timebase_hz = 10000000;
static uint64_t rng;

uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

unsigned long arg_dec(const char *name, unsigned long fallback)
{
	return guest_bootarg(bootargs, name, fallback);
}

static unsigned int arg_hex_list(const char *name, unsigned long *out, unsigned int max)
{
	const char *p = strstr(bootargs, name);
	unsigned int n = 0;

	if (!p)
		return 0;
	p += strlen(name);
	while (n < max && p[0] == '0' && p[1] == 'x') {
		unsigned long v = 0;

		for (p += 2;; p++) {
			int d = (*p >= '0' && *p <= '9') ? *p - '0' :
				(*p >= 'a' && *p <= 'f') ? *p - 'a' + 10 : -1;

			if (d < 0)
				break;
			v = v * 16 + d;
		}
		out[n++] = v;
		if (*p != ',')
			break;
		p++;
	}
	return n;
}

static unsigned long now(void)
{
	return csr_read(CSR_TIME);
}

/* ------------------------------------------------------------ SBI calls */

static const unsigned long known_eids[] = {
	SBI_EXT_BASE, SBI_EXT_TIME, SBI_EXT_IPI, SBI_EXT_RFENCE, SBI_EXT_HSM,
	SBI_EXT_SRST, SBI_EXT_SUSP, SBI_EXT_DBCN, SBIVISOR_EXT_ID,
	/* Standard ones the monitor does not serve: PMU, CPPC, NACL, STA, SSE, FWFT, DBTR, MPXY. */
	0x504D55, 0x43505043, 0x4E41434C, 0x535441, 0x535345, 0x46574654,
	0x44425452, 0x4D505859,
};
#define KNOWN_EIDS	(sizeof(known_eids) / sizeof(known_eids[0]))

static unsigned long pick_eid(void)
{
	uint64_t r = rnd();

	switch (r % 10) {
	case 0: case 1: case 2: case 3:
		return known_eids[(r >> 8) % KNOWN_EIDS];
	case 4: case 5:
		return (r >> 8) & 0xf;				/* legacy */
	case 6:
		return known_eids[(r >> 8) % KNOWN_EIDS] + ((r >> 16) & 7) - 3;
	case 7:
		/* Experimental, vendor, firmware ranges. */
		return 0x08000000 + ((r >> 8) % 3) * 0x01000000 + ((r >> 16) & 0xffffff);
	case 8:
		return (uint32_t)(r >> 8);
	default:
		return r;	/* the upper half too: no EID has it */
	}
}

static unsigned long pick_fid(void)
{
	uint64_t r = rnd();

	if (r % 5 < 3)
		return (r >> 8) & 7;
	if (r % 5 == 3)
		return (r >> 8) & 31;
	return r >> 8 | (r << 56);
}

static unsigned long pick_arg(void)
{
	uint64_t r = rnd(), in_ram = ram_base + (r >> 8) % ram_size;

	switch (r % 16) {
	case 0: return 0;
	case 1: return 1;
	case 2: return -1UL;
	case 3: return (r >> 8) & 63;			/* small */
	case 4: return 0x80000000UL;
	case 5: return 0xffffffffUL;
	case 6: return in_ram & ~7UL;			/* in RAM, aligned */
	case 7: return in_ram;				/* in RAM, any alignment */
	case 8: return ram_base - 1 - ((r >> 8) & 15);	/* just below RAM */
	case 9: return ram_base + ram_size - ((r >> 8) & 15);	/* at its end */
	case 10: return 1UL << ((r >> 8) % 64);		/* huge sizes, masks */
	case 11: return 0x80200000UL;			/* the monitor's host address */
	case 12: return -1UL >> 1;
	default: return r;
	}
}

static bool in_ram(unsigned long addr, unsigned long len)
{
	return addr >= ram_base && len <= ram_size && addr - ram_base <= ram_size - len;
}

/*
 * Calls that would legitimately end, reboot or suspend this guest, or
 * print on the console: not made. The types are 32-bit values; the upper
 * bits are not looked at here, so a monitor that ignored them is safe too.
 */
static bool call_is_drastic(unsigned long eid, unsigned long fid, const unsigned long *a)
{
	uint32_t type = a[0];

	switch (eid) {
	case SBI_EXT_0_1_SHUTDOWN:
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
		return true;
	case SBI_EXT_SRST:
		return fid == SBI_SRST_SYSTEM_RESET && type <= SBI_SRST_TYPE_WARM_REBOOT;
	case SBI_EXT_HSM:
		return fid == SBI_HSM_HART_STOP ||
		       (fid == SBI_HSM_HART_SUSPEND &&
			(type == 0 || type == SBI_HSM_SUSP_NON_RET_BIT));
	case SBI_EXT_SUSP:
		return fid == SBI_SUSP_SYSTEM_SUSPEND && type == 0;
	case SBI_EXT_DBCN:
		return fid == SBI_DBCN_CONSOLE_WRITE_BYTE ||
		       (fid == SBI_DBCN_CONSOLE_WRITE && a[0] &&
			(a[2] || in_ram(a[1], a[0]) || a[0] > ram_size));
	default:
		return false;
	}
}

struct sbi_fuzz_result {
	unsigned long calls, skipped, legacy;
	unsigned long by_error[-SBI_LAST_ERROR + 1];
	unsigned long bad_error, not_unsupported, clobbered;
};

static void report_call(const char *what, const struct fuzz_call *c, unsigned long n)
{
	/* The first few of each kind, enough to replay and read. */
	if (n <= 3)
		printf("# %s: call %lu eid 0x%lx fid 0x%lx a0 0x%lx a1 0x%lx a2 0x%lx -> a0 0x%lx a1 0x%lx\n",
		       what, n, c->in[7], c->in[6], c->in[0], c->in[1], c->in[2],
		       c->out[10], c->out[11]);
}

/* Every register but the results as fuzz_call.S set it. */
static int first_clobbered(const struct fuzz_call *c, bool legacy)
{
	for (int n = 1; n < 32; n++) {
		unsigned long want;

		if (n == 10 || (n == 11 && !legacy))
			continue;
		if (n == 2)
			want = c->sp;
		else if (n == 4)
			want = this_cpu();
		else if (n >= 11 && n <= 17)
			want = c->in[n - 10];
		else
			want = c->pattern + n;
		if (c->out[n] != want)
			return n;
	}
	return 0;
}

static void fuzz_sbi(unsigned long calls, struct sbi_fuzz_result *res)
{
	struct fuzz_call c;

	memset(res, 0, sizeof(*res));
	for (unsigned long i = 0; i < calls; i++) {
		unsigned long eid = pick_eid(), fid = pick_fid();
		bool legacy = eid <= 0xf;
		long err, probed;
		int reg;

		for (int a = 0; a < 6; a++)
			c.in[a] = pick_arg();
		c.in[6] = fid;
		c.in[7] = eid;
		c.pattern = rnd() & ~0xffUL;
		if (call_is_drastic(eid, fid, c.in)) {
			res->skipped++;
			continue;
		}
		probed = sbi_probe_extension(eid);
		fuzz_ecall(&c);
		res->calls++;
		err = (long)c.out[10];

		if ((reg = first_clobbered(&c, legacy))) {
			if (++res->clobbered <= 3)
				printf("# register x%d changed by the call\n", reg);
			report_call("clobbered", &c, res->clobbered);
		}
		if (!probed && err != SBI_ERR_NOT_SUPPORTED)
			report_call("unserved but not NOT_SUPPORTED", &c, ++res->not_unsupported);
		if (legacy) {
			res->legacy++;
			continue;
		}
		if (err > 0 || err < SBI_LAST_ERROR)
			report_call("not an SBI 2.0 error code", &c, ++res->bad_error);
		else
			res->by_error[-err]++;
	}
}

static void test_sbi(unsigned long calls, unsigned long seed)
{
	struct sbi_fuzz_result r;
	char hist[160];
	unsigned int n = 0;

	fuzz_sbi(calls, &r);
	for (int e = 0; e <= -SBI_LAST_ERROR; e++)
		if (r.by_error[e])
			n += fmt_snprintf(hist + n, sizeof(hist) - n, " %d:%lu", -e,
					  r.by_error[e]);
	hist[n] = '\0';
	printf("# seed %lu: %lu calls made (%lu legacy), %lu not made (drastic); by error:%s\n",
	       seed, r.calls, r.legacy, r.skipped, hist);
	printf("fuzz: calls %lu errors%s\n", r.calls, hist);
	tap_ok(!r.bad_error, "SBI fuzz: every error an SBI 2.0 code (%lu not)", r.bad_error);
	tap_ok(!r.not_unsupported, "SBI fuzz: every extension that probes 0 answers NOT_SUPPORTED (%lu not)",
	       r.not_unsupported);
	tap_ok(!r.clobbered, "SBI fuzz: every register but a0, a1 kept (%lu calls changed one)",
	       r.clobbered);
}

/* ------------------------------------------------------------------ CSRs */

/*
 * Run `csrrs a0, csr, x0` (read) or `csrrw a0, csr, a0` (write) from
 * RAM; returns the scause of its trap, 0 if none.
 */
static unsigned long csr_try(unsigned int csr, bool write)
{
	struct insn_trial t = {
		.insn = (csr << 20) | (write ? (10 << 15) | (1 << 12) : (2 << 12)) |
			(10 << 7) | 0x73,
	};
	struct insn_outcome o = run_insn(&t);

	return o.trapped ? o.scause : 0;
}

/* Bits 9:8 of a CSR number: the least privilege that may touch it. */
static bool csr_above_supervisor(unsigned int csr)
{
	return ((csr >> 8) & 3) >= 2;
}

static void test_csrs(void)
{
	unsigned long trapped = 0, leaked = 0, wrong_cause = 0, writes = 0;

	for (unsigned int csr = 0; csr < 4096; csr++) {
		unsigned long cause = csr_try(csr, false);

		trapped += cause != 0;
		if (cause && cause != EXC_ILLEGAL_INST && wrong_cause++ < 3)
			printf("# csr 0x%x read: scause %lu\n", csr, cause);
		if (!cause && csr_above_supervisor(csr) && leaked++ < 3)
			printf("# csr 0x%x read from VS-mode without a trap\n", csr);
		if (!csr_above_supervisor(csr))
			continue;
		writes++;
		cause = csr_try(csr, true);
		if (cause && cause != EXC_ILLEGAL_INST && wrong_cause++ < 3)
			printf("# csr 0x%x write: scause %lu\n", csr, cause);
		if (!cause && leaked++ < 3)
			printf("# csr 0x%x written from VS-mode without a trap\n", csr);
	}
	printf("# CSRs: 4096 read (%lu trapped), %lu hypervisor/machine ones written\n",
	       trapped, writes);
	tap_ok(!leaked, "CSR fuzz: no hypervisor or machine CSR read or written from VS-mode (%lu)",
	       leaked);
	tap_ok(!wrong_cause, "CSR fuzz: each trap an illegal instruction in the guest (%lu not)",
	       wrong_cause);
}

/* ---------------------------------------------------------------- storm */

static volatile unsigned long ipis_taken, timer_fired, timer_early;
static volatile unsigned long timer_deadline;

static void on_ipi(void)
{
	csr_clear(CSR_SIP, SIP_SSIP);
	ipis_taken++;
}

static void on_timer(void)
{
	if (now() < timer_deadline)
		timer_early++;
	timer_fired++;
	sbi_set_timer(~0UL);
}

static bool wait_for(volatile unsigned long *counter, unsigned long before)
{
	unsigned long limit = now() + WAIT_S * timebase_hz;

	while (*counter == before)
		if (now() > limit)
			return false;
	return true;
}

static void test_storm(unsigned long rounds)
{
	unsigned long lost_ipis = 0, lost_timers = 0, ipis = 0, timers = 0;

	guest_ipi_handler = on_ipi;
	guest_timer_handler = on_timer;
	csr_set(CSR_SIE, SIP_SSIP | SIP_STIP);
	csr_set(CSR_SSTATUS, SSTATUS_SIE);
	for (unsigned long k = 0; k < rounds; k++) {
		uint64_t r = rnd();
		unsigned long before;

		if (r & 1) {
			before = ipis_taken;
			ipis++;
			sbi_send_ipi(1, this_cpu());
			lost_ipis += !wait_for(&ipis_taken, before);
		} else {
			before = timer_fired;
			timers++;
			timer_deadline = now() + ((r >> 8) & 63);
			sbi_set_timer(timer_deadline);
			lost_timers += !wait_for(&timer_fired, before);
		}
	}
	csr_clear(CSR_SSTATUS, SSTATUS_SIE);
	sbi_set_timer(~0UL);
	printf("# storm: %lu IPIs to itself, %lu timers\n", ipis, timers);
	tap_ok(!lost_ipis, "interrupt storm: every IPI taken (%lu lost)", lost_ipis);
	tap_ok(!lost_timers && !timer_early,
	       "interrupt storm: every timer fired, none early (%lu lost, %lu early)",
	       lost_timers, timer_early);
}

/* ------------------------------------------------------------ irqchip */

/* An access with a trap expected or not; the scause it took, or 0. */
static unsigned long try_access(uintptr_t addr, unsigned int width, bool store,
				uint64_t value)
{
	expected_trap = (struct trap_expectation){ .armed = true };
	switch (width | (store ? 0x10 : 0)) {
	case 1: asm volatile("lbu t0, 0(%0)" : : "r"(addr) : "t0", "memory"); break;
	case 2: asm volatile("lhu t0, 0(%0)" : : "r"(addr) : "t0", "memory"); break;
	case 4: asm volatile("lwu t0, 0(%0)" : : "r"(addr) : "t0", "memory"); break;
	case 8: asm volatile("ld t0, 0(%0)" : : "r"(addr) : "t0", "memory"); break;
	case 0x11: asm volatile("sb %1, 0(%0)" : : "r"(addr), "r"(value) : "memory"); break;
	case 0x12: asm volatile("sh %1, 0(%0)" : : "r"(addr), "r"(value) : "memory"); break;
	case 0x14: asm volatile("sw %1, 0(%0)" : : "r"(addr), "r"(value) : "memory"); break;
	default: asm volatile("sd %1, 0(%0)" : : "r"(addr), "r"(value) : "memory"); break;
	}
	expected_trap.armed = false;
	return expected_trap.taken ? expected_trap.scause : 0;
}

/* sireg at `sel`, read or written; the scause it took, or 0. */
static unsigned long try_sireg(unsigned long sel, bool write, uint64_t value)
{
	expected_trap = (struct trap_expectation){ .armed = true };
	if (write)
		asm volatile("csrw 0x150, %0\n\tcsrw 0x151, %1" : : "r"(sel), "r"(value) : "memory");
	else
		asm volatile("csrw 0x150, %0\n\tcsrr t0, 0x151" : : "r"(sel) : "t0", "memory");
	expected_trap.armed = false;
	return expected_trap.taken ? expected_trap.scause : 0;
}

/* One random access in the window: 32 bits are taken, the rest fault. */
static bool fuzz_window(uintptr_t base, uint64_t size)
{
	unsigned int width = 1U << (rnd() % 4);
	uint64_t off = (rnd() % size) & ~(uint64_t)(width - 1);
	bool store = rnd() & 1;
	unsigned long cause = try_access(base + off, width, store, rnd());

	if (width == 4)
		return cause == 0;
	return cause == (store ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS);
}

static void test_irqchip(const void *fdt, unsigned long count)
{
	int plic = fdt_node_offset_by_compatible(fdt, -1, "riscv,plic0");
	int aplic = fdt_node_offset_by_compatible(fdt, -1, "riscv,aplic");
	int node = plic >= 0 ? plic : aplic;
	unsigned long bad = 0, csr_bad = 0, csrs = 0;
	struct aia aia = { 0 };
	uint64_t base, size;

	if (!count || guest_node_reg(fdt, node, &base, &size))
		return;
	for (unsigned long i = 0; i < count; i++)
		bad += !fuzz_window(base, size);
	tap_ok(!bad, "irqchip: %lu random accesses to its %s (0x%lx+0x%lx): 32-bit ones taken, the rest access faults (%lu otherwise)",
	       count, plic >= 0 ? "PLIC" : "APLIC", (unsigned long)base,
	       (unsigned long)size, bad);
	if (plic >= 0 || aia_find(fdt, 0, &aia))
		return;

	/*
	 * Its interrupt file: eidelivery, eithreshold and the even eip/eie
	 * registers up to its identities exist; the rest of 0x70-0xff not.
	 */
	for (unsigned long i = 0; i < count; i++) {
		unsigned long sel = 0x70 + rnd() % 0x90;
		bool exists = sel == 0x70 || sel == 0x72 ||
			      (sel >= 0x80 && !(sel & 1) &&
			       (sel & 0x3f) / 2 <= aia.ids / 64);
		unsigned long cause = try_sireg(sel, rnd() & 1, rnd());

		csrs++;
		csr_bad += exists ? cause != 0 : cause != EXC_ILLEGAL_INST;
		if (rnd() % 8 == 0) {
			unsigned long topei;

			asm volatile("csrrw %0, 0x15c, zero" : "=r"(topei) : : "memory");
		}
		if (rnd() % 8 == 0)
			*(volatile uint32_t *)aia.imsic = rnd();
	}
	tap_ok(!csr_bad, "irqchip: %lu random interrupt-file registers through sireg: the existing ones taken, the rest illegal (%lu otherwise)",
	       csrs, csr_bad);
}

/* ---------------------------------------------------------- wild access */

enum { BELOW_RAM = 1, RAM_END = 2 };

static const struct wild {
	char kind;		/* r(ead), w(rite), x (jump) */
	unsigned long addr;	/* or BELOW_RAM, RAM_END */
	const char *what;
} wild[] = {
	{ 'r', 0x0, "address 0" },
	{ 'x', 0x0, "address 0" },
	{ 'r', 0x1000, "the boot ROM" },
	{ 'w', 0x100000, "the power/reset device" },
	{ 'w', 0x2000000, "the CLINT (M-mode IPIs)" },
	{ 'r', 0x2004000, "the CLINT (mtimecmp)" },
	{ 'w', 0xc000000, "the PLIC" },
	{ 'r', 0x10000000, "the UART it was not given" },
	{ 'w', 0x10000000, "the UART it was not given" },
	{ 'r', 0x80000000, "the firmware" },
	{ 'w', 0x80000000, "the firmware" },
	{ 'r', 0x80200000, "the monitor" },
	{ 'w', 0x80200000, "the monitor" },
	{ 'x', 0x80200000, "the monitor" },
	{ 'r', BELOW_RAM, "just below its RAM" },
	{ 'w', RAM_END, "just past its RAM" },
	{ 'x', RAM_END, "just past its RAM" },
	{ 'r', (1UL << 41) - 8, "the top of the Sv39x4 space" },
	{ 'w', 1UL << 50, "beyond every G-stage mode" },
};
#define WILD_FIXED	(sizeof(wild) / sizeof(wild[0]))
#define ATTACK_MAX	4

/* attack= addresses: each loaded from, then stored to, after the fixed list. */
static unsigned long attack[ATTACK_MAX];
static unsigned long attacks, wild_count;

struct wild_record {
	uint64_t magic;
	uint64_t next;
	uint64_t seed;
};

static struct wild_record *wild_record(void)
{
	/* Above the image, below the device tree the monitor puts at the top. */
	return (struct wild_record *)(uintptr_t)(ram_base + ram_size - (128 << 10));
}

static void wild_access(unsigned long k) __attribute__((noreturn));
static void wild_access(unsigned long k)
{
	struct wild extra;
	const struct wild *w = &wild[k];

	if (k >= WILD_FIXED) {
		extra.kind = (k - WILD_FIXED) % 2 ? 'w' : 'r';
		extra.addr = attack[(k - WILD_FIXED) / 2];
		extra.what = "attack= target";
		w = &extra;
	}
	unsigned long addr = w->addr == BELOW_RAM ? ram_base - 8 :
			     w->addr == RAM_END ? ram_base + ram_size : w->addr;

	printf("fuzz: wild %lu of %lu: %s 0x%lx (%s)\n", k + 1, wild_count,
	       w->kind == 'r' ? "load from" : w->kind == 'w' ? "store to" : "jump to",
	       addr, w->what);
	if (w->kind == 'r')
		(void)*(volatile unsigned long *)addr;
	else if (w->kind == 'w')
		*(volatile unsigned long *)addr = 0x5a5a5a5a5a5a5a5aUL;
	else
		((void (*)(void))addr)();
	printf("fuzz: wild %lu: not stopped!\n", k + 1);
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYSTEM_FAILURE);
	for (;;)
		asm volatile("wfi");
}

/* --------------------------------------------------------------- victim */

/* volatile: only another guest (it must not) could change it behind the compiler. */
static volatile uint64_t victim_area[(1 << 20) / 8];
extern char _start[], __text_end[];

static uint64_t victim_pattern(unsigned long i)
{
	return 0x5342564943544d00ULL ^ (i * 0x9e3779b97f4a7c15ULL);
}

/* A checksum of the guest's code: it never changes while it runs. */
static uint64_t text_sum(void)
{
	uint64_t sum = 0;

	for (const volatile uint64_t *p = (const volatile uint64_t *)_start;
	     p < (const volatile uint64_t *)__text_end; p++)
		sum = (sum ^ *p) * 0x100000001b3ULL;
	return sum;
}

static int victim(unsigned long seconds)
{
	uint64_t text = text_sum();
	unsigned long rounds = 0, changed = 0, end;

	for (unsigned long i = 0; i < sizeof(victim_area) / 8; i++)
		victim_area[i] = victim_pattern(i);
	printf("fuzz: victim: %lu KiB at 0x%lx and its code, checked for %lu s\n",
	       (unsigned long)sizeof(victim_area) >> 10, (unsigned long)victim_area, seconds);
	end = now() + seconds * timebase_hz;
	while (now() < end) {
		for (unsigned long i = 0; i < sizeof(victim_area) / 8; i++)
			changed += victim_area[i] != victim_pattern(i);
		changed += text_sum() != text;
		rounds++;
	}
	printf("fuzz: victim: %lu rounds, %lu words changed\n", rounds, changed);
	return changed != 0;
}

/* ---------------------------------------------------------------- main */

/* fuzz_bounded.c */
extern void (*fuzz_secondary_job)(void);
int test_flood(unsigned long writes);
/* fuzz_wake.c */
int test_wake(const void *fdt, unsigned long rounds);

/*
 * A hart started by a fuzzed hart_start just stops again; one started for
 * a part of the test does that part's job.
 */
void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	if (fuzz_secondary_job)
		fuzz_secondary_job();
	sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0);
}

static void read_platform(const void *fdt)
{
	int mem = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);
	uint64_t base, size;

	if (guest_timebase(fdt))
		timebase_hz = guest_timebase(fdt);
	if (!guest_node_reg(fdt, mem, &base, &size)) {
		ram_base = base;
		ram_size = size;
	}
}

int guest_main(unsigned long hartid, const void *fdt)
{
	struct wild_record *rec;
	unsigned long seed;
	bootargs = guest_bootargs(fdt);
	read_platform(fdt);
	seed = arg_dec("seed=", 1);
	rec = wild_record();
	attacks = arg_hex_list("attack=", attack, ATTACK_MAX);
	wild_count = WILD_FIXED + 2 * attacks;
	if (strstr(bootargs, "victim="))
		return victim(arg_dec("victim=", 10));
	if (strstr(bootargs, "flood="))
		return test_flood(arg_dec("flood=", 4));
	if (strstr(bootargs, "wake="))
		return test_wake(fdt, arg_dec("wake=", 100));
	if (strstr(bootargs, "vsuspend=")) {
		vregs_across_suspend(arg_dec("vsuspend=", 100));
		tap_done();
		return tap_failed != 0;
	}
	if (strstr(bootargs, "isa=")) {
		test_isa(fdt);
		tap_done();
		return tap_failed != 0;
	}
	if (strstr(bootargs, "csrswap=")) {
		unsigned long want[8];
		unsigned int n = arg_hex_list("reach=", want, 8);

		csr_isolation(arg_dec("csrswap=", 50), want, n);
		tap_done();
		return tap_failed != 0;
	}

	if (rec->magic == WILD_MAGIC) {
		/* Restarted after a wild access: the next one, or the end. */
		if (rec->next < wild_count)
			wild_access(rec->next++);
		rec->magic = 0;
		printf("fuzz: all %lu wild accesses stopped the guest\n", wild_count);
		return 0;
	}

	rng = seed;
	printf("fuzz: seed %lu, RAM 0x%lx+0x%lx, bootargs \"%s\"\n", seed,
	       (unsigned long)ram_base, (unsigned long)ram_size, bootargs);
	test_sbi(arg_dec("calls=", 100000), seed);
	test_csrs();
	test_isa(fdt);
	test_storm(arg_dec("storm=", 2000));
	if (arg_dec("vu=", 2000))
		test_vu_privileged(fdt, arg_dec("vu=", 2000));
	if (arg_dec("vectored=", 1))
		test_vectored_illegal();
	if (arg_dec("atomics=", 2000))
		test_atomics(arg_dec("atomics=", 2000));
	if (arg_dec("devpage=", 1))
		test_device_page(fdt);
	test_irqchip(fdt, arg_dec("irqchip=", 20000));
	test_page_tables(fdt, arg_dec("pt=", 2000));
	tap_done();
	if (tap_failed || arg_dec("wild=", 1) == 0)
		return tap_failed ? 1 : 0;

	rec->magic = WILD_MAGIC;
	rec->seed = seed;
	rec->next = 1;
	wild_access(0);
}
