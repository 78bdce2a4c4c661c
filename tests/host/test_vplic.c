// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of monitor/vdev/vplic.c: the guest's PLIC registers as the PLIC
 * specification defines them, the lines it raises per context, claim and
 * complete, hw sources completed on the host only once the guest completes
 * them, and nonsense written anywhere in the window ignored.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <monitor/vdev/vplic.h>

#define NDEV		95
#define CONTEXTS	2
#define THRESHOLD(c)	(VPLIC_CONTEXT_BASE + (c) * VPLIC_CONTEXT_STRIDE)
#define CLAIM(c)	(THRESHOLD(c) + VPLIC_CONTEXT_CLAIM)
#define ENABLE(c, w)	(VPLIC_ENABLE_BASE + (c) * VPLIC_ENABLE_STRIDE + (w) * 4)
#define PRIORITY(s)	(VPLIC_PRIORITY_BASE + (s) * 4)
#define PENDING(w)	(VPLIC_PENDING_BASE + (w) * 4)

static struct vplic plic;
static bool line[CONTEXTS];
static unsigned int line_changes;
static unsigned int completed[16], completed_count;

static void set_line(void *ctx, unsigned int context, bool on)
{
	assert_ptr_equal(ctx, &plic);
	assert_true(context < CONTEXTS);
	/* Told only when it changes. */
	assert_true(line[context] != on);
	line[context] = on;
	line_changes++;
}

static void complete_hw(void *ctx, unsigned int source)
{
	assert_ptr_equal(ctx, &plic);
	/* Only hw sources ever reach the host. */
	assert_true(source == 8 || source == 10);
	if (completed_count < 16)
		completed[completed_count] = source;
	completed_count++;
}

static const struct vplic_ops ops = { set_line, complete_hw };

static int setup(void **state)
{
	memset(line, 0, sizeof(line));
	line_changes = completed_count = 0;
	assert_int_equal(vplic_init(&plic, NDEV, CONTEXTS, &ops, &plic), 0);
	vplic_set_hw(&plic, 8);
	vplic_set_hw(&plic, 10);
	return 0;
}

static void test_limits(void **state)
{
	struct vplic p;

	assert_int_equal(vplic_init(&p, VPLIC_MAX_SOURCES, 1, &ops, NULL), ERR_INVALID);
	assert_int_equal(vplic_init(&p, 1, VPLIC_MAX_CONTEXTS + 1, &ops, NULL), ERR_INVALID);
	assert_int_equal(vplic_init(&p, VPLIC_MAX_SOURCES - 1, VPLIC_MAX_CONTEXTS,
				    &ops, NULL), 0);
	assert_int_equal(VPLIC_SIZE(2), 0x202000);
}

