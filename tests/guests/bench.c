// SPDX-License-Identifier: BSD-2-Clause
/*
 * The bench guest: how many instructions an SBI call, a timer or an IPI
 * costs, counted with rdinstret (exact under QEMU's -icount shift=0). The
 * same binary runs under the monitor and straight on OpenSBI (fw_jump);
 * scripts/bench.py runs both and tabulates.
 *
 * bootargs: "n=<count>" repetitions of each operation (default 1000);
 * "only=<op>" just that one; "only=devices" the device operations, with
 * the UART given to it (its PLIC or AIA found in its tree).
 * Output, one line per operation:
 *   bench: <op> min <instructions> median <i> max <i> n <count>
 *   bench: <op> skipped (<why>)
 */

#include <libfdt.h>
#include <sbivisor/sbi.h>
#include <sbivisor/sbivisor_ext.h>
#include <string.h>

#include "devirq.h"
#include "guest.h"

#define MAX_N		10000
#define PINGPONG_ROUNDS	1000
/* Under -icount shift=0 an instruction is 1 ns: a 10 MHz tick is 100 of them. */
#define INSN_PER_TICK(hz)	(1000000000UL / (hz))

static const void *fdt;
static const char *only = "";	/* bootargs "only=<op>": just that one */
static unsigned long n = 1000;
static unsigned long timebase_hz = 10000000;
static bool has_sstc;
static unsigned int ncpus = 1;
static unsigned long samples[MAX_N];

static inline unsigned long instret(void)
{
	unsigned long v;

	asm volatile("csrr %0, instret" : "=r"(v) : : "memory");
	return v;
}

static unsigned long now(void)
{
	return csr_read(CSR_TIME);
}

static void sort(unsigned long *a, unsigned long count)
{
	/* Insertion sort: n is small and this is not measured. */
	for (unsigned long i = 1; i < count; i++) {
		unsigned long v = a[i], j = i;

		for (; j && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

static void report(const char *op)
{
	sort(samples, n);
	printf("bench: %s min %lu median %lu max %lu n %lu\n", op, samples[0],
	       samples[n / 2], samples[n - 1], n);
}

/* ------------------------------------------------------------ SBI calls */

static void bench_probe(void)
{
	for (unsigned long i = 0; i < n; i++) {
		unsigned long t0 = instret();

		sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EXT_BASE, 0, 0);
		samples[i] = instret() - t0;
	}
	report("probe_extension");
}

static void bench_get_info(void)
{
	if (sbi_probe_extension(SBIVISOR_EXT_ID) <= 0) {
		printf("bench: get_info skipped (no sbivisor extension)\n");
		return;
	}
	for (unsigned long i = 0; i < n; i++) {
		unsigned long t0 = instret();

		sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO,
			  SBIVISOR_INFO_VERSION, 0, 0);
		samples[i] = instret() - t0;
	}
	report("get_info");
}

/* ------------------------------------------------- interrupts to handler */

static volatile unsigned long handled_at;

/* "Until the handler runs": until the guest's trap vector (crt0.S) starts. */
static void on_timer(void)
{
	handled_at = guest_trap_instret[this_cpu()];
	sbi_set_timer(~0UL);
}

static void on_ipi(void)
{
	handled_at = guest_trap_instret[this_cpu()];
	csr_clear(CSR_SIP, SIP_SSIP);
}

static void wait_handled(void)
{
	while (!handled_at)
		;
}

static void bench_set_timer(void)
{
	for (unsigned long i = 0; i < n; i++) {
		unsigned long t0;

		handled_at = 0;
		t0 = instret();
		sbi_set_timer(now());
		wait_handled();
		samples[i] = handled_at - t0;
	}
	report("set_timer_to_handler");
}

static void bench_stimecmp(void)
{
	if (!has_sstc) {
		printf("bench: stimecmp_to_handler skipped (no Sstc)\n");
		return;
	}
	for (unsigned long i = 0; i < n; i++) {
		unsigned long t0;

		handled_at = 0;
		t0 = instret();
		csr_write(CSR_STIMECMP, now());
		wait_handled();
		samples[i] = handled_at - t0;
		/* Off again, the way the handler's SBI call is not counted. */
	}
	report("stimecmp_to_handler");
}

static void bench_self_ipi(void)
{
	for (unsigned long i = 0; i < n; i++) {
		unsigned long t0;

		handled_at = 0;
		t0 = instret();
		sbi_send_ipi(1UL << this_cpu(), 0);
		wait_handled();
		samples[i] = handled_at - t0;
	}
	report("self_ipi_to_handler");
}

/* ---------------------------------------------------------- ping-pong */

static volatile unsigned long ball;	/* whose turn: 0 or 1 */
static volatile bool partner_up, partner_done;
static char partner_stack[16384] __attribute__((aligned(16)));

static void on_pingpong_ipi(void)
{
	csr_clear(CSR_SIP, SIP_SSIP);
}

/* Wait in WFI for our turn; an IPI marks every pass of the ball. */
static void wait_turn(unsigned long me)
{
	for (;;) {
		csr_clear(CSR_SSTATUS, SSTATUS_SIE);
		if (ball == me)
			break;
		asm volatile("wfi");
		csr_set(CSR_SSTATUS, SSTATUS_SIE);
	}
	csr_set(CSR_SSTATUS, SSTATUS_SIE);
}

/* ------------------------------------------------------- vCPU switch */

static volatile bool yielder, yielder_up;
/* vcpu_switch_vdirty: each vCPU changes a vector register before it yields. */
static volatile bool vector_dirty;

static void yield(void)
{
	sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_YIELD, 0, 0, 0);
}

