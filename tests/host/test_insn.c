// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of monitor/vdev/insn.c: the loads, stores and CSR instructions the
 * monitor emulates, decoded from their encodings (checked against the
 * RISC-V unprivileged specification's tables), the compressed forms, and
 * htinst as the hypervisor extension transforms it.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <monitor/vdev/insn.h>

/* I-type load and S-type store encodings. */
#define LOAD(rd, f3, rs1, imm)	(((uint32_t)(imm) << 20) | ((rs1) << 15) | ((f3) << 12) | ((rd) << 7) | 0x03)
#define STORE(rs2, f3, rs1, imm) ((((uint32_t)(imm) >> 5) << 25) | ((rs2) << 20) | ((rs1) << 15) | \
				  ((f3) << 12) | (((imm) & 0x1f) << 7) | 0x23)
#define CSR(op, rd, csr, rs1)	(((uint32_t)(csr) << 20) | ((rs1) << 15) | ((op) << 12) | ((rd) << 7) | 0x73)

static void expect(uint32_t insn, bool store, bool sign, unsigned int width,
		   unsigned int reg, unsigned int len)
{
	struct insn_access a;

	assert_int_equal(insn_decode_access(insn, &a), 0);
	assert_int_equal(a.store, store);
	assert_int_equal(a.sign_extend, sign);
	assert_int_equal(a.width, width);
	assert_int_equal(a.reg, reg);
	assert_int_equal(a.len, len);
}

/* The address an access names: base register and immediate. */
static void expect_address(uint32_t insn, unsigned int base, long offset)
{
	struct insn_access a;

	assert_int_equal(insn_decode_access(insn, &a), 0);
	assert_int_equal(a.base, base);
	assert_int_equal(a.offset, offset);
}

static void test_addresses(void **state)
{
	/* I-type and S-type immediates, both signs, at their extremes. */
	expect_address(LOAD(10, 2, 11, 0), 11, 0);
	expect_address(LOAD(10, 3, 2, 2047), 2, 2047);
	expect_address(LOAD(10, 3, 2, -2048 & 0xfff), 2, -2048);
	expect_address(LOAD(5, 4, 31, -1 & 0xfff), 31, -1);
	expect_address(STORE(10, 2, 11, 4), 11, 4);
	expect_address(STORE(7, 3, 8, 2047), 8, 2047);
	expect_address(STORE(7, 0, 8, -2048 & 0xfff), 8, -2048);
	expect_address(STORE(7, 1, 9, -33 & 0xfff), 9, -33);
	/* Compressed, as GNU as encodes them (x8-x15 in 3 bits). */
	expect_address(0x4188, 11, 0);		/* c.lw a0, 0(a1) */
	expect_address(0x5ffc, 15, 124);	/* c.lw a5, 124(a5) */
	expect_address(0x4148, 10, 4);		/* c.lw a0, 4(a0) */
	expect_address(0x7ffc, 15, 248);	/* c.ld a5, 248(a5) */
	expect_address(0xdffc, 15, 124);	/* c.sw a5, 124(a5) */
	expect_address(0xfffc, 15, 248);	/* c.sd a5, 248(a5) */
	expect_address(0x50fe, 2, 252);		/* c.lwsp ra, 252(sp) */
	expect_address(0x70fe, 2, 504);		/* c.ldsp ra, 504(sp) */
	expect_address(0xdf86, 2, 252);		/* c.swsp ra, 252(sp) */
	expect_address(0xff86, 2, 504);		/* c.sdsp ra, 504(sp) */
	expect_address(0x6522, 2, 8);		/* c.ldsp a0, 8(sp) */
	expect_address(0xe42a, 2, 8);		/* c.sdsp a0, 8(sp) */
}

