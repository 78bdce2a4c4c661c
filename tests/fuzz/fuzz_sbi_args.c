// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target: the SBI argument decoding guests reach with any
 * register values, each against a plain reference written here:
 *  - vsbi_hart_mask(): hart_mask / hart_mask_base to a set of vCPUs;
 *  - range_inside(): is [base, base + len) inside a region (the check in
 *    front of every guest buffer, DBCN's and HSM's addresses);
 *  - vsbi_index_find(): the O(1) EID lookup against a linear search over
 *    a table with the monitor's EID ranges.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <monitor/boot/mem.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>
#include <sbivisor/sbivisor_ext.h>

#define CHECK(cond)		\
	do {			\
		if (!(cond))	\
			abort();\
	} while (0)

static long reference_hart_mask(unsigned long mask, unsigned long base,
				unsigned int count, unsigned long *targets)
{
	*targets = 0;
	if (base == -1UL) {
		for (unsigned int i = 0; i < count && i < 64; i++)
			*targets |= 1UL << i;
		return SBI_SUCCESS;
	}
	for (unsigned int bit = 0; bit < 64; bit++) {
		unsigned __int128 hart = (unsigned __int128)base + bit;

		if (!(mask >> bit & 1))
			continue;
		if (hart >= count)
			return *targets = 0, SBI_ERR_INVALID_PARAM;
		*targets |= 1UL << (unsigned int)hart;
	}
	return SBI_SUCCESS;
}

static bool reference_inside(uint64_t base, uint64_t len, uint64_t outer,
			     uint64_t outer_len)
{
	unsigned __int128 end = (unsigned __int128)base + len;
	unsigned __int128 outer_end = (unsigned __int128)outer + outer_len;

	return base >= outer && end <= outer_end;
}

static bool reference_overlap(uint64_t a, uint64_t a_len, uint64_t b, uint64_t b_len)
{
	unsigned __int128 a_end = (unsigned __int128)a + a_len;
	unsigned __int128 b_end = (unsigned __int128)b + b_len;

	return a_len && b_len && (a > b ? a : b) < (a_end < b_end ? a_end : b_end);
}

static struct vsbi_ret no_call(struct vcpu *v, unsigned long eid, unsigned long fid,
			       const unsigned long *args)
{
	return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
}

/* The monitor's extensions' EID ranges (monitor/vsbi_*.c). */
static const struct vsbi_extension table[] = {
	{ .name = "legacy", .eid_start = 0x00, .eid_end = 0x0f, .handle = no_call },
	{ .name = "base", .eid_start = SBI_EXT_BASE, .eid_end = SBI_EXT_BASE, .handle = no_call },
	{ .name = "time", .eid_start = SBI_EXT_TIME, .eid_end = SBI_EXT_TIME, .handle = no_call },
	{ .name = "ipi", .eid_start = SBI_EXT_IPI, .eid_end = SBI_EXT_IPI, .handle = no_call },
	{ .name = "rfence", .eid_start = SBI_EXT_RFENCE, .eid_end = SBI_EXT_RFENCE, .handle = no_call },
	{ .name = "hsm", .eid_start = SBI_EXT_HSM, .eid_end = SBI_EXT_HSM, .handle = no_call },
	{ .name = "srst", .eid_start = SBI_EXT_SRST, .eid_end = SBI_EXT_SRST, .handle = no_call },
	{ .name = "susp", .eid_start = SBI_EXT_SUSP, .eid_end = SBI_EXT_SUSP, .handle = no_call },
	{ .name = "dbcn", .eid_start = SBI_EXT_DBCN, .eid_end = SBI_EXT_DBCN, .handle = no_call },
	{ .name = "sbivisor", .eid_start = SBIVISOR_EXT_ID, .eid_end = SBIVISOR_EXT_ID, .handle = no_call },
};
#define TABLE_SIZE	(sizeof(table) / sizeof(table[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vsbi_index index;
	static bool built;
	uint64_t w[5] = { 0 };
	unsigned long got, want;
	unsigned int count;

	if (!built) {
		CHECK(!vsbi_index_build(&index, table, TABLE_SIZE));
		built = true;
	}
	memcpy(w, data, size < sizeof(w) ? size : sizeof(w));
	count = w[4] % 65;	/* vCPUs in the guest: 0 to 64 */

	CHECK(vsbi_hart_mask(w[0], w[1], count, &got) ==
	      reference_hart_mask(w[0], w[1], count, &want));
	CHECK(got == want);
	CHECK(range_inside(w[0], w[1], w[2], w[3]) == reference_inside(w[0], w[1], w[2], w[3]));
	/* Its callers give it ranges that do not wrap (range_valid()). */
	if (range_valid(w[0], w[1]) && range_valid(w[2], w[3]))
		CHECK(ranges_overlap(w[0], w[1], w[2], w[3]) ==
		      reference_overlap(w[0], w[1], w[2], w[3]));
	for (unsigned int i = 0; i < 4; i++)
		CHECK(vsbi_index_find(&index, w[i]) == vsbi_find(table, TABLE_SIZE, w[i]));
	return 0;
}
