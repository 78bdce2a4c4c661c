/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's own address translation (the VS stage), walked in software:
 * the guest-physical address a guest-virtual one reaches through the page
 * tables vsatp names, or the page-table entry the walk could not read from
 * guest RAM. The monitor asks it when a guest-page fault does not say
 * (htinst 0) whether the guest's access faulted or its page-table walk
 * did (monitor/vdev/mmio_decode.c). Pure, so tested on the host
 * (tests/host/test_vsstage.c).
 */
#ifndef MONITOR_VSSTAGE_H
#define MONITOR_VSSTAGE_H

#include <stdbool.h>
#include <stdint.h>

/* satp.MODE values (the privileged spec's names). */
#define SATP_MODE_BARE		0UL
#define SATP_MODE_SV39		8UL
#define SATP_MODE_SV48		9UL
#define SATP_MODE_SV57		10UL
#define SATP_MODE_SHIFT		60
#define SATP_PPN_MASK		((1UL << 44) - 1)

enum vsstage_result {
	VSSTAGE_MAPPED,		/* *gpa: where the address leads */
	VSSTAGE_PTE_UNREADABLE,	/* *gpa: the entry the walk could not read */
	VSSTAGE_NOT_MAPPED,	/* a page fault of the guest's own */
};

/*
 * Read the 8-byte page-table entry at guest-physical `gpa` (8-aligned);
 * false when that is not guest RAM (an emulated window, a device).
 */
typedef bool (*vsstage_read_fn)(void *ctx, uint64_t gpa, uint64_t *pte);

/*
 * Translate `va` as the guest's MMU would through `vsatp` (Bare, Sv39,
 * Sv48, Sv57; superpages and Svnapot's 64 KiB pages). Only the address is
 * looked at, not the permissions: the hardware has checked those already
 * when it reports a fault of the final access.
 */
enum vsstage_result vsstage_translate(unsigned long vsatp, uint64_t va,
				      vsstage_read_fn read, void *ctx,
				      uint64_t *gpa);

#endif /* MONITOR_VSSTAGE_H */
