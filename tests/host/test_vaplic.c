// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of monitor/vdev/vaplic.c: the guest's APLIC domain in MSI mode as
 * the AIA specification defines it, against a fake host APLIC that records
 * what it is told: only owned sources exist, the domain's IE gates every
 * enable, targets name the guest's vCPUs, inactive sources read as zero,
 * and nonsense anywhere in the window touches no source not the guest's.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <monitor/vdev/vaplic.h>

#define SOURCES	96
#define VCPUS	2
#define UART	10
#define DISK	8

/* What the host APLIC holds, per source. */
static struct host {
	uint32_t sm;
	bool enabled, pending, input;
	unsigned int vcpu;
	uint32_t eiid;
	unsigned int touched;	/* calls that named it */
} host[VAPLIC_MAX_SOURCES];
static unsigned int msi_vcpu, msi_eiid, msis;
static struct vaplic aplic;

static void touch(unsigned int src)
{
	assert_true(src == UART || src == DISK);
	host[src].touched++;
}

static void set_mode(void *ctx, unsigned int src, uint32_t sm) { (void)ctx; touch(src); host[src].sm = sm; }
static void set_target(void *ctx, unsigned int src, unsigned int vcpu, uint32_t eiid)
{
	touch(src);
	assert_true(vcpu < VCPUS);
	host[src].vcpu = vcpu;
	host[src].eiid = eiid;
}
static void set_enable(void *ctx, unsigned int src, bool on) { (void)ctx; touch(src); host[src].enabled = on; }
static void set_pending(void *ctx, unsigned int src, bool on) { (void)ctx; touch(src); host[src].pending = on; }
static bool pending(void *ctx, unsigned int src) { (void)ctx; touch(src); return host[src].pending; }
static bool input(void *ctx, unsigned int src) { (void)ctx; touch(src); return host[src].input; }
static void genmsi(void *ctx, unsigned int vcpu, uint32_t eiid)
{
	msi_vcpu = vcpu;
	msi_eiid = eiid;
	msis++;
}

static const struct vaplic_ops ops = {
	set_mode, set_target, set_enable, set_pending, pending, input, genmsi,
};

static int setup(void **state)
{
	memset(host, 0, sizeof(host));
	msis = 0;
	assert_int_equal(vaplic_init(&aplic, SOURCES, VCPUS, &ops, NULL), 0);
	vaplic_own(&aplic, UART);
	vaplic_own(&aplic, DISK);
	return 0;
}

static void test_limits(void **state)
{
	struct vaplic a;

	assert_int_equal(vaplic_init(&a, VAPLIC_MAX_SOURCES, 1, &ops, NULL), ERR_INVALID);
	assert_int_equal(vaplic_init(&a, VAPLIC_MAX_SOURCES - 1, 1, &ops, NULL), 0);
}

static void test_domaincfg(void **state)
{
	/* MSI mode, fixed; bits 31:24 read 0x80. */
	assert_int_equal(vaplic_read(&aplic, APLIC_DOMAINCFG), 0x80000004);
	vaplic_write(&aplic, APLIC_DOMAINCFG, 0xffffffff);
	assert_int_equal(vaplic_read(&aplic, APLIC_DOMAINCFG), 0x80000104);
	vaplic_write(&aplic, APLIC_DOMAINCFG, 0);
	assert_int_equal(vaplic_read(&aplic, APLIC_DOMAINCFG), 0x80000004);
	/* No msiaddrcfg: not the root domain. */
	vaplic_write(&aplic, APLIC_MSIADDRCFG, 0x1234);
	assert_int_equal(vaplic_read(&aplic, APLIC_MSIADDRCFG), 0);
}

