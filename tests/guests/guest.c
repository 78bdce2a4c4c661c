// SPDX-License-Identifier: BSD-2-Clause
/* C side of the test guests' runtime (tests/guests/crt0.S): traps, TAP. */

#include <lib/format.h>
#include <libfdt.h>
#include <sbivisor/sbi.h>
#include <stdarg.h>
#include <string.h>

#include "guest.h"

void (*guest_timer_handler)(void);
void (*guest_ipi_handler)(void);
void (*guest_external_handler)(void);
unsigned long guest_trap_instret[GUEST_MAX_CPUS];
struct trap_expectation guest_expected_trap[GUEST_MAX_CPUS];
unsigned int tap_failed;

const char *guest_bootargs(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", NULL) : NULL;

	return args ? args : "";
}

unsigned long guest_bootarg(const char *bootargs, const char *name,
			    unsigned long fallback)
{
	const char *p = strstr(bootargs, name);
	unsigned long v = 0;

	if (!p)
		return fallback;
	for (p += strlen(name); *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	return v;
}

uint64_t guest_timebase(const void *fdt)
{
	int len;
	const fdt32_t *tb = fdt_getprop(fdt, fdt_path_offset(fdt, "/cpus"),
					"timebase-frequency", &len);

	if (tb && len == 4)
		return fdt32_to_cpu(tb[0]);
	if (tb && len == 8)
		return (uint64_t)fdt32_to_cpu(tb[0]) << 32 | fdt32_to_cpu(tb[1]);
	return 0;
}

bool guest_cpu_has_ext(const void *fdt, const char *ext)
{
	int cpu = fdt_path_offset(fdt, "/cpus/cpu@0"), len;
	const char *list = cpu >= 0 ? fdt_getprop(fdt, cpu, "riscv,isa-extensions", &len) : NULL;

	for (const char *p = list; list && p < list + len; p += strnlen(p, list + len - p) + 1)
		if (!strcmp(p, ext))
			return true;
	return false;
}

int guest_node_reg(const void *fdt, int node, uint64_t *base, uint64_t *size)
{
	int len;
	const fdt32_t *reg = node >= 0 ? fdt_getprop(fdt, node, "reg", &len) : NULL;

	if (!reg || len < 16)
		return -1;
	*base = (uint64_t)fdt32_to_cpu(reg[0]) << 32 | fdt32_to_cpu(reg[1]);
	*size = (uint64_t)fdt32_to_cpu(reg[2]) << 32 | fdt32_to_cpu(reg[3]);
	return 0;
}
static unsigned int tap_count;

static void tap_line(const char *status, const char *fmt, va_list ap)
{
	char text[160];

	fmt_vsnprintf(text, sizeof(text), fmt, ap);
	printf("%s %u - %s\n", status, ++tap_count, text);
}

void tap_ok(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_line(ok ? "ok" : "not ok", fmt, ap);
	va_end(ap);
	if (!ok)
		tap_failed++;
}

void tap_skip(const char *fmt, ...)
{
	char text[160];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	printf("ok %u # skip %s\n", ++tap_count, text);
}

void tap_done(void)
{
	printf("1..%u\n", tap_count);
}

void guest_start(unsigned long hartid, const void *fdt)
	__attribute__((noreturn));
void guest_start(unsigned long hartid, const void *fdt)
{
	int rc;

	console_init();
	rc = guest_main(hartid, fdt);
	printf("guest: %s\n", rc ? "FAILED" : "done");
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
			 rc ? SBI_SRST_REASON_SYSTEM_FAILURE :
			      SBI_SRST_REASON_NONE);
	for (;;)
		asm volatile("wfi");
}

void guest_trap(struct guest_frame *frame);
void guest_trap(struct guest_frame *frame)
{
	unsigned long scause = csr_read(CSR_SCAUSE);
	unsigned long sepc = csr_read(CSR_SEPC);
	unsigned short insn;

	guest_trap_instret[this_cpu()] = frame->x[0];
	if (scause == (SCAUSE_INTERRUPT | IRQ_S_TIMER) && guest_timer_handler) {
		guest_timer_handler();
		return;
	}
	if (scause == (SCAUSE_INTERRUPT | IRQ_S_SOFT) && guest_ipi_handler) {
		guest_ipi_handler();
		return;
	}
	if (scause == (SCAUSE_INTERRUPT | IRQ_S_EXT) && guest_external_handler) {
		guest_external_handler();
		return;
	}
	/* A function guest_user_call() ran in U-mode is done. */
	if (scause == EXC_ECALL_U && frame->x[17] == GUEST_USER_EXIT)
		guest_user_return(frame->x[10]);
	if (!(scause & SCAUSE_INTERRUPT) && expected_trap.armed) {
		expected_trap.armed = false;
		expected_trap.taken = true;
		expected_trap.scause = scause;
		expected_trap.stval = csr_read(CSR_STVAL);
		expected_trap.sepc = sepc;
		expected_trap.from_user = !(csr_read(CSR_SSTATUS) & SSTATUS_SPP);
		if (expected_trap.return_to_ra) {
			csr_write(CSR_SEPC, frame->x[1]);
			return;
		}
		/* Step over it: 2 bytes if compressed, else 4. */
		insn = *(volatile unsigned short *)sepc;
		csr_write(CSR_SEPC, sepc + ((insn & 3) == 3 ? 4 : 2));
		return;
	}
	printf("guest: unexpected trap: scause 0x%lx sepc 0x%lx stval 0x%lx\n",
	       scause, sepc, csr_read(CSR_STVAL));
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
			 SBI_SRST_REASON_SYSTEM_FAILURE);
	for (;;)
		asm volatile("wfi");
}

uint64_t guest_sta_steal(const volatile void *record)
{
	const volatile uint8_t *rec = record;
	const volatile uint32_t *sequence = (const volatile uint32_t *)rec;
	uint32_t before, after;
	uint64_t steal;

	do {
		before = *sequence;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		steal = *(const volatile uint64_t *)(rec + SBI_STA_STEAL);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		after = *sequence;
	} while (before != after || (before & 1));
	return steal;
}
