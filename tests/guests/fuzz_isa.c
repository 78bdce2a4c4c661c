// SPDX-License-Identifier: BSD-2-Clause
/*
 * The ISA a guest is told it has, tried (bootargs isa=1, and in the main
 * run): each extension of RVA23S64 that its cpu node lists must run as on
 * bare hardware, from S-mode and, where U-mode may use it, from U-mode,
 * with senvcfg's enables doing what they say; what the monitor withholds
 * must not be listed. The instructions are encoded by hand: the
 * toolchain's assembler predates most of them.
 */

#include <libfdt.h>
#include <lib/format.h>
#include <lib/sbi_call.h>
#include <sbivisor/sbi.h>
#include <string.h>

#include "fuzz_run.h"
#include "guest.h"
#include "sv39.h"

#define INSN_LR_W_A1		0x1005a52fU	/* lr.w a0, (a1) */
#define INSN_WRS_NTO		0x00d00073U
#define INSN_WRS_STO		0x01d00073U
#define INSN_FLI_D_F0_ONE	0xf2180053U	/* fli.d f0, 1.0 */
#define INSN_FMV_X_D_A0_F0	0xe2000553U	/* fmv.x.d a0, f0 */
#define INSN_MOP_R_0		0x81c5c573U	/* mop.r.0 a0, a1 */
#define INSN_C_MOP_1_C_NOP	0x00016081U	/* c.mop.1; c.nop */
#define INSN_SINVAL_VMA		0x16000073U	/* sinval.vma zero, zero */
#define INSN_SFENCE_W_INVAL	0x18000073U
#define INSN_SFENCE_INVAL_IR	0x18100073U
#define INSN_CBO_INVAL_A1	0x0005a00fU	/* cbo.inval (a1) */
#define INSN_CBO_CLEAN_A1	0x0015a00fU
#define INSN_CBO_FLUSH_A1	0x0025a00fU
#define INSN_CBO_ZERO_A1	0x0045a00fU
#define INSN_AMOADD_B		0x00c5852fU	/* amoadd.b a0, a2, (a1) */
#define INSN_LD_A0_A1		0x0005b503U	/* ld a0, 0(a1) */
#define INSN_SD_A2_A1		0x00c5b023U	/* sd a2, 0(a1) */
#define INSN_SEED_RW		0x01501573U	/* csrrw a0, seed, zero */
#define INSN_SEED_READ		0x01502573U	/* csrrs a0, seed, zero: illegal */
#define INSN_SSP_WRITE		0x01159573U	/* csrrw a0, ssp, a1 */
#define INSN_SSP_READ		0x01102573U	/* csrrs a0, ssp, zero */

#define SENVCFG_CBIE_INVAL	(3UL << 4)
#define SENVCFG_CBCFE		(1UL << 6)
#define SENVCFG_CBZE		(1UL << 7)
#define SENVCFG_PMM		(3UL << 32)
#define SENVCFG_PMM_PMLEN16	(3UL << 32)
#define SEED_OPST(v)		(((v) >> 30) & 3)
#define SEED_ES16		2
#define SEED_DEAD		3
#define SEED_ENTROPY		0xffffUL
#define DOUBLE_ONE		0x3ff0000000000000UL
#define AD_VA			0x40000000UL	/* its page in the second GiB */

static const char *exts;
static int exts_len;
static uint8_t block[4096] __attribute__((aligned(4096)));
static uint64_t ad_tables[3][512] __attribute__((aligned(4096)));

static bool has(const char *name)
{
	for (int at = 0; exts && at < exts_len; at += strlen(exts + at) + 1)
		if (!strcmp(exts + at, name))
			return true;
	return false;
}

static bool ran(const struct insn_outcome *o)
{
	return !o->trapped;
}

static bool illegal(const struct insn_outcome *o, bool user)
{
	return o->trapped && o->scause == EXC_ILLEGAL_INST && o->from_user == user &&
	       o->sepc == run_insn_code;
}

