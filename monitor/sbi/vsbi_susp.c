// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI System Suspend for guests: suspend to RAM. Taken only when the
 * calling vCPU is the guest's last one running (else SBI_ERR_DENIED); that
 * vCPU then waits, its hart suspended through the firmware with the
 * monitor's context kept (HART_SUSPEND), until an interrupt it enabled is
 * pending: a timer it set, an IPI, a device; or, if its configuration says
 * wakeup-after-suspend-ms, that long after (the platform's wake-up alarm,
 * docs/config-binding.md). It resumes at resume_addr
 * with a0 = its hart ID, a1 = opaque, satp = 0, SIE = 0; its RAM and
 * counters are as they were. Once every guest is suspended or stopped,
 * every hart is suspended: the system is.
 */

#include <lib/console.h>
#include <lib/csr.h>
#include <monitor/core/guest.h>
#include <monitor/core/monitor.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>

static bool others_stopped(struct vcpu *v)
{
	struct guest *g = v->guest;

	for (unsigned int i = 0; i < g->cfg->vcpus; i++)
		if (&g->vcpus[i] != v &&
		    vcpu_state_after_stop(&g->vcpus[i]) != VCPU_STOPPED)
			return false;
	return true;
}

static struct vsbi_ret vsbi_susp_handle(struct vcpu *v, unsigned long eid,
					unsigned long fid,
					const unsigned long *args)
{
	uint32_t type = vsbi_arg32(args[0]);
	unsigned long resume_addr = args[1], opaque = args[2];
	struct guest *g = v->guest;
	struct vcpu_suspend_wait how = { .non_retentive = true, .system = true,
					 .resume_addr = resume_addr,
					 .opaque = opaque };
	uint64_t hpa;

	if (fid != SBI_SUSP_SYSTEM_SUSPEND)
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	if (type > SBI_SUSP_SLEEP_TYPE_SUSPEND_TO_RAM &&
	    type < SBI_SUSP_SLEEP_TYPE_PLATFORM)
		return VSBI_ERR(SBI_ERR_INVALID_PARAM);
	if (type >= SBI_SUSP_SLEEP_TYPE_PLATFORM)
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	if (!guest_ram_hpa(g, resume_addr, 2, &hpa))
		return VSBI_ERR(SBI_ERR_INVALID_ADDRESS);
	if (!others_stopped(v))
		return VSBI_ERR(SBI_ERR_DENIED);

	printf("monitor: guest %s: suspended to RAM\n", g->cfg->name);
	if (g->cfg->wakeup_after_suspend_ms)
		how.wake_at = csr_read(CSR_TIME) +
			      monitor->timebase_hz * g->cfg->wakeup_after_suspend_ms / 1000;
	/*
	 * Resumed here, or (stopped meanwhile, or waiting off a shared hart)
	 * a return value the resume overwrites or nobody sees.
	 */
	if (vcpu_suspend(v, &how))
		return VSBI_REGS_SET(v);
	return VSBI_OK(0);
}

VSBI_EXTENSION_EID(susp, SBI_EXT_SUSP, vsbi_susp_handle);
