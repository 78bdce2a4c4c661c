// SPDX-License-Identifier: BSD-2-Clause
/* Decoding emulated guest instructions; see monitor/include/monitor/vdev/insn.h. */

#include <monitor/vdev/insn.h>

#define OPCODE(i)	((i) & 0x7f)
#define RD(i)		(((i) >> 7) & 0x1f)
#define FUNCT3(i)	(((i) >> 12) & 7)
#define RS1(i)		(((i) >> 15) & 0x1f)
#define RS2(i)		(((i) >> 20) & 0x1f)

#define OP_LOAD		0x03
#define OP_STORE	0x23
#define OP_SYSTEM	0x73

/* Compressed: quadrant, funct3, and the 3-bit registers x8-x15. */
#define C_OP(i)		((i) & 3)
#define C_FUNCT3(i)	(((i) >> 13) & 7)
#define C_RS2_PRIME(i)	((((i) >> 2) & 7) + 8)
#define C_RD_PRIME(i)	((((i) >> 2) & 7) + 8)
#define C_RD(i)		(((i) >> 7) & 0x1f)
#define C_RS2(i)	(((i) >> 2) & 0x1f)
#define C_RS1_PRIME(i)	((((i) >> 7) & 7) + 8)

#define REG_SP		2

/* Field by field: base and offset are decode_address()'s (on a hot path). */
static int set(struct insn_access *a, bool store, bool sign, unsigned int width,
	       unsigned int reg, unsigned int len)
{
	a->store = store;
	a->sign_extend = sign;
	a->width = width;
	a->reg = reg;
	a->len = len;
	return 0;
}

/* Inlined: an emulated access decodes from htinst on every exit. */
static inline __attribute__((always_inline)) int decode_32(uint32_t insn,
							   struct insn_access *a)
{
	unsigned int f3 = FUNCT3(insn);

	if (OPCODE(insn) == OP_LOAD) {
		/* lb lh lw ld lbu lhu lwu; 7 is not a load */
		if (f3 == 7)
			return ERR_INVALID;
		return set(a, false, f3 < 4 && f3 != 3, 1U << (f3 & 3), RD(insn), 4);
	}
	if (OPCODE(insn) == OP_STORE && f3 < 4)
		return set(a, true, false, 1U << f3, RS2(insn), 4);
	return ERR_INVALID;
}

static int decode_16(uint32_t insn, struct insn_access *a)
{
	unsigned int f3 = C_FUNCT3(insn);

	switch (C_OP(insn)) {
	case 0:
		switch (f3) {
		case 2: return set(a, false, true, 4, C_RD_PRIME(insn), 2);	/* c.lw */
		case 3: return set(a, false, false, 8, C_RD_PRIME(insn), 2);	/* c.ld */
		case 6: return set(a, true, false, 4, C_RS2_PRIME(insn), 2);	/* c.sw */
		case 7: return set(a, true, false, 8, C_RS2_PRIME(insn), 2);	/* c.sd */
		}
		return ERR_INVALID;
	case 2:
		switch (f3) {
		case 2:	/* c.lwsp; rd = 0 is reserved */
			return C_RD(insn) ? set(a, false, true, 4, C_RD(insn), 2) : ERR_INVALID;
		case 3:	/* c.ldsp */
			return C_RD(insn) ? set(a, false, false, 8, C_RD(insn), 2) : ERR_INVALID;
		case 6: return set(a, true, false, 4, C_RS2(insn), 2);	/* c.swsp */
		case 7: return set(a, true, false, 8, C_RS2(insn), 2);	/* c.sdsp */
		}
		return ERR_INVALID;
	}
	return ERR_INVALID;
}

/* Bits [from, from + n) of insn, placed at bit `to` of an immediate. */
static unsigned long bits(uint32_t insn, unsigned int from, unsigned int n,
			  unsigned int to)
{
	return ((insn >> from) & ((1U << n) - 1)) << to;
}

/*
 * The address a decoded access names: its base register and immediate
 * (the I- and S-type ones, sign-extended; the compressed forms' unsigned
 * ones, scaled, from the C extension's tables).
 */
static void decode_address(uint32_t insn, struct insn_access *a)
{
	if (a->len == 4) {
		a->base = RS1(insn);
		a->offset = a->store ? ((int32_t)insn >> 25) * 32 + (long)bits(insn, 7, 5, 0) :
				       (int32_t)insn >> 20;
		return;
	}
	if (C_OP(insn) == 0) {
		a->base = C_RS1_PRIME(insn);
		a->offset = bits(insn, 10, 3, 3) | (a->width == 4 ?
			    bits(insn, 6, 1, 2) | bits(insn, 5, 1, 6) :	/* c.lw, c.sw */
			    bits(insn, 5, 2, 6));			/* c.ld, c.sd */
		return;
	}
	a->base = REG_SP;
	if (!a->store)
		a->offset = bits(insn, 12, 1, 5) | (a->width == 4 ?
			    bits(insn, 4, 3, 2) | bits(insn, 2, 2, 6) :	/* c.lwsp */
			    bits(insn, 5, 2, 3) | bits(insn, 2, 3, 6));	/* c.ldsp */
	else
		a->offset = a->width == 4 ?
			    bits(insn, 9, 4, 2) | bits(insn, 7, 2, 6) :	/* c.swsp */
			    bits(insn, 10, 3, 3) | bits(insn, 7, 3, 6);	/* c.sdsp */
}

int insn_decode_access(uint32_t insn, struct insn_access *a)
{
	if (insn_length(insn) == 4 ? decode_32(insn, a) : decode_16(insn & 0xffff, a))
		return ERR_INVALID;
	decode_address(insn_length(insn) == 4 ? insn : insn & 0xffff, a);
	return 0;
}

enum insn_htinst insn_decode_htinst(unsigned long htinst, struct insn_access *a)
{
	if (!htinst)
		return INSN_HTINST_NONE;
	/*
	 * Bit 0 clear: a pseudoinstruction. The spec defines four, all
	 * implicit page-table accesses; the rest are reserved, and none is
	 * an access of the instruction at sepc.
	 */
	if (!(htinst & 1))
		return INSN_HTINST_IMPLICIT;
	/* Bit 0 set: a transformed standard instruction (bit 1 = 32-bit). */
	if (htinst >> 32 || decode_32((uint32_t)htinst | 2, a))
		return INSN_HTINST_OTHER;
	a->len = (htinst & 2) ? 4 : 2;
	return INSN_HTINST_ACCESS;
}

int insn_decode_csr(uint32_t insn, struct insn_csr *c)
{
	unsigned int f3 = FUNCT3(insn);

	if (OPCODE(insn) != OP_SYSTEM || (f3 & 3) == 0)
		return ERR_INVALID;
	*c = (struct insn_csr){ .op = (enum insn_csr_op)(f3 & 3),
				.csr = insn >> 20, .rd = RD(insn),
				.rs1 = RS1(insn), .imm = f3 & 4 };
	return 0;
}

bool insn_csr_apply(const struct insn_csr *c, unsigned long old,
		    unsigned long operand, unsigned long *new_value)
{
	switch (c->op) {
	case INSN_CSRRW:
		*new_value = operand;
		return true;
	case INSN_CSRRS:
		*new_value = old | operand;
		return c->rs1 != 0;
	default:
		*new_value = old & ~operand;
		return c->rs1 != 0;
	}
}
