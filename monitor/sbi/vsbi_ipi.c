// SPDX-License-Identifier: BSD-2-Clause
/* SBI IPI for guests: a VS-level software interrupt on each target vCPU. */

#include <monitor/core/guest.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>

/* Inlined into the handler: the IPI path is measured (make bench). */
static inline __attribute__((always_inline)) void
ipi_send(struct guest *g, unsigned long targets)
{
	for (unsigned int i = 0; targets >> i; i++)
		if ((targets >> i) & 1)
			vcpu_set_interrupt(&g->vcpus[i], IRQ_VS_SOFT);
}

void vsbi_ipi_send(struct guest *g, unsigned long targets)
{
	ipi_send(g, targets);
}

static struct vsbi_ret vsbi_ipi_handle(struct vcpu *v, unsigned long eid,
				       unsigned long fid,
				       const unsigned long *args)
{
	struct guest *g = v->guest;
	unsigned long targets;
	long error;

	if (fid != SBI_IPI_SEND_IPI)
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	error = vsbi_hart_mask(args[0], args[1], g->cfg->vcpus, &targets);
	if (!error)
		ipi_send(g, targets);
	return VSBI_ERR(error);
}

VSBI_EXTENSION_EID(ipi, SBI_EXT_IPI, vsbi_ipi_handle);
