/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The register files a guest turns on itself, through its vsstatus: FP
 * (FS: f0-f31, fcsr) and, on harts with V, vector (VS: v0-v31 at the
 * hart's vlenb, vstart, vcsr, vl, vtype). Each is lazy twice over:
 *
 * - It is not in the hart until the vCPU first uses it. Until then the
 *   HS-level sstatus field is Off for the vCPU, so its first FP or vector
 *   instruction (or CSR access) traps as an illegal instruction to the
 *   monitor, which loads the state (zero from reset) and lets the
 *   instruction run again (vcpu_extstate_first_use()). A guest that never
 *   uses one costs nothing for it.
 * - From then on it is restored at every load and saved at a put only
 *   when the guest dirtied it.
 *
 * The spec makes a change from VS-mode dirty both sstatus and vsstatus;
 * QEMU 10 dirties only vsstatus for a write of an FP or vector CSR, so
 * either one counts.
 */
#ifndef MONITOR_VCPU_EXTSTATE_H
#define MONITOR_VCPU_EXTSTATE_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

struct vcpu_fp {
	uint64_t f[32];
	unsigned long fcsr;
};

struct vcpu_vector {
	uint8_t *regs;		/* 32 * vlenb bytes, at boot (monitor/core/guest.c) */
	unsigned long vstart;
	unsigned long vcsr;
	unsigned long vl;
	unsigned long vtype;
};

struct vcpu_extstate {
	struct vcpu_fp fp;
	struct vcpu_vector vec;
	bool fp_live;		/* in use: restored at every load */
	bool vec_live;
};

/* Bytes of vector registers a vCPU keeps (0 without V). */
unsigned long vcpu_vector_size(void);

/* As at reset: nothing live, every register 0, vtype.vill set. */
void vcpu_extstate_reset(struct vcpu *v);

/* On its load, after sstatus: what is live, restored (then Clean). */
void vcpu_extstate_load(struct vcpu *v);

/* On its put, `vsstatus` as it is now: what the guest dirtied, saved. */
void vcpu_extstate_put(struct vcpu *v, unsigned long vsstatus);

/*
 * An illegal-instruction exit: if it is the vCPU's first use of FP or V
 * (that field of its vsstatus on, the HS-level one still Off), load that
 * state and return true: the guest runs the instruction again. False:
 * the illegal instruction is the guest's own.
 */
bool vcpu_extstate_first_use(struct vcpu *v);

/* Whether every register file the harts have is live (hedeleg). */
bool vcpu_extstate_all_live(const struct vcpu *v);

/* monitor/core/switch.S: with sstatus.FS / sstatus.VS on. */
void vcpu_fp_save(struct vcpu_fp *fp);
void vcpu_fp_restore(const struct vcpu_fp *fp);
void vcpu_vector_save(struct vcpu_vector *vec);
void vcpu_vector_restore(const struct vcpu_vector *vec);

#endif /* MONITOR_VCPU_EXTSTATE_H */
