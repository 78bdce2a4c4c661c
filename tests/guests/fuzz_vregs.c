// SPDX-License-Identifier: BSD-2-Clause
/*
 * Vector registers in the isolation test (fuzz_csrs.c), on harts with V:
 * each guest fills v0-v31 with a pattern of its own and sets a vector
 * configuration of its own (vl, vtype), then after each turn of the other
 * guest on its hart reads all 32 registers back. The vector CSRs
 * themselves are compared with the other CSRs.
 */

#include <lib/format.h>
#include <string.h>

#include "fuzz_run.h"
#include "guest.h"

#define VREGS		32
#define MAX_VLENB	256	/* VLEN 2048: more is not tested here */

static uint8_t mine[VREGS * MAX_VLENB] __attribute__((aligned(16)));
static uint8_t seen[VREGS * MAX_VLENB] __attribute__((aligned(16)));
static unsigned long vlenb;

/* vlenb, or 0 without V (its read traps: an illegal instruction). */
static unsigned long read_vlenb(void)
{
	struct insn_trial t = { .insn = 0xc2202573 };	/* csrr a0, vlenb */
	struct insn_outcome o = run_insn(&t);

	return o.trapped ? 0 : o.a0;
}

/* All 32 registers from `buf` (whole-register loads, eight at a time). */
static void vregs_load(const uint8_t *buf)
{
	asm volatile(".option push\n.option arch, +v\n"
		     "vl8re8.v v0, (%0)\n"
		     "add %0, %0, %1\n"
		     "vl8re8.v v8, (%0)\n"
		     "add %0, %0, %1\n"
		     "vl8re8.v v16, (%0)\n"
		     "add %0, %0, %1\n"
		     "vl8re8.v v24, (%0)\n"
		     ".option pop"
		     : "+r"(buf) : "r"(8 * vlenb) : "memory");
}

static void vregs_store(uint8_t *buf)
{
	asm volatile(".option push\n.option arch, +v\n"
		     "vs8r.v v0, (%0)\n"
		     "add %0, %0, %1\n"
		     "vs8r.v v8, (%0)\n"
		     "add %0, %0, %1\n"
		     "vs8r.v v16, (%0)\n"
		     "add %0, %0, %1\n"
		     "vs8r.v v24, (%0)\n"
		     ".option pop"
		     : "+r"(buf) : "r"(8 * vlenb) : "memory");
}

bool vregs_prepare(unsigned long id)
{
	unsigned long avl = 3 + id, vl;

	vlenb = read_vlenb();
	if (!vlenb || vlenb > MAX_VLENB)
		return false;
	for (unsigned long i = 0; i < VREGS * vlenb; i++)
		mine[i] = (uint8_t)(rnd() ^ id);
	vregs_load(mine);
	/* A configuration of its own: e16 or e32, vl = 3 + its ID. */
	if (id & 1)
		asm volatile(".option push\n.option arch, +v\n"
			     "vsetvli %0, %1, e32, m1, ta, ma\n.option pop"
			     : "=r"(vl) : "r"(avl));
	else
		asm volatile(".option push\n.option arch, +v\n"
			     "vsetvli %0, %1, e16, m2, tu, mu\n.option pop"
			     : "=r"(vl) : "r"(avl));
	printf("# vector registers: VLEN %lu, vl %lu, a pattern of its own in all 32\n",
	       vlenb * 8, vl);
	return true;
}

unsigned long vregs_check(void)
{
	/* Whole-register stores start at vstart: 0 for them, its own again after. */
	unsigned long vstart = csr_swap(0x008, 0);

	vregs_store(seen);
	csr_write(0x008, vstart);
	if (!memcmp(mine, seen, VREGS * vlenb))
		return 0;
	for (unsigned long i = 0; i < VREGS * vlenb; i++)
		if (mine[i] != seen[i]) {
			printf("# v%lu byte %lu: 0x%02x, not its 0x%02x\n", i / vlenb,
			       i % vlenb, seen[i], mine[i]);
			break;
		}
	return 1;
}

/*
 * bootargs vsuspend=N: v0-v31 and the vector CSRs of its own through N
 * retentive HSM suspends, each ended by its timer (on a shared hart the
 * vCPU waits off its hart meanwhile, so its state is put and loaded).
 */
int vregs_across_suspend(unsigned long rounds)
{
	unsigned long changed = 0, failed = 0, vtype, vl;

	csr_set(CSR_SSTATUS, SSTATUS_VS_INITIAL);
	if (!vregs_prepare(7)) {
		tap_skip("vector registers across suspend: the harts have no V");
		return 0;
	}
	vtype = csr_read(0xc21);
	vl = csr_read(0xc20);
	csr_set(CSR_SIE, SIP_STIP);
	for (unsigned long r = 0; r < rounds; r++) {
		sbi_set_timer(csr_read(CSR_TIME) + timebase_hz / 2000);
		failed += sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0, 0, 0).error != 0;
		sbi_set_timer(~0UL);
		changed += vregs_check() || csr_read(0xc21) != vtype || csr_read(0xc20) != vl;
	}
	csr_clear(CSR_SIE, SIP_STIP);
	tap_ok(!failed && !changed,
	       "vector registers across suspend: v0-v31, vl and vtype kept through %lu retentive HSM suspends (%lu changed, %lu failed)",
	       rounds, changed, failed);
	return changed || failed;
}
