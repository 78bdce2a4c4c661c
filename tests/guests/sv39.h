/* SPDX-License-Identifier: BSD-2-Clause */
/* Sv39 page-table entries and satp, for the test guests that page. */
#ifndef TESTS_GUESTS_SV39_H
#define TESTS_GUESTS_SV39_H

#include <stdint.h>

#define PTE_V		(1UL << 0)
#define PTE_R		(1UL << 1)
#define PTE_W		(1UL << 2)
#define PTE_X		(1UL << 3)
#define PTE_A		(1UL << 6)
#define PTE_D		(1UL << 7)
#define PTE_RWX		(PTE_R | PTE_W | PTE_X)
#define SATP_SV39	(8UL << 60)
#define SATP_ASID_SHIFT	44
#define SV39_GIGAPAGE	(1UL << 30)

/* A valid entry for physical address `pa` with `bits` (0: a pointer to a table). */
static inline uint64_t sv39_pte(uintptr_t pa, uint64_t bits)
{
	return ((pa >> 12) << 10) | bits | PTE_V;
}

/* Index of `va` in the table of `level` (2: the root). */
static inline unsigned int sv39_vpn(uintptr_t va, unsigned int level)
{
	return (va >> (12 + 9 * level)) & 0x1ff;
}

/* satp for root table `root`. */
static inline unsigned long sv39_satp(const void *root, unsigned long asid)
{
	return SATP_SV39 | asid << SATP_ASID_SHIFT | (uintptr_t)root >> 12;
}

#endif