static void test_loads_stores(void **state)
{
	/* lw a0, 0(a1) as the assembler writes it. */
	assert_int_equal(LOAD(10, 2, 11, 0), 0x0005a503);
	expect(0x0005a503, false, true, 4, 10, 4);
	expect(LOAD(5, 0, 10, 0), false, true, 1, 5, 4);	/* lb */
	expect(LOAD(5, 1, 10, 0), false, true, 2, 5, 4);	/* lh */
	expect(LOAD(9, 3, 2, 8), false, false, 8, 9, 4);	/* ld s1, 8(sp) */
	expect(LOAD(31, 4, 1, 0), false, false, 1, 31, 4);	/* lbu */
	expect(LOAD(31, 5, 1, 0), false, false, 2, 31, 4);	/* lhu */
	expect(LOAD(0, 6, 1, -4), false, false, 4, 0, 4);	/* lwu x0 */
	/* sw a0, 4(a1) */
	assert_int_equal(STORE(10, 2, 11, 4), 0x00a5a223);
	expect(0x00a5a223, true, false, 4, 10, 4);
	expect(STORE(7, 0, 8, 100), true, false, 1, 7, 4);	/* sb */
	expect(STORE(7, 1, 8, 0), true, false, 2, 7, 4);	/* sh */
	expect(STORE(18, 3, 8, 0), true, false, 8, 18, 4);	/* sd s2 */
}

static void test_compressed(void **state)
{
	/* c.lw a0, 0(a1); c.ld; c.sw; c.sd: x8-x15 in 3 bits. */
	expect(0x4188, false, true, 4, 10, 2);
	expect(0x6188, false, false, 8, 10, 2);
	expect(0xc188, true, false, 4, 10, 2);
	expect(0xe188, true, false, 8, 10, 2);
	/* The upper half of a compressed instruction is not looked at. */
	expect(0xdead4188, false, true, 4, 10, 2);
	/* c.lwsp a0, 0(sp); c.ldsp; c.swsp a0; c.sdsp. */
	expect(0x4502, false, true, 4, 10, 2);
	expect(0x6502, false, false, 8, 10, 2);
	expect(0xc02a, true, false, 4, 10, 2);
	expect(0xe02a, true, false, 8, 10, 2);
	assert_int_equal(insn_length(0x4188), 2);
	assert_int_equal(insn_length(0x0005a503), 4);
}

static void test_not_emulated(void **state)
{
	struct insn_access a;

	assert_int_equal(insn_decode_access(0x00150513, &a), ERR_INVALID);	/* addi */
	assert_int_equal(insn_decode_access(0x00b5202f, &a), ERR_INVALID);	/* amoadd.w */
	assert_int_equal(insn_decode_access(0x0005a507, &a), ERR_INVALID);	/* flw */
	assert_int_equal(insn_decode_access(LOAD(10, 7, 11, 0), &a), ERR_INVALID);
	assert_int_equal(insn_decode_access(STORE(10, 4, 11, 0), &a), ERR_INVALID);
	assert_int_equal(insn_decode_access(0x2188, &a), ERR_INVALID);		/* c.fld */
	assert_int_equal(insn_decode_access(0xa188, &a), ERR_INVALID);		/* c.fsd */
	assert_int_equal(insn_decode_access(0x4002, &a), ERR_INVALID);		/* c.lwsp x0 */
	assert_int_equal(insn_decode_access(0x6002, &a), ERR_INVALID);		/* c.ldsp x0 */
	assert_int_equal(insn_decode_access(0x0001, &a), ERR_INVALID);		/* c.nop */
	assert_int_equal(insn_decode_access(0x0000, &a), ERR_INVALID);		/* illegal */
}

