// SPDX-License-Identifier: BSD-2-Clause
/* A software IMSIC interrupt file; see monitor/include/monitor/vdev/vimsic.h. */

#include <monitor/vdev/vimsic.h>
#include <string.h>

void vimsic_init(struct vimsic_file *f, unsigned int ids)
{
	memset(f, 0, sizeof(*f));
	f->ids = ids > VIMSIC_MAX_IDS ? VIMSIC_MAX_IDS : ids;
}

/* Bits of array word `word` that name identities (0 and past ids do not). */
static uint64_t valid_bits(const struct vimsic_file *f, unsigned int word)
{
	uint64_t bits = ~0ULL;
	unsigned int first = word * 64;

	if (first > f->ids)
		return 0;
	if (f->ids - first < 63)
		bits = (1ULL << (f->ids - first + 1)) - 1;
	if (word == 0)
		bits &= ~1ULL;
	return bits;
}

/*
 * The eip or eie word `sel` names (eipN / eieN, N = sel - 0x80 or - 0xc0),
 * or NULL: not an array register, an odd N, which RV64 does not have (its
 * registers are 64 bits wide), or one past the file's identities (as KVM's
 * software files and QEMU's guest files have it).
 */
static uint64_t *array_reg(const struct vimsic_file *f, unsigned long sel,
			   unsigned int *index)
{
	bool eip = sel >= IMSIC_EIP0 && sel <= IMSIC_EIP63;
	unsigned long n = sel - (eip ? IMSIC_EIP0 : IMSIC_EIE0);

	if ((!eip && (sel < IMSIC_EIE0 || sel > IMSIC_EIE63)) || (n & 1) ||
	    n / 2 > f->ids / 64)
		return NULL;
	*index = n / 2;
	return (uint64_t *)(eip ? f->eip : f->eie) + n / 2;
}

int vimsic_reg_read(const struct vimsic_file *f, unsigned long sel,
		    uint64_t *value)
{
	unsigned int index;
	const uint64_t *word = array_reg(f, sel, &index);

	*value = 0;
	if (sel == IMSIC_EIDELIVERY)
		*value = f->eidelivery;
	else if (sel == IMSIC_EITHRESHOLD)
		*value = f->eithreshold;
	else if (word)
		*value = *word;
	else	/* 0x71, 0x73-0x7f are reserved; the rest not the file's */
		return ERR_INVALID;
	return 0;
}

int vimsic_reg_write(struct vimsic_file *f, unsigned long sel, uint64_t value)
{
	unsigned int index;
	uint64_t *word = array_reg(f, sel, &index);

	if (sel == IMSIC_EIDELIVERY)
		/* 0x40000000 (from a PLIC/APLIC) is optional: not offered. */
		f->eidelivery = value & 1;
	else if (sel == IMSIC_EITHRESHOLD)
		/* WARL: it holds every value up to the identities' count. */
		f->eithreshold = value <= f->ids ? value : f->ids;
	else if (word)
		*word = value & valid_bits(f, index);
	else
		return ERR_INVALID;
	return 0;
}

unsigned int vimsic_top(const struct vimsic_file *f)
{
	if (f->eidelivery != 1)
		return 0;
	for (unsigned int w = 0; w < VIMSIC_WORDS; w++) {
		uint64_t ready = f->eip[w] & f->eie[w];
		unsigned int id;

		if (!ready)
			continue;
		id = w * 64;
		while (!(ready & 1)) {
			ready >>= 1;
			id++;
		}
		/* Threshold 0: all; else only identities below it. */
		if (f->eithreshold && id >= f->eithreshold)
			return 0;
		return id;
	}
	return 0;
}

void vimsic_claim(struct vimsic_file *f)
{
	unsigned int top = vimsic_top(f);

	if (top)
		f->eip[top / 64] &= ~(1ULL << (top % 64));
}

void vimsic_set_pending(struct vimsic_file *f, uint32_t id)
{
	if (id && id <= f->ids)
		f->eip[id / 64] |= 1ULL << (id % 64);
}
