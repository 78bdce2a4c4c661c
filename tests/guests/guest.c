// SPDX-License-Identifier: BSD-2-Clause
/* C side of the test guests' runtime (tests/guests/crt0.S): traps, TAP. */

#include <lib/format.h>
#include <stdarg.h>

#include "guest.h"

void (*guest_timer_handler)(void);
void (*guest_ipi_handler)(void);
void (*guest_external_handler)(void);
unsigned long guest_trap_instret[GUEST_MAX_CPUS];
struct trap_expectation guest_expected_trap[GUEST_MAX_CPUS];
unsigned int tap_failed;
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