static void test_registers(void **state)
{
	/* Priorities: 3 bits; source 0 and sources past ndev do not exist. */
	vplic_write(&plic, PRIORITY(8), 0xffffffff);
	assert_int_equal(vplic_read(&plic, PRIORITY(8)), 7);
	vplic_write(&plic, PRIORITY(0), 5);
	assert_int_equal(vplic_read(&plic, PRIORITY(0)), 0);
	vplic_write(&plic, PRIORITY(NDEV + 1), 5);
	assert_int_equal(vplic_read(&plic, PRIORITY(NDEV + 1)), 0);
	/* Enables: bit 0 (source 0) and bits past ndev stay zero. */
	vplic_write(&plic, ENABLE(1, 0), 0xffffffff);
	assert_int_equal(vplic_read(&plic, ENABLE(1, 0)), 0xfffffffe);
	vplic_write(&plic, ENABLE(1, 2), 0xffffffff);
	assert_int_equal(vplic_read(&plic, ENABLE(1, 2)), 0xffffffff);
	/* Sources 0..95 make 3 words: word 3 does not exist. */
	vplic_write(&plic, ENABLE(1, 3), 0xffffffff);
	assert_int_equal(vplic_read(&plic, ENABLE(1, 3)), 0);
	/* No context 2. */
	vplic_write(&plic, ENABLE(2, 0), 0xffffffff);
	assert_int_equal(vplic_read(&plic, ENABLE(2, 0)), 0);
	vplic_write(&plic, THRESHOLD(2), 3);
	assert_int_equal(vplic_read(&plic, THRESHOLD(2)), 0);
	/* Thresholds: 3 bits. */
	vplic_write(&plic, THRESHOLD(0), 0x1f);
	assert_int_equal(vplic_read(&plic, THRESHOLD(0)), 7);
	/* Pending bits are read-only. */
	vplic_write(&plic, PENDING(0), 0xffffffff);
	assert_int_equal(vplic_read(&plic, PENDING(0)), 0);
	/* Misaligned and reserved offsets: nothing. */
	vplic_write(&plic, PRIORITY(9) + 1, 7);
	assert_int_equal(vplic_read(&plic, PRIORITY(9)), 0);
	assert_int_equal(vplic_read(&plic, PRIORITY(8) + 2), 0);
	vplic_write(&plic, THRESHOLD(0) + 8, 7);
	assert_int_equal(vplic_read(&plic, THRESHOLD(0) + 8), 0);
	assert_int_equal(line_changes, 0);
}

static void test_claim_complete(void **state)
{
	vplic_write(&plic, PRIORITY(10), 1);
	vplic_write(&plic, ENABLE(0, 0), 1U << 10);

	/* Fired: pending, and context 0's line goes up. */
	vplic_raise(&plic, 10);
	assert_int_equal(vplic_read(&plic, PENDING(0)), 1U << 10);
	assert_true(line[0]);
	assert_false(line[1]);

	/* Claimed: no longer pending, the line down, a second claim gets 0. */
	assert_int_equal(vplic_read(&plic, CLAIM(0)), 10);
	assert_int_equal(vplic_read(&plic, PENDING(0)), 0);
	assert_false(line[0]);
	assert_int_equal(vplic_read(&plic, CLAIM(0)), 0);
	assert_int_equal(completed_count, 0);

	/* Completed in the wrong context (not enabled there): ignored. */
	vplic_write(&plic, CLAIM(1), 10);
	assert_int_equal(completed_count, 0);
	/* A source that is not claimed: ignored. */
	vplic_write(&plic, CLAIM(0), 8);
	vplic_write(&plic, CLAIM(0), 1000);
	assert_int_equal(completed_count, 0);
	/* Completed: now the host completes it too, once. */
	vplic_write(&plic, CLAIM(0), 10);
	assert_int_equal(completed_count, 1);
	assert_int_equal(completed[0], 10);
	vplic_write(&plic, CLAIM(0), 10);
	assert_int_equal(completed_count, 1);
}

static void test_priority_threshold(void **state)
{
	vplic_write(&plic, PRIORITY(8), 2);
	vplic_write(&plic, PRIORITY(10), 5);
	vplic_write(&plic, ENABLE(0, 0), (1U << 8) | (1U << 10));
	vplic_write(&plic, ENABLE(1, 0), 1U << 8);
	vplic_write(&plic, THRESHOLD(0), 5);

	/* Priority 5 does not beat threshold 5: no line, yet claimable. */
	vplic_raise(&plic, 10);
	assert_false(line[0]);
	vplic_write(&plic, THRESHOLD(0), 4);
	assert_true(line[0]);
	/* Both pending: the higher priority is claimed first. */
	vplic_raise(&plic, 8);
	assert_true(line[1]);
	assert_int_equal(vplic_read(&plic, CLAIM(0)), 10);
	/* 8 (priority 2) does not beat threshold 4 on context 0; context 1 takes it. */
	assert_false(line[0]);
	assert_true(line[1]);
	assert_int_equal(vplic_read(&plic, CLAIM(1)), 8);
	assert_false(line[1]);
	/* Priority 0 never interrupts nor is claimed. */
	vplic_write(&plic, PRIORITY(9), 0);
	vplic_write(&plic, ENABLE(1, 0), 1U << 9);
	vplic_raise(&plic, 9);
	assert_false(line[1]);
	assert_int_equal(vplic_read(&plic, CLAIM(1)), 0);
	/* Equal priorities: the lower ID first. */
	vplic_write(&plic, PRIORITY(40), 3);
	vplic_write(&plic, PRIORITY(33), 3);
	vplic_write(&plic, ENABLE(1, 1), (1U << 8) | (1U << 1));
	vplic_raise(&plic, 40);
	vplic_raise(&plic, 33);
	assert_int_equal(vplic_read(&plic, CLAIM(1)), 33);
	assert_int_equal(vplic_read(&plic, CLAIM(1)), 40);
}

