// SPDX-License-Identifier: BSD-2-Clause
/*
 * The device-interrupt test guest: given the UART (devices =
 * "/soc/serial@10000000"), it finds its interrupt controller in its device
 * tree and checks it as its specification says it behaves, a PLIC or AIA
 * (an APLIC in MSI mode and an IMSIC file per vCPU): register bounds,
 * access widths, delivery of the UART's transmitter-empty interrupt
 * (claim and complete; an MSI and stopei), thresholds, disabled sources,
 * delivery to its second vCPU, an MSI from one vCPU to another, and that
 * nonsense written all over the controller leaves it working. TAP over
 * the SBI console; tests/qemu/devices.t.
 */

#include <libfdt.h>
#include <sbivisor/sbi.h>
#include <string.h>

#include "devirq.h"
#include "guest.h"

#define ROUNDS		1000
#define SIP_SEIP	(1UL << IRQ_S_EXT)

/* AIA: the identities the test uses in each vCPU's interrupt file. */
#define EIID_UART	33
#define EIID_IPI	5

static const void *fdt;
static struct plic plic[GUEST_MAX_CPUS];
static struct aia aia[GUEST_MAX_CPUS];
static bool use_aia;
static struct uart uart;
static volatile unsigned long taken[GUEST_MAX_CPUS];
static volatile uint32_t last_source[GUEST_MAX_CPUS];
static volatile bool second_ready, second_done;
static char stack1[16384] __attribute__((aligned(16)));

/* Claim, quiet the UART, complete: what a driver's handler does. */
static void external(void)
{
	unsigned long cpu = this_cpu();
	const struct plic *p = &plic[cpu];
	uint32_t src;

	if (use_aia) {
		/* stopei names the identity and claims it; the UART's is ours. */
		src = imsic_claim();
		if (src == EIID_UART) {
			uart_thre(&uart, false);
			(void)uart_iir(&uart);
		}
		last_source[cpu] = src;
		taken[cpu]++;
		return;
	}
	src = plic_read(p, PLIC_CLAIM(p->context));

	if (src == uart.irq) {
		uart_thre(&uart, false);
		(void)uart_iir(&uart);
	}
	last_source[cpu] = src;
	taken[cpu]++;
	plic_write(p, PLIC_CLAIM(p->context), src);
}

/* Wait up to `us` microseconds for cpu's count to reach `want`. */
static bool wait_taken(unsigned long cpu, unsigned long want, unsigned long us)
{
	unsigned long end = csr_read(CSR_TIME) + us * 10;

	while (taken[cpu] < want)
		if (csr_read(CSR_TIME) > end)
			return false;
	return true;
}

/*
 * Raise the UART's interrupt `rounds` times, each waited for on vCPU
 * `cpu`: how many came, each as `want` (taken[cpu] counts on from before).
 */
static unsigned int deliver(unsigned long cpu, unsigned int rounds, uint32_t want)
{
	unsigned long before = taken[cpu];
	unsigned int right = 0;

	for (unsigned int i = 0; i < rounds; i++) {
		uart_thre(&uart, true);
		if (!wait_taken(cpu, before + i + 1, 100000))
			break;
		right += last_source[cpu] == want;
	}
	return right;
}

/* vCPU 1 started and set up (second_main()); false with one vCPU. */
static bool start_second(unsigned int ncpus)
{
	if (ncpus < 2) {
		tap_skip("one vCPU: no delivery to another");
		return false;
	}
	sbi_hart_start(1, (unsigned long)secondary_start,
		       (unsigned long)stack1 + sizeof(stack1));
	while (!second_ready)
		;
	return true;
}

static void enable_interrupts(void)
{
	guest_external_handler = external;
	csr_set(CSR_SIE, SIP_SEIP);
	csr_set(CSR_SSTATUS, SSTATUS_SIE);
}

static void test_tree(void)
{
	tap_ok(!plic_find(fdt, 0, &plic[0]),
	       "device tree: a PLIC with vCPU 0's S-mode context (%d), %u sources",
	       plic[0].context, plic[0].ndev);
	tap_ok(!uart_find(fdt, &plic[0], &uart),
	       "device tree: the UART's interrupt %u goes to the PLIC", uart.irq);
}

