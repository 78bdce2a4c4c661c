// SPDX-License-Identifier: BSD-2-Clause
/*
 * The device-interrupt test guest: given the UART (devices =
 * "/soc/serial@10000000"), it finds its interrupt controller in its device
 * tree and checks it as the PLIC specification says it behaves: register
 * bounds, access widths, delivery of the UART's transmitter-empty
 * interrupt through claim and complete, thresholds, disabled sources,
 * delivery to its second vCPU, and that nonsense written all over the
 * controller leaves it working. TAP over the SBI console; tests/qemu/devices.t.
 */

#include <libfdt.h>
#include <sbivisor/sbi.h>
#include <string.h>

#include "devirq.h"
#include "guest.h"

#define ROUNDS		1000
#define SIP_SEIP	(1UL << IRQ_S_EXT)

static const void *fdt;
static struct plic plic[GUEST_MAX_CPUS];
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
	uint32_t src = plic_read(p, PLIC_CLAIM(p->context));

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
	unsigned long before = taken[0];
	bool right = true;

	plic_write(p, PLIC_PRIORITY(uart.irq), 1);
	plic_enable(p, p->context, uart.irq, true);
	enable_interrupts();
	for (unsigned int i = 0; i < ROUNDS; i++) {
		uart_thre(&uart, true);
		if (!wait_taken(0, before + i + 1, 100000))
			break;
		right &= last_source[0] == uart.irq;
	}
	tap_ok(taken[0] - before == ROUNDS && right,
	       "%u transmitter-empty interrupts, each claimed as source %u and completed (%lu taken)",
	       ROUNDS, uart.irq, taken[0] - before);
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

static void second_main(void)
{
	plic_find(fdt, 1, &plic[1]);
	enable_interrupts();
	second_ready = true;
	while (!second_done)
		asm volatile("wfi");
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
	second_main();
	sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0);
}

static void test_second_vcpu(const struct plic *p, unsigned int ncpus)
{
	unsigned long before0 = taken[0];

	if (ncpus < 2) {
		tap_skip("one vCPU: no delivery to another");
		return;
	}
	sbi_hart_start(1, (unsigned long)secondary_start,
		       (unsigned long)stack1 + sizeof(stack1));
	while (!second_ready)
		;
	tap_ok(plic[1].context >= 0 && plic[1].context != p->context,
	       "vCPU 1 has its own context (%d)", plic[1].context);
	/* Only vCPU 1's context has it now. */
	plic_enable(p, p->context, uart.irq, false);
	plic_enable(p, plic[1].context, uart.irq, true);
	for (unsigned int i = 0; i < 100; i++) {
		uart_thre(&uart, true);
		if (!wait_taken(1, i + 1, 100000))
			break;
	}
	tap_ok(taken[1] == 100 && taken[0] == before0 && last_source[1] == uart.irq,
	       "routed to vCPU 1's context: 100 taken there, none on vCPU 0");
	plic_enable(p, plic[1].context, uart.irq, false);
	plic_enable(p, p->context, uart.irq, true);
	second_done = true;
	sbi_send_ipi(2, 0);
}

static void test_nonsense(const struct plic *p, unsigned int ncpus)
{
	uint32_t x = 2463534242U;
	unsigned long before;

	/* Any aligned word anywhere in the window, read or written. */
	for (unsigned int i = 0; i < 20000; i++) {
		unsigned long off;

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		off = (x % PLIC_THRESHOLD(ncpus)) & ~3UL;
		/* Not a claim: that would take an interrupt and keep it. */
		if (off >= PLIC_THRESHOLD(0) && off % 0x1000 == 4 && !(x & 0x100))
			continue;
		if (x & 0x100)
			plic_write(p, off, x);
		else
			(void)plic_read(p, off);
	}
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

int guest_main(unsigned long hartid, const void *tree)
{
	int cpus = fdt_path_offset(tree, "/cpus"), node;
	unsigned int ncpus = 0;

	(void)hartid;
	fdt = tree;
	fdt_for_each_subnode(node, tree, cpus) {
		const char *type = fdt_getprop(tree, node, "device_type", NULL);

		if (type && !strcmp(type, "cpu"))
			ncpus++;
	}
	printf("irq: %u vCPUs\n", ncpus);
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
