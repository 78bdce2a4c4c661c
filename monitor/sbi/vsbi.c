// SPDX-License-Identifier: BSD-2-Clause
/* Dispatch of guests' SBI calls; see monitor/include/monitor/sbi/vsbi.h. */

#include <lib/csr.h>
#include <monitor/core/monitor.h>
#include <monitor/core/vcpu.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>

extern const struct vsbi_extension __vsbi_extensions_start[];
extern const struct vsbi_extension __vsbi_extensions_end[];

#define VSBI_TABLE	__vsbi_extensions_start
#define VSBI_COUNT	((size_t)(__vsbi_extensions_end - __vsbi_extensions_start))

static struct vsbi_index vsbi_index;

void vsbi_init(void)
{
	const char *a, *b;

	if (vsbi_check_table(VSBI_TABLE, VSBI_COUNT, &a, &b))
		monitor_fail("guest SBI extensions %s and %s overlap or are malformed",
			     a, b);
	if (vsbi_index_build(&vsbi_index, VSBI_TABLE, VSBI_COUNT))
		monitor_fail("guest SBI extensions: more than the dispatch index holds");
}

long vsbi_probe(struct vcpu *v, unsigned long eid)
{
	const struct vsbi_extension *ext = vsbi_index_find(&vsbi_index, eid);

	if (!ext)
		return 0;
	return ext->probe ? ext->probe(v, eid) : 1;
}

void vsbi_handle_ecall(struct vcpu *v)
{
	unsigned long *x = v->regs.gpr.x;
	const struct vsbi_extension *ext = vsbi_index_find(&vsbi_index, x[REG_A7]);
	struct vsbi_ret ret;

	if (!ext) {
		x[REG_A0] = SBI_ERR_NOT_SUPPORTED;
		x[REG_A1] = 0;
	} else {
		ret = ext->handle(v, x[REG_A7], x[REG_A6], &x[REG_A0]);
		if (v->sbi_regs_set) {
			v->sbi_regs_set = false;
			return;
		}
		x[REG_A0] = ret.error;
		if (!ext->legacy)
			x[REG_A1] = ret.value;
	}
	csr_write(CSR_SEPC, csr_read(CSR_SEPC) + 4);
}