/* The same, a vector register changed first: the switch saves V then. */
static void yield_vector_dirty(void)
{
	asm volatile(".option push\n.option arch, +v\n"
		     "vadd.vi v1, v1, 1\n.option pop" ::: "memory");
	yield();
}

/* Vector on for this vCPU, one element of e64 (vcpu_switch_vdirty). */
static void vector_on(void)
{
	unsigned long vl;

	csr_set(CSR_SSTATUS, SSTATUS_VS_INITIAL);
	asm volatile(".option push\n.option arch, +v\n"
		     "vsetivli %0, 1, e64, m1, ta, ma\n.option pop" : "=r"(vl));
}

/* The partner of bench_vcpu_switch(): gives the hart straight back. */
static void yield_forever(void)
{
	yielder_up = true;
	if (vector_dirty) {
		vector_on();
		for (;;)
			yield_vector_dirty();
	}
	for (;;)
		yield();
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	if (yielder)
		yield_forever();
	csr_set(CSR_SIE, SIP_SSIP);
	csr_set(CSR_SSTATUS, SSTATUS_SIE);
	partner_up = true;
	for (unsigned long r = 0; r < PINGPONG_ROUNDS + 1; r++) {
		wait_turn(1);
		ball = 0;
		sbi_send_ipi(1UL << 0, 0);
	}
	partner_done = true;
	for (;;)
		asm volatile("wfi");
}

/* vCPU 1 into guest_secondary(); else say `op` is skipped and why. */
static bool start_partner(const char *op)
{
	if (sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, 1,
		      (unsigned long)secondary_start,
		      (unsigned long)(partner_stack + sizeof(partner_stack))).error) {
		printf("bench: %s skipped (hart_start failed)\n", op);
		return false;
	}
	return true;
}

static void bench_pingpong(void)
{
	unsigned long t0 = 0, ticks;

	if (ncpus < 2) {
		printf("bench: ipi_pingpong_round skipped (one hart)\n");
		return;
	}
	guest_ipi_handler = on_pingpong_ipi;
	ball = 0;
	if (!start_partner("ipi_pingpong_round"))
		return;
	while (!partner_up)
		;
	/* One warm-up round, then the measured ones. */
	for (unsigned long r = 0; r < PINGPONG_ROUNDS + 1; r++) {
		if (r == 1)
			t0 = now();
		ball = 1;
		sbi_send_ipi(1UL << 1, 0);
		wait_turn(0);
	}
	ticks = now() - t0;
	printf("bench: ipi_pingpong_round min %lu median %lu max %lu n %u (from time: %lu ticks)\n",
	       ticks * INSN_PER_TICK(timebase_hz) / PINGPONG_ROUNDS,
	       ticks * INSN_PER_TICK(timebase_hz) / PINGPONG_ROUNDS,
	       ticks * INSN_PER_TICK(timebase_hz) / PINGPONG_ROUNDS,
	       PINGPONG_ROUNDS, ticks);
	guest_ipi_handler = on_ipi;
}