static void test_htinst(void **state)
{
	struct insn_access a;

	/* A transformed lw a0: rs1 and the offset zeroed, 32-bit original. */
	assert_int_equal(insn_decode_htinst(LOAD(10, 2, 0, 0), &a), INSN_HTINST_ACCESS);
	assert_int_equal(a.len, 4);
	assert_int_equal(a.reg, 10);
	assert_int_equal(a.width, 4);
	/* Bit 1 clear: the original was compressed. */
	assert_int_equal(insn_decode_htinst(LOAD(10, 2, 0, 0) & ~2U, &a), INSN_HTINST_ACCESS);
	assert_int_equal(a.len, 2);
	assert_int_equal(insn_decode_htinst(STORE(12, 3, 0, 0) & ~2U, &a), INSN_HTINST_ACCESS);
	assert_true(a.store);
	assert_int_equal(a.width, 8);
	/* Nothing: the instruction is read from memory. */
	assert_int_equal(insn_decode_htinst(0, &a), INSN_HTINST_NONE);
	/*
	 * The four pseudoinstructions of implicit page-table accesses (32-
	 * and 64-bit, read and write), and any other value with bit 0 clear:
	 * never an access of the guest's instruction.
	 */
	assert_int_equal(insn_decode_htinst(0x00002000, &a), INSN_HTINST_IMPLICIT);
	assert_int_equal(insn_decode_htinst(0x00002020, &a), INSN_HTINST_IMPLICIT);
	assert_int_equal(insn_decode_htinst(0x00003000, &a), INSN_HTINST_IMPLICIT);
	assert_int_equal(insn_decode_htinst(0x00003020, &a), INSN_HTINST_IMPLICIT);
	assert_int_equal(insn_decode_htinst(0x0005a502, &a), INSN_HTINST_IMPLICIT);
	/* Transformed, but an AMO, an FP load, or wider than 32 bits. */
	assert_int_equal(insn_decode_htinst(0x0000202f, &a), INSN_HTINST_OTHER);
	assert_int_equal(insn_decode_htinst(0x00002007, &a), INSN_HTINST_OTHER);
	assert_int_equal(insn_decode_htinst(0x100000003UL, &a), INSN_HTINST_OTHER);
}

static void test_csr(void **state)
{
	struct insn_csr c;
	unsigned long v;

	/* csrrw a0, stopei, a1 */
	assert_int_equal(insn_decode_csr(CSR(1, 10, 0x15c, 11), &c), 0);
	assert_int_equal(c.op, INSN_CSRRW);
	assert_int_equal(c.csr, 0x15c);
	assert_int_equal(c.rd, 10);
	assert_int_equal(c.rs1, 11);
	assert_false(c.imm);
	assert_true(insn_csr_apply(&c, 0xf0, 0x0f, &v));
	assert_int_equal(v, 0x0f);
	/* csrrs a0, sireg, x0: a read only. */
	assert_int_equal(insn_decode_csr(CSR(2, 10, 0x151, 0), &c), 0);
	assert_false(insn_csr_apply(&c, 0xf0, 0, &v));
	/* csrrsi and csrrci with an immediate. */
	assert_int_equal(insn_decode_csr(CSR(6, 5, 0x151, 3), &c), 0);
	assert_true(c.imm);
	assert_true(insn_csr_apply(&c, 0xf0, 3, &v));
	assert_int_equal(v, 0xf3);
	assert_int_equal(insn_decode_csr(CSR(7, 5, 0x151, 1), &c), 0);
	assert_int_equal(c.op, INSN_CSRRC);
	assert_true(insn_csr_apply(&c, 0xf1, 1, &v));
	assert_int_equal(v, 0xf0);
	/* ecall, wfi and sret are SYSTEM too, but not CSR instructions. */
	assert_int_equal(insn_decode_csr(0x00000073, &c), ERR_INVALID);
	assert_int_equal(insn_decode_csr(0x10500073, &c), ERR_INVALID);
	assert_int_equal(insn_decode_csr(0x10200073, &c), ERR_INVALID);
	assert_int_equal(insn_decode_csr(0x0005a503, &c), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loads_stores),
		cmocka_unit_test(test_compressed),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_not_emulated),
		cmocka_unit_test(test_htinst),
		cmocka_unit_test(test_csr),
	};

	return cmocka_run_group_tests_name("instruction decoding", tests, NULL, NULL);
}