static void test_registers(const struct plic *p)
{
	plic_write(p, PLIC_PRIORITY(uart.irq), 0xffffffff);
	tap_ok(plic_read(p, PLIC_PRIORITY(uart.irq)) == 7,
	       "priority: 3 bits kept of 0xffffffff (%u)",
	       plic_read(p, PLIC_PRIORITY(uart.irq)));
	plic_write(p, PLIC_PRIORITY(0), 3);
	tap_ok(plic_read(p, PLIC_PRIORITY(0)) == 0, "priority of source 0: stays 0");
	plic_write(p, PLIC_ENABLE(p->context, 0), 1);
	tap_ok(!(plic_read(p, PLIC_ENABLE(p->context, 0)) & 1),
	       "enable bit of source 0: stays 0");
	plic_write(p, PLIC_THRESHOLD(p->context), 0x55);
	tap_ok(plic_read(p, PLIC_THRESHOLD(p->context)) == 5,
	       "threshold: 3 bits kept of 0x55");
	plic_write(p, PLIC_THRESHOLD(p->context), 0);
	plic_write(p, PLIC_PENDING(0), 0xffffffff);
	tap_ok(plic_read(p, PLIC_PENDING(0)) == 0, "pending bits: read-only");
	tap_ok(plic_read(p, PLIC_CLAIM(p->context)) == 0,
	       "claim with nothing pending: 0");

	/* Registers are 32-bit: a byte or a doubleword access faults. */
	expected_trap = (struct trap_expectation){ .armed = true };
	asm volatile("lb t0, 0(%0)" : : "r"(p->base + PLIC_PRIORITY(uart.irq))
		     : "t0", "memory");
	tap_ok(expected_trap.taken && expected_trap.scause == EXC_LOAD_ACCESS &&
	       expected_trap.stval == p->base + PLIC_PRIORITY(uart.irq),
	       "a byte load: load access fault at its address (scause %lu, stval 0x%lx)",
	       expected_trap.scause, expected_trap.stval);
	expected_trap = (struct trap_expectation){ .armed = true };
	asm volatile("sd zero, 0(%0)" : : "r"(p->base + PLIC_PRIORITY(uart.irq))
		     : "memory");
	tap_ok(expected_trap.taken && expected_trap.scause == EXC_STORE_ACCESS,
	       "a doubleword store: store access fault (scause %lu)",
	       expected_trap.scause);
	expected_trap = (struct trap_expectation){ .armed = false };
}

static void test_delivery(const struct plic *p)
{
	unsigned int right;

	plic_write(p, PLIC_PRIORITY(uart.irq), 1);
	plic_enable(p, p->context, uart.irq, true);
	enable_interrupts();
	right = deliver(0, ROUNDS, uart.irq);
	tap_ok(right == ROUNDS,
	       "%u transmitter-empty interrupts, each claimed as source %u and completed (%u)",
	       ROUNDS, uart.irq, right);
	tap_ok(plic_read(p, PLIC_CLAIM(p->context)) == 0,
	       "after them: nothing left to claim");
}

/*
 * The UART's line stays up while its interrupt is on, and every byte the
 * console writes meanwhile raises it again; the PLIC may latch that as a
 * second interrupt. So it is on only while nothing is printed: what the
 * PLIC holds pending it keeps after the line goes down.
 */
static void test_masking(const struct plic *p)
{
	unsigned long before = taken[0];
	bool held, none;
	uint32_t claimed;

	/* Priority 1 does not beat threshold 1: pending, not delivered. */
	plic_write(p, PLIC_THRESHOLD(p->context), 1);
	uart_thre(&uart, true);
	none = !wait_taken(0, before + 1, 2000);
	held = plic_read(p, PLIC_PENDING(uart.irq)) & (1U << (uart.irq % 32));
	uart_thre(&uart, false);
	tap_ok(none && held, "threshold 1: the interrupt stays pending, not taken");
	plic_write(p, PLIC_THRESHOLD(p->context), 0);
	tap_ok(wait_taken(0, before + 1, 100000) && last_source[0] == uart.irq,
	       "threshold 0 again: it is taken");

	/* Disabled: pending, not delivered, not claimed; enabled: taken. */
	plic_enable(p, p->context, uart.irq, false);
	uart_thre(&uart, true);
	none = !wait_taken(0, before + 2, 2000);
	claimed = plic_read(p, PLIC_CLAIM(p->context));
	uart_thre(&uart, false);
	tap_ok(none && claimed == 0,
	       "disabled: neither taken nor claimable (taken %lu, claim %u)",
	       taken[0] - before, claimed);
	plic_enable(p, p->context, uart.irq, true);
	tap_ok(wait_taken(0, before + 2, 100000), "enabled again: taken");

	/* Completing what is not claimed changes nothing. */
	plic_write(p, PLIC_CLAIM(p->context), uart.irq);
	plic_write(p, PLIC_CLAIM(p->context), 0);
	plic_write(p, PLIC_CLAIM(p->context), 1000);
	uart_thre(&uart, true);
	tap_ok(wait_taken(0, before + 3, 100000),
	       "completions of nothing: ignored, the next interrupt still comes");
}

