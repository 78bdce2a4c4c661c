// SPDX-License-Identifier: BSD-2-Clause
/* One instruction run from RAM, in S-mode or U-mode; see fuzz_run.h. */

#include "fuzz_run.h"
#include "guest.h"

#define INSN_RET	0x00008067	/* jalr x0, 0(ra) */
#define INSN_NOP	0x00000013	/* addi x0, x0, 0 */

static uint32_t code[3] __attribute__((aligned(16)));
const uintptr_t run_insn_code = (uintptr_t)code;

typedef unsigned long (*insn_fn)(unsigned long, unsigned long, unsigned long);

static struct insn_trial user_trial;

/* In U-mode: the instruction with the trial's arguments. */
static unsigned long run_user(unsigned long unused)
{
	return ((insn_fn)(void *)code)(user_trial.a0, user_trial.a1, user_trial.a2);
}

struct insn_outcome run_insn(const struct insn_trial *t)
{
	struct insn_outcome out = { 0 };

	code[0] = t->insn;
	code[1] = t->insn2 ? t->insn2 : INSN_NOP;
	code[2] = INSN_RET;
	asm volatile("fence.i" ::: "memory");
	expected_trap = (struct trap_expectation){ .armed = true };
	if (t->user) {
		user_trial = *t;
		out.a0 = guest_user_call(run_user, 0);
	} else {
		out.a0 = ((insn_fn)(void *)code)(t->a0, t->a1, t->a2);
	}
	expected_trap.armed = false;
	if (expected_trap.taken) {
		out.trapped = true;
		out.scause = expected_trap.scause;
		out.stval = expected_trap.stval;
		out.sepc = expected_trap.sepc;
		out.from_user = expected_trap.from_user;
	}
	return out;
}
