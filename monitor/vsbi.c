// SPDX-License-Identifier: BSD-2-Clause
/* Dispatch of guests' SBI calls; see monitor/include/monitor/vsbi.h. */

#include <monitor/monitor.h>
#include <monitor/vcpu.h>
#include <monitor/vsbi.h>
#include <sbivisor/sbi.h>

extern const struct vsbi_extension __vsbi_extensions_start[];
extern const struct vsbi_extension __vsbi_extensions_end[];

#define VSBI_TABLE	__vsbi_extensions_start
#define VSBI_COUNT	((size_t)(__vsbi_extensions_end - __vsbi_extensions_start))

void vsbi_init(void)
{
	const char *a, *b;

	if (vsbi_check_table(VSBI_TABLE, VSBI_COUNT, &a, &b))
		monitor_fail("guest SBI extensions %s and %s overlap or are malformed",
			     a, b);
}

long vsbi_probe(struct vcpu *v, unsigned long eid)
{
	const struct vsbi_extension *ext = vsbi_find(VSBI_TABLE, VSBI_COUNT, eid);

	if (!ext)
		return 0;
	return ext->probe ? ext->probe(v, eid) : 1;
}

void vsbi_handle_ecall(struct vcpu *v)
{
	unsigned long *x = v->regs.gpr.x;
	struct vsbi_call call = {
		.eid = x[REG_A7],
		.fid = x[REG_A6],
		.args = &x[REG_A0],
		.error = SBI_ERR_NOT_SUPPORTED,
	};
	const struct vsbi_extension *ext;

	ext = vsbi_find(VSBI_TABLE, VSBI_COUNT, call.eid);
	if (ext) {
		call.error = SBI_SUCCESS;
		ext->handle(v, &call);
	}

	x[REG_A0] = call.legacy ? call.value : (unsigned long)call.error;
	if (!call.legacy)
		x[REG_A1] = call.value;
	v->regs.sepc += 4;
}
