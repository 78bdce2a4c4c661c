// SPDX-License-Identifier: BSD-2-Clause
/* Reporting HS-mode traps the monitor does not expect. */

#include <lib/console.h>
#include <lib/csr.h>
#include <monitor/hart.h>
#include <monitor/monitor.h>
#include <monitor/trap.h>
#include <monitor/watchdog.h>

static const char *const exception_names[] = {
	[0] = "instruction address misaligned",
	[1] = "instruction access fault",
	[2] = "illegal instruction",
	[3] = "breakpoint",
	[4] = "load address misaligned",
	[5] = "load access fault",
	[6] = "store address misaligned",
	[7] = "store access fault",
	[8] = "ecall from U-mode",
	[9] = "ecall from HS-mode",
	[10] = "ecall from VS-mode",
	[12] = "instruction page fault",
	[13] = "load page fault",
	[15] = "store page fault",
	[20] = "instruction guest-page fault",
	[21] = "load guest-page fault",
	[22] = "virtual instruction",
	[23] = "store guest-page fault",
};

const char *trap_cause_name(unsigned long scause)
{
	unsigned long code = scause & ~SCAUSE_INTERRUPT;

	if (scause & SCAUSE_INTERRUPT)
		return "interrupt";
	if (code < sizeof(exception_names) / sizeof(exception_names[0]) &&
	    exception_names[code])
		return exception_names[code];
	return "unknown";
}

static void dump_registers(const struct gprs *frame)
{
	static const char *const names[32] = {
		"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
		"s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
		"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
		"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
	};

	for (int i = 0; i < 32; i += 4)
		printf("monitor:   %-4s 0x%016lx %-4s 0x%016lx %-4s 0x%016lx %-4s 0x%016lx\n",
		       names[i], frame->x[i], names[i + 1], frame->x[i + 1],
		       names[i + 2], frame->x[i + 2], names[i + 3],
		       frame->x[i + 3]);
}

extern char guest_fetch_insn[], guest_fetch_fault[];

void monitor_trap(struct gprs *frame)
{
	static bool in_trap[MONITOR_MAX_HARTS];
	struct hart *hart = this_hart();
	unsigned long index = hart - harts;
	unsigned long scause = csr_read(CSR_SCAUSE);
	unsigned long sepc = csr_read(CSR_SEPC);
	unsigned long stval = csr_read(CSR_STVAL);
	/* htval exists only with the H extension; reading it would trap. */
	unsigned long htval = monitor.h ? csr_read(CSR_HTVAL) : 0;

	/* A guest's instruction memory read while it is unmapped: no bug. */
	if (sepc == (unsigned long)guest_fetch_insn) {
		csr_write(CSR_SEPC, (unsigned long)guest_fetch_fault);
		return;
	}

	/* A trap while reporting one: skip the report, just stop. */
	if (index >= MONITOR_MAX_HARTS || in_trap[index])
		monitor_fail("nested trap (scause 0x%lx sepc 0x%lx)", scause,
			     sepc);
	in_trap[index] = true;

	printf("monitor: unexpected trap on hart %lu: scause 0x%lx (%s) sepc 0x%lx stval 0x%lx htval 0x%lx\n",
	       hart->hartid, scause, trap_cause_name(scause), sepc, stval, htval);
	frame->x[0] = 0;	/* not saved: always zero */
	dump_registers(frame);
	monitor_dump_context(sepc, frame->x[8]);	/* s0: the frame pointer */
	monitor_fail("unexpected trap on hart %lu", hart->hartid);
}