/*
 * Two vCPUs sharing one hart (the bench's second run, only=vcpu_switch):
 * each YIELD of ours switches to the partner, whose YIELD switches back.
 * Per switch: half a round trip, from time over all of them (a round trip
 * is a few hundred instructions, not many more than a tick).
 */
static void bench_vcpu_switch(const char *name)
{
	unsigned long t0, ticks, switches;

	if (ncpus < 2) {
		printf("bench: %s skipped (one vCPU)\n", name);
		return;
	}
	yielder = true;
	if (vector_dirty)
		vector_on();
	if (!start_partner(name))
		return;
	while (!yielder_up)
		yield();
	switches = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO,
			     SBIVISOR_INFO_VCPU_SWITCHES, 0, 0).value;
	t0 = now();
	if (vector_dirty)
		for (unsigned long i = 0; i < n; i++)
			yield_vector_dirty();
	else
		for (unsigned long i = 0; i < n; i++)
			yield();
	ticks = now() - t0;
	switches = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO,
			     SBIVISOR_INFO_VCPU_SWITCHES, 0, 0).value - switches;
	if (switches != n) {
		printf("bench: %s skipped (%lu of %lu yields switched: no shared hart)\n",
		       name, switches, n);
		return;
	}
	printf("bench: %s min %lu median %lu max %lu n %lu (from time: %lu ticks)\n", name,
	       ticks * INSN_PER_TICK(timebase_hz) / (2 * n),
	       ticks * INSN_PER_TICK(timebase_hz) / (2 * n),
	       ticks * INSN_PER_TICK(timebase_hz) / (2 * n), 2 * n, ticks);
}

/* --------------------------------------------------------- HSM suspend */

static void bench_suspend(void)
{
	struct sbiret r;

	for (unsigned long i = 0; i < n; i++) {
		unsigned long t0;

		handled_at = 0;
		/*
		 * Interrupts off until after the suspend, or the tick could be
		 * taken before it and nothing would wake the hart; the
		 * suspended hart wakes on a pending interrupt all the same.
		 */
		csr_clear(CSR_SSTATUS, SSTATUS_SIE);
		t0 = instret();
		sbi_set_timer(now() + 1);
		/* Default retentive suspend, woken by the timer. */
		r = sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0, 0, 0);
		csr_set(CSR_SSTATUS, SSTATUS_SIE);
		if (r.error) {
			sbi_set_timer(~0UL);
			printf("bench: hsm_retentive_suspend skipped (hart_suspend: %ld)\n",
			       r.error);
			return;
		}
		wait_handled();
		samples[i] = handled_at - t0;
	}
	report("hsm_retentive_suspend");
}

/* ---------------------------------------------------------------- main */

/* ------------------------------------------------------------- devices */

#define EIID_UART	33

static struct plic plic;
static struct aia aia;
static struct uart uart;
static bool device_aia;

/* The UART's interrupt: quiet it, claim and complete, as a driver does. */
static void on_device(void)
{
	handled_at = guest_trap_instret[this_cpu()];
	uart_thre(&uart, false);
	(void)uart_iir(&uart);
	if (device_aia) {
		(void)imsic_claim();
	} else {
		uint32_t src = plic_read(&plic, PLIC_CLAIM(plic.context));

		plic_write(&plic, PLIC_CLAIM(plic.context), src);
	}
}

/*
 * From the store that raises the UART's transmitter-empty interrupt to
 * the guest's trap vector: through the PLIC (the monitor's virtual one,
 * fed by the host's), or AIA (the APLIC's MSI into the vCPU's interrupt
 * file). The same code on plain OpenSBI drives the host's own.
 */
static void bench_device_irq(void)
{
	for (unsigned long i = 0; i < n; i++) {
		unsigned long t0;

		handled_at = 0;
		t0 = instret();
		uart_thre(&uart, true);
		wait_handled();
		samples[i] = handled_at - t0;
	}
	report(device_aia ? "device_irq_aia" : "device_irq_plic");
}

/* A PLIC register read: emulated by the monitor, a device's on plain OpenSBI. */
static void bench_mmio(void)
{
	for (unsigned long i = 0; i < n; i++) {
		unsigned long t0 = instret();

		(void)plic_read(&plic, PLIC_PRIORITY(uart.irq));
		samples[i] = instret() - t0;
	}
	report("mmio_emulated");
}

