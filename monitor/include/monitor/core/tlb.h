/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fences of this hart's TLBs and instruction fetch the monitor uses
 * (the H extension's hfence instructions, assembled whatever -march says).
 */
#ifndef MONITOR_TLB_H
#define MONITOR_TLB_H

/* Every G-stage entry of VMID `vmid`. */
static inline void hfence_gvma_vmid(unsigned long vmid)
{
	asm volatile(".option push\n.option arch, +h\n"
		     "hfence.gvma zero, %0\n.option pop"
		     : : "r"(vmid) : "memory");
}

/* Every G-stage entry of every VMID. */
static inline void hfence_gvma_all(void)
{
	asm volatile(".option push\n.option arch, +h\n"
		     "hfence.gvma zero, zero\n.option pop" : : : "memory");
}

/* Every VS-stage entry of the VMID hgatp holds now. */
static inline void hfence_vvma_all(void)
{
	asm volatile(".option push\n.option arch, +h\n"
		     "hfence.vvma zero, zero\n.option pop" : : : "memory");
}

static inline void fence_i(void)
{
	asm volatile("fence.i" : : : "memory");
}

#endif /* MONITOR_TLB_H */