static struct insn_outcome run(uint32_t insn, uint32_t insn2, bool user,
			       unsigned long a0, unsigned long a1, unsigned long a2)
{
	struct insn_trial t = { .insn = insn, .insn2 = insn2, .user = user,
				.a0 = a0, .a1 = a1, .a2 = a2 };

	return run_insn(&t);
}

static void report(bool ok, const char *ext, const char *what,
		   const struct insn_outcome *o)
{
	if (o->trapped)
		tap_ok(ok, "ISA %s: %s (trapped: scause %lu at 0x%lx)", ext, what,
		       o->scause, o->sepc);
	else
		tap_ok(ok, "ISA %s: %s (ran)", ext, what);
}

static uint32_t cpu_u32(const void *fdt, int cpu, const char *name)
{
	int len;
	const fdt32_t *v = fdt_getprop(fdt, cpu, name, &len);

	return v && len == 4 ? fdt32_to_cpu(*v) : 0;
}

static bool all_bytes(const uint8_t *p, unsigned long n, uint8_t value)
{
	for (unsigned long i = 0; i < n; i++)
		if (p[i] != value)
			return false;
	return true;
}

/* cbo.zero: a whole block, from S-mode, and from U-mode as senvcfg.CBZE says. */
static void try_zicboz(unsigned long size)
{
	unsigned long senvcfg = csr_read(CSR_SENVCFG);
	unsigned long at = (unsigned long)block + size;	/* a block inside */
	struct insn_outcome o;
	bool ok;

	if (!size || 4 * size > sizeof(block)) {
		tap_ok(false, "ISA zicboz: riscv,cboz-block-size %lu given", size);
		return;
	}
	memset(block, 0xa5, sizeof(block));
	o = run(INSN_CBO_ZERO_A1, 0, false, 0, at + 8, 0);
	ok = ran(&o) && all_bytes(block + size, size, 0) &&
	     all_bytes(block, size, 0xa5) && all_bytes(block + 2 * size, size, 0xa5);
	report(ok, "zicboz", "cbo.zero from S-mode zeroes its block of riscv,cboz-block-size bytes, only it", &o);

	memset(block, 0xa5, sizeof(block));
	csr_write(CSR_SENVCFG, senvcfg & ~SENVCFG_CBZE);
	o = run(INSN_CBO_ZERO_A1, 0, true, 0, at, 0);
	report(illegal(&o, true) && all_bytes(block, sizeof(block), 0xa5), "zicboz",
	       "cbo.zero from U-mode with senvcfg.CBZE clear: illegal, memory kept", &o);
	csr_write(CSR_SENVCFG, senvcfg | SENVCFG_CBZE);
	o = run(INSN_CBO_ZERO_A1, 0, true, 0, at, 0);
	report(ran(&o) && all_bytes(block + size, size, 0), "zicboz",
	       "cbo.zero from U-mode with senvcfg.CBZE set zeroes the block", &o);
	csr_write(CSR_SENVCFG, senvcfg);
}