static void test_disabled_stays_pending(void **state)
{
	vplic_write(&plic, PRIORITY(10), 1);
	vplic_raise(&plic, 10);
	assert_false(line[0]);
	/* Enabled later: delivered then. */
	vplic_write(&plic, ENABLE(0, 0), 1U << 10);
	assert_true(line[0]);
	vplic_write(&plic, ENABLE(0, 0), 0);
	assert_false(line[0]);
	assert_int_equal(vplic_read(&plic, PENDING(0)), 1U << 10);
	/* Nonexistent sources fire nothing. */
	vplic_raise(&plic, 0);
	vplic_raise(&plic, NDEV + 1);
	vplic_raise(&plic, 100000);
	assert_int_equal(vplic_read(&plic, PENDING(0)), 1U << 10);
}

static void test_reset(void **state)
{
	vplic_write(&plic, PRIORITY(8), 1);
	vplic_write(&plic, PRIORITY(10), 1);
	vplic_write(&plic, ENABLE(0, 0), (1U << 8) | (1U << 10));
	vplic_raise(&plic, 8);
	vplic_raise(&plic, 10);
	assert_int_equal(vplic_read(&plic, CLAIM(0)), 8);
	/* A reboot: 8 (claimed) and 10 (pending) are the host's to complete. */
	vplic_reset(&plic);
	assert_int_equal(completed_count, 2);
	assert_int_equal(completed[0], 8);
	assert_int_equal(completed[1], 10);
	assert_false(line[0]);
	assert_int_equal(vplic_read(&plic, PRIORITY(8)), 0);
	assert_int_equal(vplic_read(&plic, ENABLE(0, 0)), 0);
	/* Still hw sources afterwards. */
	vplic_write(&plic, PRIORITY(8), 1);
	vplic_write(&plic, ENABLE(0, 0), 1U << 8);
	vplic_raise(&plic, 8);
	assert_int_equal(vplic_read(&plic, CLAIM(0)), 8);
	vplic_write(&plic, CLAIM(0), 8);
	assert_int_equal(completed_count, 3);
}

