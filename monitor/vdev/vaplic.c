// SPDX-License-Identifier: BSD-2-Clause
/* A guest's virtual APLIC; see monitor/include/monitor/vdev/vaplic.h. */

#include <lib/bits.h>
#include <monitor/vdev/vaplic.h>
#include <string.h>

#define BIT(n)		(1U << ((n) % 32))
#define WORD(n)		((n) / 32)

/* An owned source the guest made active: the only ones that exist for it. */
static bool active(const struct vaplic *a, unsigned int src)
{
	return src && src <= a->sources && (a->owned[WORD(src)] & BIT(src)) &&
	       a->sm[src] != APLIC_SM_INACTIVE;
}

static bool owned(const struct vaplic *a, unsigned int src)
{
	return src && src <= a->sources && (a->owned[WORD(src)] & BIT(src));
}

static void push_enable(struct vaplic *a, unsigned int src)
{
	a->ops->set_enable(a->ctx, src,
			   a->ie && (a->enabled[WORD(src)] & BIT(src)));
}

static void push_target(struct vaplic *a, unsigned int src)
{
	unsigned int hart = a->target[src] >> APLIC_TARGET_HART_SHIFT;
	uint32_t eiid = a->target[src] & APLIC_TARGET_EIID_MASK;

	/* A hart index the guest does not have: its MSIs go nowhere. */
	a->ops->set_target(a->ctx, src, hart < a->vcpus ? hart : 0,
			   hart < a->vcpus ? eiid : 0);
}

int vaplic_init(struct vaplic *a, unsigned int sources, unsigned int vcpus,
		const struct vaplic_ops *ops, void *ctx)
{
	if (sources >= VAPLIC_MAX_SOURCES)
		return ERR_INVALID;
	memset(a, 0, sizeof(*a));
	a->sources = sources;
	a->vcpus = vcpus;
	a->ops = ops;
	a->ctx = ctx;
	return 0;
}

void vaplic_own(struct vaplic *a, unsigned int src)
{
	if (src && src <= a->sources)
		a->owned[WORD(src)] |= BIT(src);
}

void vaplic_reset(struct vaplic *a)
{
	a->ie = false;
	a->genmsi = 0;
	memset(a->enabled, 0, sizeof(a->enabled));
	for (unsigned int src = 1; src <= a->sources; src++) {
		if (!owned(a, src))
			continue;
		a->sm[src] = APLIC_SM_INACTIVE;
		a->target[src] = 0;
		a->ops->set_enable(a->ctx, src, false);
		a->ops->set_mode(a->ctx, src, APLIC_SM_INACTIVE);
		a->ops->set_pending(a->ctx, src, false);
		a->ops->set_target(a->ctx, src, 0, 0);
	}
}

static void write_sourcecfg(struct vaplic *a, unsigned int src, uint32_t value)
{
	uint32_t sm = value & 7;

	/* No child domains: D is zero, and the reserved modes mean inactive. */
	if ((value & APLIC_SOURCECFG_D) || sm == 2 || sm == 3)
		sm = APLIC_SM_INACTIVE;
	if (sm == a->sm[src])
		return;
	if (sm == APLIC_SM_INACTIVE) {
		/* An inactive source's pending and enable bits are zero. */
		a->enabled[WORD(src)] &= ~BIT(src);
		a->target[src] = 0;
		push_enable(a, src);
		a->ops->set_pending(a->ctx, src, false);
	}
	a->sm[src] = sm;
	a->ops->set_mode(a->ctx, src, sm);
}

/* setip, in_clrip, setie: what the host says of the active owned sources. */
static uint32_t read_word(struct vaplic *a, unsigned int k,
			  bool (*get)(void *, unsigned int))
{
	uint32_t bits = 0;

	for (unsigned int b = 0; b < 32; b++)
		if (active(a, k * 32 + b) && get(a->ctx, k * 32 + b))
			bits |= 1U << b;
	return bits;
}

static void set_pending(struct vaplic *a, unsigned int src, bool on)
{
	if (active(a, src))
		a->ops->set_pending(a->ctx, src, on);
}

static void set_enabled(struct vaplic *a, unsigned int src, bool on)
{
	if (!active(a, src))
		return;
	if (on)
		a->enabled[WORD(src)] |= BIT(src);
	else
		a->enabled[WORD(src)] &= ~BIT(src);
	push_enable(a, src);
}

static void for_each_bit(struct vaplic *a, unsigned int k, uint32_t bits,
			 void (*fn)(struct vaplic *, unsigned int, bool), bool on)
{
	for (unsigned int b = 0; b < 32; b++)
		if (bits & (1U << b))
			fn(a, k * 32 + b, on);
}