/* cbo.clean/flush/inval: from S-mode; from U-mode as senvcfg says. */
static void try_zicbom(void)
{
	static const uint32_t ops[] = { INSN_CBO_CLEAN_A1, INSN_CBO_FLUSH_A1, INSN_CBO_INVAL_A1 };
	unsigned long senvcfg = csr_read(CSR_SENVCFG), at = (unsigned long)block;
	struct insn_outcome o[3], u_off[3], u_on[3];
	bool ok = true, off = true, on = true;

	memset(block, 0x5a, 64);
	for (unsigned int i = 0; i < 3; i++) {
		o[i] = run(ops[i], 0, false, 0, at, 0);
		ok = ok && ran(&o[i]);
	}
	report(ok && all_bytes(block, 64, 0x5a), "zicbom",
	       "cbo.clean, cbo.flush and cbo.inval from S-mode run, the data kept", &o[2]);
	csr_write(CSR_SENVCFG, senvcfg & ~(SENVCFG_CBCFE | SENVCFG_CBIE_INVAL));
	for (unsigned int i = 0; i < 3; i++) {
		u_off[i] = run(ops[i], 0, true, 0, at, 0);
		off = off && illegal(&u_off[i], true);
	}
	report(off, "zicbom", "each from U-mode with senvcfg.CBCFE and CBIE clear: illegal", &u_off[0]);
	csr_write(CSR_SENVCFG, senvcfg | SENVCFG_CBCFE | SENVCFG_CBIE_INVAL);
	for (unsigned int i = 0; i < 3; i++) {
		u_on[i] = run(ops[i], 0, true, 0, at, 0);
		on = on && ran(&u_on[i]);
	}
	report(on && all_bytes(block, 64, 0x5a), "zicbom",
	       "each from U-mode with them set runs", &u_on[0]);
	csr_write(CSR_SENVCFG, senvcfg);
}

/*
 * WRS.NTO/STO after an LR, from S- and U-mode: each ends (U-mode may run
 * them; on a shared hart they trap to the monitor, which yields).
 */
static void try_zawrs(void)
{
	static volatile uint32_t word;
	static const struct { uint32_t insn; const char *name; } waits[] = {
		{ INSN_WRS_NTO, "wrs.nto" }, { INSN_WRS_STO, "wrs.sto" },
	};

	for (unsigned int i = 0; i < 2; i++)
		for (int user = 0; user < 2; user++) {
			struct insn_outcome o = run(INSN_LR_W_A1, waits[i].insn, user, 0,
						    (unsigned long)&word, 0);
			char what[64];

			fmt_snprintf(what, sizeof(what), "%s after lr.w from %s-mode ends",
				     waits[i].name, user ? "U" : "S");
			report(ran(&o), "zawrs", what, &o);
		}
}

static void try_zfa(void)
{
	unsigned long sstatus = csr_read(CSR_SSTATUS);
	struct insn_outcome o;

	csr_set(CSR_SSTATUS, SSTATUS_FS_INITIAL);
	o = run(INSN_FLI_D_F0_ONE, INSN_FMV_X_D_A0_F0, false, 0, 0, 0);
	csr_write(CSR_SSTATUS, sstatus | (csr_read(CSR_SSTATUS) & SSTATUS_FS));
	report(ran(&o) && o.a0 == DOUBLE_ONE, "zfa", "fli.d f0, 1.0 loads 1.0", &o);
}

/* Zimop and Zcmop: may-be-operations; mop.r.0 writes 0, c.mop.1 nothing. */
static void try_mops(void)
{
	for (int user = 0; user < 2; user++) {
		struct insn_outcome o = run(INSN_MOP_R_0, 0, user, 0x1234, 0x5678, 0);

		report(ran(&o) && o.a0 == 0, "zimop", user ? "mop.r.0 from U-mode writes 0" :
		       "mop.r.0 from S-mode writes 0", &o);
	}
	if (has("zcmop")) {
		for (int user = 0; user < 2; user++) {
			struct insn_outcome o = run(INSN_C_MOP_1_C_NOP, 0, user, 0x1234, 0, 0);

			report(ran(&o) && o.a0 == 0x1234, "zcmop", user ?
			       "c.mop.1 from U-mode leaves registers be" :
			       "c.mop.1 from S-mode leaves registers be", &o);
		}
	}
}

/*
 * The spec makes all three illegal from U-mode. QEMU 10 runs SFENCE.W.INVAL
 * and SFENCE.INVAL.IR there (its issues 3493 and 3543), without a trap
 * the monitor could act on: those two are skipped when they run, and must
 * be illegal when they trap.
 */