/* xorshift32: every bit of it random enough, unlike an LCG's low bits. */
static uint32_t next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void test_nonsense(void **state)
{
	uint32_t seed = 12345;

	/* The hw sources fire now and then; give them a chance to be seen. */
	vplic_write(&plic, PRIORITY(8), 1);
	vplic_write(&plic, ENABLE(0, 0), 1U << 8);
	/*
	 * Random writes and reads all over the window: nothing crashes, the
	 * registers keep their bounds, and the lines only say what is true.
	 */
	for (int i = 0; i < 200000; i++) {
		uint64_t offset;
		uint32_t value;

		static const uint64_t hot[] = {
			PRIORITY(8), PRIORITY(10), ENABLE(0, 0), ENABLE(1, 0),
			THRESHOLD(0), CLAIM(0), CLAIM(1),
		};

		next(&seed);
		offset = (seed >> 4) % (VPLIC_SIZE(CONTEXTS) + 0x1000);
		if (seed & 1)
			offset &= ~3ULL;
		/* A quarter of them where claims and completions happen. */
		if ((seed & 6) == 6)
			offset = hot[(seed >> 8) % 7];
		value = next(&seed);
		/* Completions name real sources now and then. */
		if ((offset == CLAIM(0) || offset == CLAIM(1)) && (seed & 8))
			value %= 12;
		if (i % 3)
			vplic_write(&plic, offset, value);
		else
			(void)vplic_read(&plic, offset);
		if (i % 7 == 0)
			vplic_raise(&plic, value % (NDEV + 3));
		if (i % 5 == 0)
			vplic_raise(&plic, i % 2 ? 8 : 10);
	}
	for (unsigned int s = 0; s <= NDEV + 1; s++)
		assert_true(vplic_read(&plic, PRIORITY(s)) <= 7);
	assert_int_equal(vplic_read(&plic, PRIORITY(0)), 0);
	for (unsigned int c = 0; c < CONTEXTS; c++) {
		assert_true(vplic_read(&plic, THRESHOLD(c)) <= 7);
		assert_int_equal(vplic_read(&plic, ENABLE(c, 0)) & 1, 0);
	}
	/* Whatever the guest did, the host completed only hw sources. */
	assert_true(completed_count > 0);
}

/*
 * The lines against the spec's definition after every step of random
 * raises, priority, enable and threshold writes, claims and completions:
 * a context's line is up exactly when a source is pending, enabled there,
 * not claimed, and of a priority above its threshold (and above 0).
 */
static void test_lines_follow_the_spec(void **state)
{
	enum { SOURCES = 12 };
	bool claimed[SOURCES + 1] = { false };
	uint32_t seed = 777;

	for (int i = 0; i < 100000; i++) {
		unsigned int src = 1 + next(&seed) % SOURCES, c = next(&seed) % CONTEXTS;
		uint32_t value = next(&seed);

		switch (next(&seed) % 6) {
		case 0: case 1:
			vplic_raise(&plic, src);
			break;
		case 2:
			vplic_write(&plic, PRIORITY(src), value % 8);
			break;
		case 3:
			vplic_write(&plic, ENABLE(c, 0), value & 0x1ffe);
			break;
		case 4:
			if (value & 1) {
				vplic_write(&plic, THRESHOLD(c), value % 8);
			} else {
				unsigned int got = vplic_read(&plic, CLAIM(c));

				if (got)
					claimed[got] = true;
			}
			break;
		default:
			/* A completion of a claimed source, in a context it is enabled in. */
			if (claimed[src] && (vplic_read(&plic, ENABLE(c, 0)) >> src & 1)) {
				vplic_write(&plic, CLAIM(c), src);
				claimed[src] = false;
			}
			break;
		}
		for (unsigned int ctx = 0; ctx < CONTEXTS; ctx++) {
			uint32_t pending = vplic_read(&plic, PENDING(0));
			uint32_t enable = vplic_read(&plic, ENABLE(ctx, 0));
			uint32_t threshold = vplic_read(&plic, THRESHOLD(ctx));
			bool want = false;

			for (unsigned int s = 1; s <= SOURCES; s++)
				want |= (pending >> s & 1) && (enable >> s & 1) && !claimed[s] &&
					vplic_read(&plic, PRIORITY(s)) > threshold;
			assert_int_equal(line[ctx], want);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limits),
		cmocka_unit_test_setup(test_registers, setup),
		cmocka_unit_test_setup(test_claim_complete, setup),
		cmocka_unit_test_setup(test_priority_threshold, setup),
		cmocka_unit_test_setup(test_disabled_stays_pending, setup),
		cmocka_unit_test_setup(test_reset, setup),
		cmocka_unit_test_setup(test_nonsense, setup),
		cmocka_unit_test_setup(test_lines_follow_the_spec, setup),
	};

	return cmocka_run_group_tests_name("virtual PLIC", tests, NULL, NULL);
}
