/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Decoding the guest instructions the monitor emulates: loads and stores
 * to emulated devices (from htinst, or the instruction itself, 16 or 32
 * bits) and CSR accesses that trap as virtual instructions. Pure bit
 * work, tested on the host (tests/host/test_insn.c).
 */
#ifndef MONITOR_INSN_H
#define MONITOR_INSN_H

#include <stdbool.h>
#include <stdint.h>

#include <lib/error.h>

/*
 * A load or store: which register, how wide, the address it names
 * (x[base] + offset) and the instruction's length.
 */
struct insn_access {
	bool store;
	bool sign_extend;	/* loads: lb, lh, lw sign-extend */
	unsigned int width;	/* bytes: 1, 2, 4, 8 */
	unsigned int reg;	/* rd of a load, rs2 of a store */
	unsigned int len;	/* 2 or 4 */
	/* insn_decode_access() only (htinst has neither): */
	unsigned int base;	/* rs1 (sp for the *sp forms) */
	long offset;		/* the immediate */
};

/* The length of the instruction whose low halfword is `low`: 2 or 4. */
static inline unsigned int insn_length(uint32_t low)
{
	return (low & 3) == 3 ? 4 : 2;
}

/*
 * Decode a load or store (RV64I and the compressed forms C.LW, C.LD, C.SW,
 * C.SD, C.LWSP, C.LDSP, C.SWSP, C.SDSP). `insn` is the instruction (its upper
 * half ignored when compressed). Returns 0, or ERR_INVALID for anything else
 * (FP loads, atomics, ...).
 */
int insn_decode_access(uint32_t insn, struct insn_access *a);

/*
 * What htinst tells after a guest-page fault (the hypervisor extension's
 * "trap instruction" values).
 */
enum insn_htinst {
	/* 0: nothing; the instruction is read from guest memory instead. */
	INSN_HTINST_NONE,
	/* The faulting load or store, transformed: `a` filled in (no address). */
	INSN_HTINST_ACCESS,
	/*
	 * A pseudoinstruction (bit 0 clear: 0x2000, 0x3000, 0x2020, 0x3020):
	 * an implicit access of the guest's own page-table walk faulted,
	 * never an access of its instruction.
	 */
	INSN_HTINST_IMPLICIT,
	/* Transformed, but nothing the monitor emulates (an AMO, an FP load). */
	INSN_HTINST_OTHER,
};

/*
 * htinst after a guest-page fault, as the hart may leave it: see above.
 * For a transformed instruction bit 1 tells the original's length (clear:
 * compressed).
 */
enum insn_htinst insn_decode_htinst(unsigned long htinst, struct insn_access *a);

/* CSR instructions (Zicsr). */
enum insn_csr_op {
	INSN_CSRRW = 1,
	INSN_CSRRS = 2,
	INSN_CSRRC = 3,
};

struct insn_csr {
	enum insn_csr_op op;
	unsigned int csr;
	unsigned int rd;
	unsigned int rs1;	/* the register, or the 5-bit immediate */
	bool imm;		/* csrrwi, csrrsi, csrrci */
};

/* Decode a CSR instruction; ERR_INVALID for anything else. */
int insn_decode_csr(uint32_t insn, struct insn_csr *c);

/*
 * The new CSR value and whether the instruction writes the CSR at all
 * (csrrs/csrrc with rs1 = x0 or uimm 0 only read).
 */
bool insn_csr_apply(const struct insn_csr *c, unsigned long old,
		    unsigned long operand, unsigned long *new_value);

#endif /* MONITOR_INSN_H */