static void try_svinval(void)
{
	static const struct { uint32_t insn; const char *name; bool qemu_runs; } ops[] = {
		{ INSN_SFENCE_W_INVAL, "sfence.w.inval", true },
		{ INSN_SINVAL_VMA, "sinval.vma", false },
		{ INSN_SFENCE_INVAL_IR, "sfence.inval.ir", true },
	};
	char what[64];

	for (unsigned int i = 0; i < 3; i++) {
		struct insn_outcome s = run(ops[i].insn, 0, false, 0, 0, 0);
		struct insn_outcome u = run(ops[i].insn, 0, true, 0, 0, 0);

		fmt_snprintf(what, sizeof(what), "%s from S-mode runs", ops[i].name);
		report(ran(&s), "svinval", what, &s);
		if (ops[i].qemu_runs && !u.trapped) {
			tap_skip("ISA svinval: %s ran in U-mode (QEMU 10 does not trap it)",
				 ops[i].name);
			continue;
		}
		fmt_snprintf(what, sizeof(what), "%s from U-mode: illegal", ops[i].name);
		report(illegal(&u, true), "svinval", what, &u);
	}
}

static void try_zabha(void)
{
	static volatile uint8_t bytes[4] = { 1, 2, 3, 4 };
	struct insn_outcome o = run(INSN_AMOADD_B, 0, false, 0, (unsigned long)&bytes[1], 0xff);

	report(ran(&o) && o.a0 == 2 && bytes[0] == 1 && bytes[1] == 1 && bytes[2] == 3,
	       "zabha", "amoadd.b adds to its byte only", &o);
}

/*
 * seed: entropy from S-mode with csrrw; a read-only access and U-mode
 * illegal. Only bits 31:0 are the seed's (QEMU sign-extends them to 64, the
 * spec gives no upper bits, Linux masks them off): bits 63:32 unchecked.
 */
static void try_zkr(void)
{
	unsigned long es16 = 0, dead = 0, changed = 0, first = 0;
	struct insn_outcome o = { 0 }, ro, user;
	bool trapped = false;

	for (unsigned int i = 0; i < 64; i++) {
		o = run(INSN_SEED_RW, 0, false, 0, 0, 0);
		trapped |= o.trapped;
		es16 += SEED_OPST(o.a0) == SEED_ES16;
		dead += SEED_OPST(o.a0) == SEED_DEAD;
		if (!i)
			first = o.a0 & SEED_ENTROPY;
		changed += (o.a0 & SEED_ENTROPY) != first;
	}
	tap_ok(!trapped && es16 && !dead && changed,
	       "ISA zkr: csrrw of seed from S-mode: %lu of 64 ES16, none DEAD, entropy changing (last 0x%lx%s)",
	       es16, o.a0 & 0xffffffffUL, trapped ? ", trapped" : "");
	ro = run(INSN_SEED_READ, 0, false, 0, 0, 0);
	report(illegal(&ro, false), "zkr", "csrrs of seed with x0 from S-mode: illegal", &ro);
	user = run(INSN_SEED_RW, 0, true, 0, 0, 0);
	report(illegal(&user, true), "zkr", "csrrw of seed from U-mode: illegal", &user);
}

/*
 * Supm: senvcfg.PMM takes PMLEN=16 (the guest's own, kept per vCPU), and a
 * U-mode load through a pointer tagged in its top 16 bits reaches the word.
 */
static void try_supm(void)
{
	static volatile unsigned long word = 0x600dc0de;
	unsigned long senvcfg = csr_read(CSR_SENVCFG), got;
	struct insn_outcome o;

	csr_write(CSR_SENVCFG, (senvcfg & ~SENVCFG_PMM) | SENVCFG_PMM_PMLEN16);
	got = csr_read(CSR_SENVCFG) & SENVCFG_PMM;
	if (got != SENVCFG_PMM_PMLEN16) {
		csr_write(CSR_SENVCFG, senvcfg);
		tap_ok(false, "ISA supm: senvcfg.PMM takes PMLEN=16 (reads 0x%lx)", got >> 32);
		return;
	}
	o = run(INSN_LD_A0_A1, 0, true, 0, (unsigned long)&word | 0xabcdUL << 48, 0);
	csr_write(CSR_SENVCFG, senvcfg);
	report(ran(&o) && o.a0 == word, "supm",
	       "senvcfg.PMM=PMLEN16: a U-mode load through a tagged pointer reads its word", &o);
}

