// SPDX-License-Identifier: BSD-2-Clause
/* C side of the test guests' start-up (tests/guests/crt0.S). */

#include <lib/csr.h>

#include "guest.h"

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

void guest_trap(void) __attribute__((noreturn));
void guest_trap(void)
{
	printf("guest: unexpected trap: scause 0x%lx sepc 0x%lx stval 0x%lx\n",
	       csr_read(CSR_SCAUSE), csr_read(CSR_SEPC), csr_read(CSR_STVAL));
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
			 SBI_SRST_REASON_SYSTEM_FAILURE);
	for (;;)
		asm volatile("wfi");
}