uint32_t vaplic_read(struct vaplic *a, uint64_t offset)
{
	unsigned int src, k;

	if (offset & 3 || offset >= APLIC_WINDOW)
		return 0;
	if (offset == APLIC_DOMAINCFG)
		return APLIC_DOMAINCFG_FIXED | APLIC_DOMAINCFG_DM |
		       (a->ie ? APLIC_DOMAINCFG_IE : 0);
	if (offset >= APLIC_SOURCECFG(1) && offset <= APLIC_SOURCECFG(1023)) {
		src = (offset - APLIC_SOURCECFG(1)) / 4 + 1;
		return owned(a, src) ? a->sm[src] : 0;
	}
	if (offset >= APLIC_SETIP(0) && offset < APLIC_SETIPNUM) {
		k = (offset - APLIC_SETIP(0)) / 4;
		return read_word(a, k, a->ops->pending);
	}
	if (offset >= APLIC_IN_CLRIP(0) && offset < APLIC_CLRIPNUM) {
		k = (offset - APLIC_IN_CLRIP(0)) / 4;
		return read_word(a, k, a->ops->input);
	}
	if (offset >= APLIC_SETIE(0) && offset < APLIC_SETIENUM) {
		k = (offset - APLIC_SETIE(0)) / 4;
		return k < VAPLIC_WORDS ? a->enabled[k] : 0;
	}
	if (offset == APLIC_GENMSI)
		return a->genmsi;
	if (offset >= APLIC_TARGET(1) && offset <= APLIC_TARGET(1023)) {
		src = (offset - APLIC_TARGET(1)) / 4 + 1;
		return active(a, src) ? a->target[src] : 0;
	}
	/* msiaddrcfg (not a root domain), clrie, the *num registers: 0. */
	return 0;
}

void vaplic_write(struct vaplic *a, uint64_t offset, uint32_t value)
{
	unsigned int src;

	if (offset & 3 || offset >= APLIC_WINDOW)
		return;
	if (offset == APLIC_DOMAINCFG) {
		/* DM is fixed (MSI) and BE zero: only IE changes. */
		a->ie = value & APLIC_DOMAINCFG_IE;
		for (src = 1; src <= a->sources; src++)
			if (active(a, src))
				push_enable(a, src);
		return;
	}
	if (offset >= APLIC_SOURCECFG(1) && offset <= APLIC_SOURCECFG(1023)) {
		src = (offset - APLIC_SOURCECFG(1)) / 4 + 1;
		if (owned(a, src))
			write_sourcecfg(a, src, value);
		return;
	}
	if (offset >= APLIC_SETIP(0) && offset < APLIC_SETIPNUM) {
		for_each_bit(a, (offset - APLIC_SETIP(0)) / 4, value, set_pending, true);
		return;
	}
	if (offset >= APLIC_IN_CLRIP(0) && offset < APLIC_CLRIPNUM) {
		for_each_bit(a, (offset - APLIC_IN_CLRIP(0)) / 4, value, set_pending, false);
		return;
	}
	if (offset >= APLIC_SETIE(0) && offset < APLIC_SETIENUM) {
		for_each_bit(a, (offset - APLIC_SETIE(0)) / 4, value, set_enabled, true);
		return;
	}
	if (offset >= APLIC_CLRIE(0) && offset < APLIC_CLRIENUM) {
		for_each_bit(a, (offset - APLIC_CLRIE(0)) / 4, value, set_enabled, false);
		return;
	}
	switch (offset) {
	case APLIC_SETIPNUM:
	case APLIC_SETIPNUM_LE:
		set_pending(a, value, true);
		return;
	case APLIC_SETIPNUM_BE:
		set_pending(a, swab32(value), true);
		return;
	case APLIC_CLRIPNUM:
		set_pending(a, value, false);
		return;
	case APLIC_SETIENUM:
		set_enabled(a, value, true);
		return;
	case APLIC_CLRIENUM:
		set_enabled(a, value, false);
		return;
	case APLIC_GENMSI:
		/* Sent at once: Busy always reads 0. Guest index 0 only. */
		a->genmsi = value & ~(APLIC_GENMSI_BUSY | (0x3fU << APLIC_TARGET_GUEST_SHIFT) |
				      0x800U);
		if ((value >> APLIC_TARGET_HART_SHIFT) < a->vcpus)
			a->ops->genmsi(a->ctx, value >> APLIC_TARGET_HART_SHIFT,
				       value & APLIC_TARGET_EIID_MASK);
		return;
	}
	if (offset >= APLIC_TARGET(1) && offset <= APLIC_TARGET(1023)) {
		src = (offset - APLIC_TARGET(1)) / 4 + 1;
		if (!active(a, src))
			return;
		/* Its IMSIC has no guest files: the guest index is zero. */
		a->target[src] = value & ~((0x3fU << APLIC_TARGET_GUEST_SHIFT) | 0x800U);
		push_target(a, src);
	}
}