static bool setup_devices(unsigned long hartid)
{
	if (!plic_find(fdt, hartid, &plic) && !uart_find(fdt, &plic, &uart)) {
		plic_write(&plic, PLIC_PRIORITY(uart.irq), 1);
		plic_write(&plic, PLIC_THRESHOLD(plic.context), 0);
		plic_enable(&plic, plic.context, uart.irq, true);
	} else if (!aia_find(fdt, hartid, &aia) && !uart_find_aia(fdt, &aia, &uart)) {
		device_aia = true;
		imsic_write(IMSIC_EIDELIVERY, 1);
		imsic_write(IMSIC_EITHRESHOLD, 0);
		imsic_enable(EIID_UART, true);
		aplic_write(&aia, APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE | APLIC_DOMAINCFG_DM);
		aplic_write(&aia, APLIC_SOURCECFG(uart.irq), APLIC_SM_LEVEL_HIGH);
		aplic_write(&aia, APLIC_TARGET(uart.irq),
			    ((uint32_t)aia.hart_index << 18) | EIID_UART);
		aplic_write(&aia, APLIC_SETIENUM, uart.irq);
	} else {
		printf("bench: device_irq skipped (no UART with an interrupt in the tree)\n");
		return false;
	}
	guest_external_handler = on_device;
	csr_set(CSR_SIE, 1UL << IRQ_S_EXT);
	return true;
}

static void bench_devices(unsigned long hartid)
{
	if (!setup_devices(hartid))
		return;
	bench_device_irq();
	if (!device_aia)
		bench_mmio();
	uart_thre(&uart, false);
}

static void read_tree(void)
{
	const char *args = guest_bootargs(fdt);
	int cpu;

	if (strstr(args, "only="))
		only = strstr(args, "only=") + 5;
	n = guest_bootarg(args, "n=", n);
	if (!n || n > MAX_N)
		n = 1000;
	if (guest_timebase(fdt))
		timebase_hz = guest_timebase(fdt);
	has_sstc = guest_cpu_has_ext(fdt, "sstc");
	ncpus = 0;
	fdt_for_each_subnode(cpu, fdt, fdt_path_offset(fdt, "/cpus")) {
		const char *type = fdt_getprop(fdt, cpu, "device_type", NULL);

		if (type && !strcmp(type, "cpu"))
			ncpus++;
	}
}

int guest_main(unsigned long hartid, const void *dtb)
{
	struct sbiret impl = sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0);

	fdt = dtb;
	read_tree();
	printf("bench: start hart %lu, SBI implementation 0x%lx, %u harts, sstc %s, n %lu\n",
	       hartid, impl.value, ncpus, has_sstc ? "yes" : "no", n);

	guest_timer_handler = on_timer;
	guest_ipi_handler = on_ipi;
	csr_set(CSR_SIE, SIP_STIP | SIP_SSIP);
	csr_set(CSR_SSTATUS, SSTATUS_SIE);

#define RUN(name, fn)						\
	do {							\
		if (!*only || !strncmp(only, name, strlen(name)))	\
			fn();					\
	} while (0)
	RUN("probe_extension", bench_probe);
	RUN("get_info", bench_get_info);
	RUN("set_timer_to_handler", bench_set_timer);
	RUN("stimecmp_to_handler", bench_stimecmp);
	RUN("self_ipi_to_handler", bench_self_ipi);
	RUN("ipi_pingpong_round", bench_pingpong);
	RUN("hsm_retentive_suspend", bench_suspend);
	/*
	 * Only when asked: its partner never stops. _v: on a hart with V, a
	 * guest that never uses it; _vdirty: both change a vector register
	 * between switches.
	 */
	if (!strcmp(only, "vcpu_switch") || !strcmp(only, "vcpu_switch_v"))
		bench_vcpu_switch(only);
	if (!strcmp(only, "vcpu_switch_vdirty")) {
		vector_dirty = true;
		bench_vcpu_switch(only);
	}
	/* Only when asked: it needs the UART. */
	if (!strcmp(only, "devices"))
		bench_devices(hartid);

	csr_clear(CSR_SSTATUS, SSTATUS_SIE);
	printf("bench: end\n");
	return 0;
}
