// SPDX-License-Identifier: BSD-2-Clause
/* A guest's VS-stage translation in software; see monitor/include/monitor/vdev/vsstage.h. */

#include <lib/bits.h>
#include <monitor/vdev/vsstage.h>

#define VPN_BITS		9
#define PTE_SIZE		8

#define PTE_V			(1ULL << 0)
#define PTE_R			(1ULL << 1)
#define PTE_W			(1ULL << 2)
#define PTE_X			(1ULL << 3)
#define PTE_PPN_SHIFT		10
#define PTE_PPN_MASK		((1ULL << 44) - 1)
/* Bits 60:54 are reserved: a walk that finds one set page-faults. */
#define PTE_RESERVED		(0x7fULL << 54)
#define PTE_N			(1ULL << 63)	/* Svnapot */
/* A NAPOT entry's PPN ends in 1000: a 64 KiB page. */
#define NAPOT_64K_BITS		4
#define NAPOT_64K_PPN		0x8ULL

static unsigned int levels_of(unsigned long mode)
{
	switch (mode) {
	case SATP_MODE_SV39: return 3;
	case SATP_MODE_SV48: return 4;
	case SATP_MODE_SV57: return 5;
	default: return 0;
	}
}

/* Bits above the mode's width must all equal its top bit. */
static bool canonical(uint64_t va, unsigned int levels)
{
	unsigned int bits = PAGE_SHIFT + levels * VPN_BITS;
	int64_t top = (int64_t)va >> (bits - 1);

	return top == 0 || top == -1;
}

static uint64_t vpn(uint64_t va, unsigned int level)
{
	return (va >> (PAGE_SHIFT + level * VPN_BITS)) & ((1U << VPN_BITS) - 1);
}

/* The address a leaf at `level` maps `va` to; false if the leaf is malformed. */
static bool leaf_address(uint64_t pte, uint64_t va, unsigned int level,
			 uint64_t *gpa)
{
	uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
	uint64_t low = (1ULL << (level * VPN_BITS)) - 1;	/* PPN bits from va */

	if (pte & PTE_N) {
		/* Svnapot: only 4 KiB leaves, only the 64 KiB size. */
		if (level || (ppn & ((1ULL << NAPOT_64K_BITS) - 1)) != NAPOT_64K_PPN)
			return false;
		low = (1ULL << NAPOT_64K_BITS) - 1;
		ppn &= ~low;
	} else if (ppn & low) {
		return false;	/* a misaligned superpage */
	}
	*gpa = ((ppn | ((va >> PAGE_SHIFT) & low)) << PAGE_SHIFT) |
	       (va & ((1ULL << PAGE_SHIFT) - 1));
	return true;
}

enum vsstage_result vsstage_translate(unsigned long vsatp, uint64_t va,
				      vsstage_read_fn read, void *ctx,
				      uint64_t *gpa)
{
	unsigned long mode = vsatp >> SATP_MODE_SHIFT;
	unsigned int levels = levels_of(mode);
	uint64_t table = (uint64_t)(vsatp & SATP_PPN_MASK) << PAGE_SHIFT;

	if (mode == SATP_MODE_BARE) {
		*gpa = va;
		return VSSTAGE_MAPPED;
	}
	if (!levels || !canonical(va, levels))
		return VSSTAGE_NOT_MAPPED;
	for (unsigned int level = levels; level-- > 0;) {
		uint64_t at = table + vpn(va, level) * PTE_SIZE, pte;

		if (!read(ctx, at, &pte)) {
			*gpa = at;
			return VSSTAGE_PTE_UNREADABLE;
		}
		if (!(pte & PTE_V) || (pte & PTE_RESERVED) ||
		    ((pte & PTE_W) && !(pte & PTE_R)))
			return VSSTAGE_NOT_MAPPED;
		if (pte & (PTE_R | PTE_X))
			return leaf_address(pte, va, level, gpa) ?
			       VSSTAGE_MAPPED : VSSTAGE_NOT_MAPPED;
		/* A pointer to the next level: N is reserved there. */
		if (pte & PTE_N)
			return VSSTAGE_NOT_MAPPED;
		table = ((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << PAGE_SHIFT;
	}
	return VSSTAGE_NOT_MAPPED;	/* no leaf at the last level */
}