/* This vCPU's interrupt file: on, no threshold, the test's identities. */
static void imsic_setup(void)
{
	imsic_write(IMSIC_EIDELIVERY, 1);
	imsic_write(IMSIC_EITHRESHOLD, 0);
	imsic_enable(EIID_UART, true);
	imsic_enable(EIID_IPI, true);
}

static void second_main(void)
{
	if (use_aia) {
		aia_find(fdt, 1, &aia[1]);
		imsic_setup();
	} else {
		plic_find(fdt, 1, &plic[1]);
	}
	enable_interrupts();
	second_ready = true;
	while (!second_done)
		asm volatile("wfi");
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	second_main();
	sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0);
}

static void test_second_vcpu(const struct plic *p, unsigned int ncpus)
{
	unsigned long before0 = taken[0];

	if (!start_second(ncpus))
		return;
	tap_ok(plic[1].context >= 0 && plic[1].context != p->context,
	       "vCPU 1 has its own context (%d)", plic[1].context);
	/* Only vCPU 1's context has it now. */
	plic_enable(p, p->context, uart.irq, false);
	plic_enable(p, plic[1].context, uart.irq, true);
	tap_ok(deliver(1, 100, uart.irq) == 100 && taken[0] == before0,
	       "routed to vCPU 1's context: 100 taken there, none on vCPU 0");
	plic_enable(p, plic[1].context, uart.irq, false);
	plic_enable(p, p->context, uart.irq, true);
	second_done = true;
	sbi_send_ipi(2, 0);
}

/*
 * 20000 random reads and writes of aligned words of a controller's window
 * at `base`; reads that `skip` names are not made.
 */
static void random_words(uintptr_t base, unsigned long size, uint32_t x,
			 bool (*skip)(unsigned long off))
{
	for (unsigned int i = 0; i < 20000; i++) {
		unsigned long off;

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		off = (x % size) & ~3UL;
		if (x & 0x100)
			*(volatile uint32_t *)(base + off) = x;
		else if (!skip || !skip(off))
			(void)*(volatile uint32_t *)(base + off);
	}
}

/* A claim would take an interrupt and keep it. */
static bool plic_claim_register(unsigned long off)
{
	return off >= PLIC_THRESHOLD(0) && off % 0x1000 == 4;
}

static void test_nonsense(const struct plic *p, unsigned int ncpus)
{
	unsigned long before;

	random_words(p->base, PLIC_THRESHOLD(ncpus), 2463534242U, plic_claim_register);
	/* Set up again: it still delivers. */
	uart_thre(&uart, false);
	(void)uart_iir(&uart);
	before = taken[0];
	for (unsigned int s = 1; s <= p->ndev; s++)
		plic_write(p, PLIC_PRIORITY(s), 0);
	plic_write(p, PLIC_PRIORITY(uart.irq), 1);
	plic_write(p, PLIC_THRESHOLD(p->context), 0);
	plic_enable(p, p->context, uart.irq, true);
	for (unsigned int c = 0; c < ncpus; c++)
		plic_write(p, PLIC_ENABLE(c, uart.irq), 0);
	plic_enable(p, p->context, uart.irq, true);
	uart_thre(&uart, true);
	tap_ok(wait_taken(0, before + 1, 100000),
	       "20000 random register accesses later, it still delivers");
}

/* ------------------------------------------------------------- AIA */

static void aia_route_uart(const struct aia *a, int hart_index)
{
	aplic_write(a, APLIC_TARGET(uart.irq),
		    ((uint32_t)hart_index << 18) | EIID_UART);
}

static void test_aia_tree(void)
{
	tap_ok(!aia_find(fdt, 0, &aia[0]),
	       "device tree: an APLIC with %u sources, an IMSIC with %u identities and vCPU 0's file (hart index %d)",
	       aia[0].sources, aia[0].ids, aia[0].hart_index);
	tap_ok(!uart_find_aia(fdt, &aia[0], &uart),
	       "device tree: the UART's interrupt %u goes to the APLIC", uart.irq);
}