static bool fwft_serves(unsigned long feature)
{
	return !sbi_ecall(SBI_EXT_FWFT, SBI_FWFT_GET, feature, 0, 0).error;
}

static long fwft_set(unsigned long feature, unsigned long value)
{
	return sbi_ecall(SBI_EXT_FWFT, SBI_FWFT_SET, feature, value, 0).error;
}

/*
 * Zicfiss, turned on through FWFT SHADOW_STACK: ssp is the guest's then
 * (written, read back), and an illegal instruction while it is off.
 */
static void try_zicfiss(void)
{
	struct insn_outcome off, on;

	off = run(INSN_SSP_READ, 0, false, 0, 0, 0);
	report(illegal(&off, false), "zicfiss", "ssp from S-mode, SHADOW_STACK off: illegal", &off);
	tap_ok(!fwft_set(SBI_FWFT_SHADOW_STACK, 1), "FWFT: SHADOW_STACK on");
	on = run(INSN_SSP_WRITE, INSN_SSP_READ, false, 0, 0x5a5a000, 0);
	report(ran(&on) && on.a0 == 0x5a5a000, "zicfiss",
	       "ssp from S-mode, SHADOW_STACK on: written and read back", &on);
	tap_ok(!fwft_set(SBI_FWFT_SHADOW_STACK, 0), "FWFT: SHADOW_STACK off again");
}

/*
 * Svadu or Svade, whichever it is told: a load and a store through a
 * VS-stage leaf with A and D clear either set them in hardware (Svadu:
 * henvcfg.ADUE) or fault, the entry kept (Svade). Its RAM is mapped by a
 * gigapage, its own page at AD_VA by a leaf of its own.
 */
static void try_ad(bool svadu)
{
	uint64_t *root = ad_tables[0], *mid = ad_tables[1], *leaf = ad_tables[2];
	uint64_t *pte = &leaf[sv39_vpn(AD_VA, 0)];
	uintptr_t ram_giga = (uintptr_t)block & ~(SV39_GIGAPAGE - 1);
	struct insn_outcome load, store;
	uint64_t after_load, after_store;

	memset(ad_tables, 0, sizeof(ad_tables));
	root[sv39_vpn(ram_giga, 2)] = sv39_pte(ram_giga, PTE_RWX | PTE_A | PTE_D);
	root[sv39_vpn(AD_VA, 2)] = sv39_pte((uintptr_t)mid, 0);
	mid[sv39_vpn(AD_VA, 1)] = sv39_pte((uintptr_t)leaf, 0);
	*pte = sv39_pte((uintptr_t)block, PTE_R | PTE_W);
	*(volatile uint64_t *)block = 0x5a5a;
	asm volatile("sfence.vma" ::: "memory");
	csr_write(CSR_SATP, sv39_satp(root, 0));
	asm volatile("sfence.vma" ::: "memory");
	load = run(INSN_LD_A0_A1, 0, false, 0, AD_VA, 0);
	after_load = *(volatile uint64_t *)pte;
	store = run(INSN_SD_A2_A1, 0, false, 0, AD_VA, 0xad);
	after_store = *(volatile uint64_t *)pte;
	csr_write(CSR_SATP, 0);
	asm volatile("sfence.vma" ::: "memory");

	if (svadu) {
		report(ran(&load) && load.a0 == 0x5a5a && (after_load & PTE_A) &&
		       !(after_load & PTE_D), "svadu",
		       "a load through a leaf with A clear sets A in hardware", &load);
		report(ran(&store) && (after_store & PTE_D) &&
		       *(volatile uint64_t *)block == 0xad, "svadu",
		       "a store through it sets D in hardware", &store);
	} else {
		report(load.trapped && load.scause == EXC_LOAD_PAGE_FAULT && load.stval == AD_VA &&
		       !(after_load & (PTE_A | PTE_D)), "svade",
		       "a load through a leaf with A clear: a load page fault, the entry kept", &load);
		report(store.trapped && store.scause == EXC_STORE_PAGE_FAULT &&
		       store.stval == AD_VA && !(after_store & (PTE_A | PTE_D)) &&
		       *(volatile uint64_t *)block == 0x5a5a, "svade",
		       "a store through it: a store page fault, memory and entry kept", &store);
	}
}

