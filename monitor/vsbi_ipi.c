// SPDX-License-Identifier: BSD-2-Clause
/* SBI IPI for guests: a VS-level software interrupt on each target vCPU. */

#include <monitor/guest.h>
#include <monitor/vsbi.h>
#include <sbivisor/sbi.h>

static void vsbi_ipi_handle(struct vcpu *v, struct vsbi_call *call)
{
	struct guest *g = v->guest;
	unsigned long targets;

	if (call->fid != SBI_IPI_SEND_IPI) {
		call->error = SBI_ERR_NOT_SUPPORTED;
		return;
	}
	call->error = vsbi_hart_mask(call->args[0], call->args[1],
				     g->cfg->vcpus, &targets);
	for (unsigned int i = 0; !call->error && targets >> i; i++)
		if ((targets >> i) & 1)
			vcpu_set_interrupt(&g->vcpus[i], IRQ_VS_SOFT);
}

VSBI_EXTENSION(ipi) = {
	.name = "ipi",
	.eid_start = SBI_EXT_IPI,
	.eid_end = SBI_EXT_IPI,
	.handle = vsbi_ipi_handle,
};
