// SPDX-License-Identifier: BSD-2-Clause
/*
 * The monitor's way out, in one place: a failure told and the system
 * powered off (monitor_fail), the power-off once every guest has ended, the
 * report of an HS-mode trap the monitor does not expect, and the context
 * both add (the hart's vCPU, a backtrace).
 */

#include <lib/bits.h>
#include <lib/console.h>
#include <lib/csr.h>
#include <lib/format.h>
#include <lib/sbi_call.h>
#include <monitor/core/guest.h>
#include <monitor/core/hart.h>
#include <monitor/core/monitor.h>
#include <monitor/core/trap.h>
#include <stdarg.h>

#define BACKTRACE_DEPTH		8

void monitor_park(void)
{
	for (;;)
		asm volatile("wfi");
}

void monitor_fail(const char *fmt, ...)
{
	static int failing;
	char reason[160];
	va_list ap;

	/* Only the first failure is told: a second one may come from printing. */
	if (!__atomic_exchange_n(&failing, 1, __ATOMIC_RELAXED)) {
		va_start(ap, fmt);
		fmt_vsnprintf(reason, sizeof(reason), fmt, ap);
		va_end(ap);
		printf("monitor: error: %s\n", reason);
	}
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYSTEM_FAILURE);
	monitor_park();
}

void monitor_power_off(bool failure)
{
	printf("monitor: no guest left; powering off%s\n",
	       failure ? " (system failure)" : "");
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
			 failure ? SBI_SRST_REASON_SYSTEM_FAILURE :
				   SBI_SRST_REASON_NONE);
	monitor_fail("SBI system reset returned");
}

void monitor_dump_context(unsigned long pc, unsigned long fp)
{
	struct hart *hart = this_hart();
	struct vcpu *v = hart->vcpu;
	unsigned long lo = hart->stack_top - HART_STACK_SIZE;

	if (v)
		printf("monitor:   vcpu: guest %s vcpu %u, loaded on this hart\n",
		       v->guest->cfg->name, v->id);
	else if (hart->bound_count)
		printf("monitor:   vcpu: none loaded; first bound here: guest %s vcpu %u (%u in all)\n",
		       hart->bound[0]->guest->cfg->name, hart->bound[0]->id,
		       hart->bound_count);
	else
		printf("monitor:   vcpu: none on this hart\n");
	/*
	 * GCC's RISC-V frames: fp is the caller's sp; the return address is
	 * at fp - 8, the caller's fp at fp - 16. Walk only inside this hart's
	 * stack, upwards.
	 */
	printf("monitor:   backtrace (monitor.elf addresses): 0x%lx", pc);
	for (int depth = 0; depth < BACKTRACE_DEPTH; depth++) {
		const unsigned long *frame = (const unsigned long *)fp;

		if (!hart->stack_top || fp & 7 || fp < lo + 16 || fp > hart->stack_top)
			break;
		printf(" 0x%lx", frame[-1]);
		if (frame[-2] <= fp)
			break;
		fp = frame[-2];
	}
	printf("\n");
}

static const char *const exception_names[] = {
	[EXC_INST_MISALIGNED] = "instruction address misaligned",
	[EXC_INST_ACCESS] = "instruction access fault",
	[EXC_ILLEGAL_INST] = "illegal instruction",
	[EXC_BREAKPOINT] = "breakpoint",
	[EXC_LOAD_MISALIGNED] = "load address misaligned",
	[EXC_LOAD_ACCESS] = "load access fault",
	[EXC_STORE_MISALIGNED] = "store address misaligned",
	[EXC_STORE_ACCESS] = "store access fault",
	[EXC_ECALL_U] = "ecall from U-mode",
	[EXC_ECALL_S] = "ecall from HS-mode",
	[EXC_ECALL_VS] = "ecall from VS-mode",
	[EXC_INST_PAGE_FAULT] = "instruction page fault",
	[EXC_LOAD_PAGE_FAULT] = "load page fault",
	[EXC_STORE_PAGE_FAULT] = "store page fault",
	[EXC_INST_GUEST_PAGE_FAULT] = "instruction guest-page fault",
	[EXC_LOAD_GUEST_PAGE_FAULT] = "load guest-page fault",
	[EXC_VIRTUAL_INST] = "virtual instruction",
	[EXC_STORE_GUEST_PAGE_FAULT] = "store guest-page fault",
};

const char *trap_cause_name(unsigned long scause)
{
	unsigned long code = scause & ~SCAUSE_INTERRUPT;

	if (scause & SCAUSE_INTERRUPT)
		return "interrupt";
	if (code < ARRAY_SIZE(exception_names) &&
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
extern char guest_load_insn[], guest_load_fault[];

/*
 * The monitor's reads of guest memory (monitor/core/switch.S): where one
 * faults, and where it resumes to report it.
 */
static const struct {
	const char *insn;
	const char *fixup;
} guest_access_fixups[] = {
	{ guest_fetch_insn, guest_fetch_fault },
	{ guest_load_insn, guest_load_fault },
};

void monitor_trap(struct gprs *frame)
{
	static bool in_trap[MONITOR_MAX_HARTS];
	struct hart *hart = this_hart();
	unsigned long index = hart - harts;	/* tp may be bad: no load */
	unsigned long scause = csr_read(CSR_SCAUSE);
	unsigned long sepc = csr_read(CSR_SEPC);
	unsigned long stval = csr_read(CSR_STVAL);
	/* htval exists only with the H extension; reading it would trap. */
	unsigned long htval = monitor->h ? csr_read(CSR_HTVAL) : 0;

	/* A guest's memory read while it is unmapped: no bug. */
	for (unsigned int i = 0; i < ARRAY_SIZE(guest_access_fixups); i++) {
		if (sepc == (unsigned long)guest_access_fixups[i].insn) {
			csr_write(CSR_SEPC,
				  (unsigned long)guest_access_fixups[i].fixup);
			return;
		}
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
	monitor_dump_context(sepc, frame->x[REG_S0]);	/* the frame pointer */
	monitor_fail("unexpected trap on hart %lu", hart->hartid);
}
