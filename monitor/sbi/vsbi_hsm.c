// SPDX-License-Identifier: BSD-2-Clause
/*
 * SBI HSM for guests: start, stop and status of vCPUs. A started vCPU
 * begins at start_addr in S-mode with a0 = its hart ID, a1 = opaque,
 * satp = 0 and interrupts off (vcpu_reset()). hart_suspend takes the
 * spec's default retentive and non-retentive types (vcpu_suspend()).
 */

#include <lib/csr.h>
#include <monitor/core/guest.h>
#include <monitor/core/monitor.h>
#include <monitor/sbi/vsbi.h>
#include <sbivisor/sbi.h>

static uint64_t stop_delay_ticks;

void vsbi_hsm_slow_stops(unsigned int ms)
{
	stop_delay_ticks = monitor->timebase_hz * ms / 1000;
}

static void hsm_stop_delay(void)
{
	uint64_t until = csr_read(CSR_TIME) + stop_delay_ticks;

	while (csr_read(CSR_TIME) < until)
		;
}

static long hsm_start(struct vcpu *v, unsigned long hartid,
		      unsigned long start_addr, unsigned long opaque)
{
	struct guest *g = v->guest;
	struct vcpu *target;
	uint64_t hpa;
	long rc = SBI_SUCCESS;

	if (hartid >= g->cfg->vcpus)
		return SBI_ERR_INVALID_PARAM;
	if (!guest_ram_hpa(g, start_addr, 2, &hpa))
		return SBI_ERR_INVALID_ADDRESS;
	target = &g->vcpus[hartid];

	/* Outside the lock, which its hart may take on its way out (a boot). */
	vcpu_state_after_stop(target);
	spin_lock(&g->lock);
	if (g->state != GUEST_RUNNING) {
		rc = SBI_ERR_FAILED;
	} else if (vcpu_get_state(target) != VCPU_STOPPED) {
		rc = SBI_ERR_ALREADY_AVAILABLE;
	} else {
		/* STOPPED: no hart touches it, so the reset is ours to write. */
		vcpu_reset(target, start_addr, hartid, opaque);
		vcpu_set_state(target, VCPU_START_PENDING);
	}
	spin_unlock(&g->lock);
	if (!rc)
		vcpu_kick(target);
	return rc;
}

static long hsm_status(struct vcpu *v, unsigned long hartid,
		       unsigned long *status)
{
	static const unsigned long sbi_state[] = {
		[VCPU_STOPPED] = SBI_HSM_STATE_STOPPED,
		[VCPU_START_PENDING] = SBI_HSM_STATE_START_PENDING,
		[VCPU_RUNNING] = SBI_HSM_STATE_STARTED,
		[VCPU_STOP_PENDING] = SBI_HSM_STATE_STOP_PENDING,
		[VCPU_SUSPENDED] = SBI_HSM_STATE_SUSPENDED,
	};

	if (hartid >= v->guest->cfg->vcpus)
		return SBI_ERR_INVALID_PARAM;
	*status = sbi_state[vcpu_state_after_stop(&v->guest->vcpus[hartid])];
	return SBI_SUCCESS;
}

static struct vsbi_ret hsm_suspend(struct vcpu *v, uint32_t type,
				   unsigned long resume_addr,
				   unsigned long opaque)
{
	bool non_retentive = type & SBI_HSM_SUSP_NON_RET_BIT;
	struct vcpu_suspend_wait how = { .non_retentive = non_retentive,
					 .resume_addr = resume_addr,
					 .opaque = opaque };
	uint64_t hpa;

	/* Beyond the defaults, all types are the platform's. */
	if ((type & SBI_HSM_SUSP_BASE_MASK) != 0) {
		if ((type & SBI_HSM_SUSP_BASE_MASK) < SBI_HSM_SUSP_PLAT_BASE)
			return VSBI_ERR(SBI_ERR_INVALID_PARAM);
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	}
	if (non_retentive && !guest_ram_hpa(v->guest, resume_addr, 2, &hpa))
		return VSBI_ERR(SBI_ERR_INVALID_ADDRESS);

	if (vcpu_suspend(v, &how))
		return VSBI_REGS_SET(v);
	return VSBI_OK(0);
}

static struct vsbi_ret vsbi_hsm_handle(struct vcpu *v, unsigned long eid,
				       unsigned long fid,
				       const unsigned long *args)
{
	unsigned long status = 0;
	long error;

	switch (fid) {
	case SBI_HSM_HART_START:
		return VSBI_ERR(hsm_start(v, args[0], args[1], args[2]));
	case SBI_HSM_HART_STOP:
		/* Out of the guest at the end of this exit; its hart finishes. */
		if (!vcpu_change_state(v, VCPU_RUNNING, VCPU_STOP_PENDING))
			return VSBI_ERR(SBI_ERR_FAILED);
		if (stop_delay_ticks)
			hsm_stop_delay();
		return VSBI_OK(0);
	case SBI_HSM_HART_GET_STATUS:
		error = hsm_status(v, args[0], &status);
		return VSBI_RET(error, status);
	case SBI_HSM_HART_SUSPEND:
		return hsm_suspend(v, vsbi_arg32(args[0]), args[1], args[2]);
	default:
		return VSBI_ERR(SBI_ERR_NOT_SUPPORTED);
	}
}

VSBI_EXTENSION_EID(hsm, SBI_EXT_HSM, vsbi_hsm_handle);
