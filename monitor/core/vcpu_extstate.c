// SPDX-License-Identifier: BSD-2-Clause
/* A vCPU's FP and vector state; see monitor/include/monitor/core/vcpu_extstate.h. */

#include <lib/csr.h>
#include <monitor/core/monitor.h>
#include <monitor/core/vcpu.h>
#include <monitor/core/vcpu_extstate.h>
#include <string.h>

/* vtype.vill: what vtype holds at reset, no vector configuration set. */
#define VTYPE_VILL	(1UL << 63)
#define VECTOR_REGS	32

/* sstatus.FS or .VS of the hart (the vCPU's own HS-level field) set to `value`. */
static void set_field(unsigned long field, unsigned long value)
{
	csr_clear(CSR_SSTATUS, field & ~value);
	csr_set(CSR_SSTATUS, value);
}

unsigned long vcpu_vector_size(void)
{
	return monitor->vector ? VECTOR_REGS * monitor->vlenb : 0;
}

void vcpu_extstate_reset(struct vcpu *v)
{
	struct vcpu_extstate *x = &v->ext;

	memset(&x->fp, 0, sizeof(x->fp));
	x->fp_live = x->vec_live = false;
	if (monitor->vector) {
		memset(x->vec.regs, 0, vcpu_vector_size());
		x->vec.vstart = x->vec.vcsr = x->vec.vl = 0;
		x->vec.vtype = VTYPE_VILL;
	}
}

/* Into the hart, then Clean: only a guest write makes it Dirty. */
static void fp_restore(struct vcpu *v)
{
	set_field(SSTATUS_FS, SSTATUS_FS_INITIAL);
	vcpu_fp_restore(&v->ext.fp);
	set_field(SSTATUS_FS, SSTATUS_FS_CLEAN);
}

static void vector_restore(struct vcpu *v)
{
	set_field(SSTATUS_VS, SSTATUS_VS_INITIAL);
	vcpu_vector_restore(&v->ext.vec);
	set_field(SSTATUS_VS, SSTATUS_VS_CLEAN);
}

void vcpu_extstate_load(struct vcpu *v)
{
	if (v->ext.fp_live)
		fp_restore(v);
	if (v->ext.vec_live)
		vector_restore(v);
}

/* Dirty in the hart's field or in the guest's own. */
static bool dirty(unsigned long sstatus, unsigned long vsstatus,
		  unsigned long field, unsigned long value)
{
	return (sstatus & field) == value || (vsstatus & field) == value;
}

void vcpu_extstate_put(struct vcpu *v, unsigned long vsstatus)
{
	unsigned long sstatus = csr_read(CSR_SSTATUS);

	if (v->ext.fp_live && dirty(sstatus, vsstatus, SSTATUS_FS, SSTATUS_FS_DIRTY)) {
		vcpu_fp_save(&v->ext.fp);
		set_field(SSTATUS_FS, SSTATUS_FS_CLEAN);
	}
	if (v->ext.vec_live && dirty(sstatus, vsstatus, SSTATUS_VS, SSTATUS_VS_DIRTY)) {
		vcpu_vector_save(&v->ext.vec);
		set_field(SSTATUS_VS, SSTATUS_VS_CLEAN);
	}
}

bool vcpu_extstate_first_use(struct vcpu *v)
{
	unsigned long vsstatus = csr_read(CSR_VSSTATUS);
	struct vcpu_extstate *x = &v->ext;

	/*
	 * A field of its own vsstatus Off: the instruction is illegal for
	 * the guest itself. Live already: the HS-level field is on too.
	 */
	if (monitor->fp && !x->fp_live && (vsstatus & SSTATUS_FS)) {
		x->fp_live = true;
		fp_restore(v);
		return true;
	}
	if (monitor->vector && !x->vec_live && (vsstatus & SSTATUS_VS)) {
		x->vec_live = true;
		vector_restore(v);
		return true;
	}
	return false;
}

bool vcpu_extstate_all_live(const struct vcpu *v)
{
	return (!monitor->fp || v->ext.fp_live) && (!monitor->vector || v->ext.vec_live);
}