static void test_aia_registers(const struct aia *a)
{
	unsigned long v;

	tap_ok(aplic_read(a, APLIC_DOMAINCFG) == 0x80000004,
	       "domaincfg: MSI delivery, IE off (0x%x)", aplic_read(a, APLIC_DOMAINCFG));
	aplic_write(a, APLIC_DOMAINCFG, 0xffffffff);
	tap_ok(aplic_read(a, APLIC_DOMAINCFG) == 0x80000104,
	       "domaincfg: only IE changes (0x%x)", aplic_read(a, APLIC_DOMAINCFG));
	aplic_write(a, APLIC_SOURCECFG(uart.irq), 2);
	tap_ok(aplic_read(a, APLIC_SOURCECFG(uart.irq)) == 0,
	       "sourcecfg: a reserved mode makes the source inactive");
	aplic_write(a, APLIC_SOURCECFG(uart.irq), APLIC_SM_LEVEL_HIGH);
	tap_ok(aplic_read(a, APLIC_SOURCECFG(uart.irq)) == APLIC_SM_LEVEL_HIGH,
	       "sourcecfg: level-high kept");
	aplic_write(a, APLIC_SOURCECFG(1), APLIC_SM_LEVEL_HIGH);
	tap_ok(aplic_read(a, APLIC_SOURCECFG(1)) == 0,
	       "sourcecfg of a source that is not the guest's: 0");
	aia_route_uart(a, a->hart_index);
	tap_ok(aplic_read(a, APLIC_TARGET(uart.irq)) ==
	       (((uint32_t)a->hart_index << 18) | EIID_UART),
	       "target: vCPU 0, identity %u", EIID_UART);

	imsic_write(IMSIC_EIDELIVERY, 0x40000001);
	v = imsic_read(IMSIC_EIDELIVERY);
	tap_ok(v == 1, "eidelivery: 1 kept (0x%lx)", v);
	imsic_write(IMSIC_EITHRESHOLD, 9);
	v = imsic_read(IMSIC_EITHRESHOLD);
	tap_ok(v == 9, "eithreshold: 9 kept");
	imsic_write(IMSIC_EITHRESHOLD, 0);
	imsic_write(IMSIC_EIP(0), 1);
	tap_ok(!(imsic_read(IMSIC_EIP(0)) & 1), "eip0 bit 0 (identity 0): stays 0");
	tap_ok(imsic_claim() == 0, "stopei with nothing pending: 0");

	/* RV64 has no odd-numbered eip registers: illegal instruction. */
	expected_trap = (struct trap_expectation){ .armed = true };
	asm volatile("csrw 0x150, %0\n\tcsrr t0, 0x151" : : "r"(0x81UL) : "t0", "memory");
	tap_ok(expected_trap.taken && expected_trap.scause == EXC_ILLEGAL_INST,
	       "sireg of eip1: illegal instruction (scause %lu)", expected_trap.scause);
	expected_trap = (struct trap_expectation){ .armed = true };
	asm volatile("lb t0, 0(%0)" : : "r"(a->aplic + APLIC_DOMAINCFG) : "t0", "memory");
	tap_ok(expected_trap.taken && expected_trap.scause == EXC_LOAD_ACCESS,
	       "a byte load from the APLIC: load access fault (scause %lu)",
	       expected_trap.scause);
	expected_trap = (struct trap_expectation){ .armed = false };
}

static void test_aia_delivery(const struct aia *a)
{
	unsigned int right;

	imsic_setup();
	aplic_write(a, APLIC_SETIENUM, uart.irq);
	enable_interrupts();
	right = deliver(0, ROUNDS, EIID_UART);
	tap_ok(right == ROUNDS,
	       "%u transmitter-empty interrupts, each an MSI of identity %u claimed through stopei (%u)",
	       ROUNDS, EIID_UART, right);
	tap_ok(imsic_claim() == 0, "after them: nothing left to claim");
}

/* As test_masking(): the UART is on only while nothing is printed. */
static void test_aia_masking(const struct aia *a)
{
	unsigned long before = taken[0];
	bool none, held;
	uint32_t input;

	/* Identity 33 is not below threshold 33: held in eip, not taken. */
	imsic_write(IMSIC_EITHRESHOLD, EIID_UART);
	uart_thre(&uart, true);
	none = !wait_taken(0, before + 1, 2000);
	held = imsic_read(IMSIC_EIP(EIID_UART)) & (1UL << (EIID_UART % 64));
	uart_thre(&uart, false);
	tap_ok(none && held, "eithreshold %u: the MSI waits in eip, not taken", EIID_UART);
	imsic_write(IMSIC_EITHRESHOLD, 0);
	tap_ok(wait_taken(0, before + 1, 100000) && last_source[0] == EIID_UART,
	       "eithreshold 0: taken");

	/* Disabled at the APLIC: no MSI; the input is seen high. */
	aplic_write(a, APLIC_CLRIENUM, uart.irq);
	uart_thre(&uart, true);
	none = !wait_taken(0, before + 2, 2000);
	input = aplic_read(a, APLIC_IN_CLRIP(uart.irq / 32)) & (1U << (uart.irq % 32));
	tap_ok(none && input, "disabled at the APLIC: no MSI, its input reads high");
	/* Enabled: the pending source sends its MSI then. */
	aplic_write(a, APLIC_SETIENUM, uart.irq);
	tap_ok(wait_taken(0, before + 2, 100000), "enabled again: the MSI comes");
	uart_thre(&uart, false);
	/* The domain's IE gates them all. */
	aplic_write(a, APLIC_DOMAINCFG, APLIC_DOMAINCFG_DM);
	uart_thre(&uart, true);
	none = !wait_taken(0, before + 3, 2000);
	uart_thre(&uart, false);
	aplic_write(a, APLIC_DOMAINCFG, APLIC_DOMAINCFG_DM | APLIC_DOMAINCFG_IE);
	tap_ok(none && wait_taken(0, before + 3, 100000),
	       "domaincfg.IE off: held; on: the MSI comes");
}