static void test_sourcecfg(void **state)
{
	vaplic_write(&aplic, APLIC_SOURCECFG(UART), APLIC_SM_LEVEL_HIGH);
	assert_int_equal(vaplic_read(&aplic, APLIC_SOURCECFG(UART)), APLIC_SM_LEVEL_HIGH);
	assert_int_equal(host[UART].sm, APLIC_SM_LEVEL_HIGH);
	/* Reserved modes, and D without children: inactive. */
	vaplic_write(&aplic, APLIC_SOURCECFG(UART), 2);
	assert_int_equal(vaplic_read(&aplic, APLIC_SOURCECFG(UART)), 0);
	vaplic_write(&aplic, APLIC_SOURCECFG(UART), APLIC_SOURCECFG_D | 1);
	assert_int_equal(vaplic_read(&aplic, APLIC_SOURCECFG(UART)), 0);
	assert_int_equal(host[UART].sm, 0);
	/* Not the guest's: reads 0, never reaches the host. */
	vaplic_write(&aplic, APLIC_SOURCECFG(9), APLIC_SM_EDGE_RISE);
	assert_int_equal(vaplic_read(&aplic, APLIC_SOURCECFG(9)), 0);
	vaplic_write(&aplic, APLIC_SOURCECFG(SOURCES + 1), APLIC_SM_EDGE_RISE);
	assert_int_equal(vaplic_read(&aplic, APLIC_SOURCECFG(SOURCES + 1)), 0);
}

static void test_enable_target(void **state)
{
	/* Inactive: enables and targets take nothing. */
	vaplic_write(&aplic, APLIC_SETIENUM, UART);
	assert_int_equal(vaplic_read(&aplic, APLIC_SETIE(0)), 0);
	vaplic_write(&aplic, APLIC_TARGET(UART), 0x40001);
	assert_int_equal(vaplic_read(&aplic, APLIC_TARGET(UART)), 0);

	vaplic_write(&aplic, APLIC_SOURCECFG(UART), APLIC_SM_LEVEL_HIGH);
	/* vCPU 1, EIID 33; a guest index is not kept (no guest files). */
	vaplic_write(&aplic, APLIC_TARGET(UART), (1U << 18) | (5U << 12) | 33);
	assert_int_equal(vaplic_read(&aplic, APLIC_TARGET(UART)), (1U << 18) | 33);
	assert_int_equal(host[UART].vcpu, 1);
	assert_int_equal(host[UART].eiid, 33);
	/* A vCPU it does not have: nowhere. */
	vaplic_write(&aplic, APLIC_TARGET(UART), (7U << 18) | 33);
	assert_int_equal(host[UART].eiid, 0);
	vaplic_write(&aplic, APLIC_TARGET(UART), 33);
	assert_int_equal(host[UART].vcpu, 0);
	assert_int_equal(host[UART].eiid, 33);

	/* Enabled, but the domain's IE is off: not on the host yet. */
	vaplic_write(&aplic, APLIC_SETIENUM, UART);
	assert_int_equal(vaplic_read(&aplic, APLIC_SETIE(0)), 1U << UART);
	assert_false(host[UART].enabled);
	vaplic_write(&aplic, APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE);
	assert_true(host[UART].enabled);
	vaplic_write(&aplic, APLIC_DOMAINCFG, 0);
	assert_false(host[UART].enabled);
	vaplic_write(&aplic, APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE);
	vaplic_write(&aplic, APLIC_CLRIE(0), 1U << UART);
	assert_false(host[UART].enabled);
	vaplic_write(&aplic, APLIC_SETIE(0), ~0U);
	assert_true(host[UART].enabled);
	/* Only the active owned source took it. */
	assert_int_equal(vaplic_read(&aplic, APLIC_SETIE(0)), 1U << UART);
	vaplic_write(&aplic, APLIC_CLRIENUM, UART);
	assert_false(host[UART].enabled);
	/* clrie reads 0. */
	assert_int_equal(vaplic_read(&aplic, APLIC_CLRIE(0)), 0);

	/* Made inactive: its enable goes, its target reads 0. */
	vaplic_write(&aplic, APLIC_SETIENUM, UART);
	vaplic_write(&aplic, APLIC_SOURCECFG(UART), 0);
	assert_false(host[UART].enabled);
	assert_int_equal(vaplic_read(&aplic, APLIC_TARGET(UART)), 0);
}