void test_isa(const void *fdt)
{
	/* What the monitor does not virtualize (monitor/boot/guest_fdt.c). */
	static const char *const withheld[] = {
		"h", "sscofpmf", "zihpm", "smstateen",
		"ssstateen", "smnpm", "ssnpm", "sdtrig", "smrnmi", "smcntrpmf",
	};
	int cpu = fdt_path_offset(fdt, "/cpus/cpu@0");
	unsigned int tried = 0, listed = 0;

	exts = cpu >= 0 ? fdt_getprop(fdt, cpu, "riscv,isa-extensions", &exts_len) : NULL;
	if (!exts) {
		tap_skip("ISA: no riscv,isa-extensions in /cpus/cpu@0");
		return;
	}
	for (int at = 0; at < exts_len; at += strlen(exts + at) + 1)
		listed++;
	for (unsigned int i = 0; i < sizeof(withheld) / sizeof(withheld[0]); i++)
		tap_ok(!has(withheld[i]), "ISA: %s, which the monitor withholds, not listed",
		       withheld[i]);
	if (has("zicboz") && ++tried)
		try_zicboz(cpu_u32(fdt, cpu, "riscv,cboz-block-size"));
	if (has("zicbom") && ++tried)
		try_zicbom();
	if (has("zawrs") && ++tried)
		try_zawrs();
	if (has("zfa") && has("d") && ++tried)
		try_zfa();
	if (has("zimop") && ++tried)
		try_mops();
	if (has("svinval") && ++tried)
		try_svinval();
	if (has("zabha") && ++tried)
		try_zabha();
	if (has("zkr") && ++tried)
		try_zkr();
	if (has("supm") && ++tried)
		try_supm();
	/* Listed exactly where SBI FWFT can turn them on. */
	tap_ok(has("zicfilp") == fwft_serves(SBI_FWFT_LANDING_PAD),
	       "ISA: zicfilp listed only where FWFT serves LANDING_PAD");
	tap_ok(has("zicfiss") == fwft_serves(SBI_FWFT_SHADOW_STACK),
	       "ISA: zicfiss listed only where FWFT serves SHADOW_STACK");
	if (has("zicfiss") && ++tried)
		try_zicfiss();
	if (has("svadu") && has("svade") && ++tried) {
		/* Svade until FWFT turns hardware updates on (the binding). */
		tap_ok(fwft_serves(SBI_FWFT_PTE_AD_HW_UPDATING),
		       "ISA: svadu and svade both listed, FWFT serves PTE_AD_HW_UPDATING");
		try_ad(false);
		tap_ok(!fwft_set(SBI_FWFT_PTE_AD_HW_UPDATING, 1), "FWFT: PTE_AD_HW_UPDATING on");
		try_ad(true);
		tap_ok(!fwft_set(SBI_FWFT_PTE_AD_HW_UPDATING, 0), "FWFT: PTE_AD_HW_UPDATING off again");
		try_ad(false);
	} else if ((has("svadu") || has("svade")) && ++tried) {
		try_ad(has("svadu"));
	}
	printf("fuzz: ISA: %u extensions listed, %u of them tried\n", listed, tried);
}