static void test_aia_second_vcpu(const struct aia *a, unsigned int ncpus)
{
	unsigned long before0 = taken[0];

	if (!start_second(ncpus))
		return;
	tap_ok(aia[1].hart_index >= 0 && aia[1].hart_index != a->hart_index,
	       "vCPU 1 has its own interrupt file (hart index %d)", aia[1].hart_index);
	aia_route_uart(a, aia[1].hart_index);
	tap_ok(deliver(1, 100, EIID_UART) == 100 && taken[0] == before0,
	       "targeted at vCPU 1: 100 MSIs taken there, none on vCPU 0");
	aia_route_uart(a, a->hart_index);
	/* An MSI from vCPU 0 to vCPU 1: a write to its file's page. */
	*(volatile uint32_t *)(a->imsic + 0x1000 * aia[1].hart_index) = EIID_IPI;
	tap_ok(wait_taken(1, 101, 100000) && last_source[1] == EIID_IPI,
	       "a write of %u to vCPU 1's IMSIC page: taken by vCPU 1", EIID_IPI);
	second_done = true;
	sbi_send_ipi(2, 0);
}

static void test_aia_nonsense(const struct aia *a)
{
	unsigned long before;

	random_words(a->aplic, 0x4000, 3141592653U, NULL);
	/* The same identities' file, the same source, again. */
	uart_thre(&uart, false);
	(void)uart_iir(&uart);
	while (imsic_claim())
		;
	before = taken[0];
	aplic_write(a, APLIC_DOMAINCFG, APLIC_DOMAINCFG_DM | APLIC_DOMAINCFG_IE);
	aplic_write(a, APLIC_SOURCECFG(uart.irq), APLIC_SM_LEVEL_HIGH);
	aia_route_uart(a, a->hart_index);
	aplic_write(a, APLIC_SETIENUM, uart.irq);
	uart_thre(&uart, true);
	tap_ok(wait_taken(0, before + 1, 100000),
	       "20000 random APLIC accesses later, it still delivers");
}

int guest_main(unsigned long hartid, const void *tree)
{
	int cpus = fdt_path_offset(tree, "/cpus"), node;
	unsigned int ncpus = 0;

	fdt = tree;
	fdt_for_each_subnode(node, tree, cpus) {
		const char *type = fdt_getprop(tree, node, "device_type", NULL);

		if (type && !strcmp(type, "cpu"))
			ncpus++;
	}
	printf("irq: %u vCPUs\n", ncpus);
	use_aia = fdt_node_offset_by_compatible(tree, -1, "riscv,aplic") >= 0;
	if (use_aia) {
		test_aia_tree();
		if (aia[0].hart_index >= 0 && uart.base) {
			test_aia_registers(&aia[0]);
			test_aia_delivery(&aia[0]);
			test_aia_masking(&aia[0]);
			test_aia_second_vcpu(&aia[0], ncpus);
			test_aia_nonsense(&aia[0]);
		}
		uart_thre(&uart, false);
		csr_clear(CSR_SSTATUS, SSTATUS_SIE);
		tap_done();
		return tap_failed != 0;
	}
	test_tree();
	if (plic[0].context >= 0 && uart.base) {
		test_registers(&plic[0]);
		test_delivery(&plic[0]);
		test_masking(&plic[0]);
		test_second_vcpu(&plic[0], ncpus);
		test_nonsense(&plic[0], ncpus);
	}
	uart_thre(&uart, false);
	csr_clear(CSR_SSTATUS, SSTATUS_SIE);
	tap_done();
	return tap_failed != 0;
}