static void test_pending_input(void **state)
{
	vaplic_write(&aplic, APLIC_SOURCECFG(DISK), APLIC_SM_LEVEL_HIGH);
	host[DISK].input = true;
	assert_int_equal(vaplic_read(&aplic, APLIC_IN_CLRIP(0)), 1U << DISK);
	/* setipnum_le, as Linux retriggers a level source. */
	vaplic_write(&aplic, APLIC_SETIPNUM_LE, DISK);
	assert_true(host[DISK].pending);
	assert_int_equal(vaplic_read(&aplic, APLIC_SETIP(0)), 1U << DISK);
	vaplic_write(&aplic, APLIC_CLRIPNUM, DISK);
	assert_false(host[DISK].pending);
	vaplic_write(&aplic, APLIC_SETIPNUM_BE, (uint32_t)DISK << 24);
	assert_true(host[DISK].pending);
	vaplic_write(&aplic, APLIC_IN_CLRIP(0), 1U << DISK);
	assert_false(host[DISK].pending);
	vaplic_write(&aplic, APLIC_SETIP(0), ~0U);
	assert_true(host[DISK].pending);
	/* The UART is inactive: nothing of it. */
	assert_false(host[UART].pending);
	host[UART].input = true;
	assert_int_equal(vaplic_read(&aplic, APLIC_IN_CLRIP(0)), 1U << DISK);
}

static void test_genmsi_reset(void **state)
{
	vaplic_write(&aplic, APLIC_GENMSI, (1U << 18) | APLIC_GENMSI_BUSY | 77);
	assert_int_equal(msis, 1);
	assert_int_equal(msi_vcpu, 1);
	assert_int_equal(msi_eiid, 77);
	assert_int_equal(vaplic_read(&aplic, APLIC_GENMSI), (1U << 18) | 77);
	vaplic_write(&aplic, APLIC_GENMSI, (9U << 18) | 77);
	assert_int_equal(msis, 1);

	vaplic_write(&aplic, APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE);
	vaplic_write(&aplic, APLIC_SOURCECFG(UART), APLIC_SM_EDGE_RISE);
	vaplic_write(&aplic, APLIC_TARGET(UART), 5);
	vaplic_write(&aplic, APLIC_SETIENUM, UART);
	vaplic_reset(&aplic);
	assert_int_equal(host[UART].sm, 0);
	assert_false(host[UART].enabled);
	assert_int_equal(host[UART].eiid, 0);
	assert_int_equal(host[DISK].sm, 0);
	assert_int_equal(vaplic_read(&aplic, APLIC_DOMAINCFG), 0x80000004);
}

static uint32_t next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void test_nonsense(void **state)
{
	uint32_t x = 88172645;

	/* touch() fails the test if any other source reached the host. */
	for (int i = 0; i < 300000; i++) {
		uint64_t offset = next(&x) % (APLIC_WINDOW + 0x100);
		uint32_t value = next(&x);

		if (x & 1)
			offset &= ~3ULL;
		if ((x & 6) == 6)
			value %= SOURCES + 4;
		if (x & 8)
			vaplic_write(&aplic, offset, value);
		else
			(void)vaplic_read(&aplic, offset);
	}
	for (unsigned int s = 1; s <= SOURCES; s++)
		if (s != UART && s != DISK)
			assert_int_equal(host[s].touched, 0);
	assert_true(host[UART].sm != 2 && host[UART].sm != 3 && host[UART].sm < 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limits),
		cmocka_unit_test_setup(test_domaincfg, setup),
		cmocka_unit_test_setup(test_sourcecfg, setup),
		cmocka_unit_test_setup(test_enable_target, setup),
		cmocka_unit_test_setup(test_pending_input, setup),
		cmocka_unit_test_setup(test_genmsi_reset, setup),
		cmocka_unit_test_setup(test_nonsense, setup),
	};

	return cmocka_run_group_tests_name("virtual APLIC", tests, NULL, NULL);
}
