// SPDX-License-Identifier: BSD-2-Clause
/* A guest's virtual PLIC; see monitor/include/monitor/vdev/vplic.h. */

#include <monitor/vdev/vplic.h>
#include <string.h>

#define BIT(n)		(1U << ((n) % 32))
#define WORD(n)		((n) / 32)

/* The index of the lowest set bit of x (not 0), without libgcc's __ctz. */
static unsigned int lowest_bit(uint32_t x)
{
	static const uint8_t debruijn[32] = {
		0, 1, 28, 2, 29, 14, 24, 3, 30, 22, 20, 15, 25, 17, 4, 8,
		31, 27, 13, 23, 21, 19, 16, 7, 26, 12, 18, 6, 11, 5, 10, 9,
	};

	return debruijn[((x & -x) * 0x077cb531U) >> 27];
}

static bool test(const uint32_t *map, unsigned int n)
{
	return map[WORD(n)] & BIT(n);
}

/*
 * The best source for `context`: pending, enabled there, not claimed, of
 * the highest priority above 0 (the lowest ID among equals). 0: none.
 */
static unsigned int best_source(const struct vplic *p, unsigned int context,
				unsigned int *priority)
{
	unsigned int best = 0, best_prio = 0;

	for (unsigned int w = 0; w < p->words; w++) {
		uint32_t ready = p->pending[w] & p->enable[context][w] &
				 ~p->claimed[w];

		while (ready) {
			unsigned int bit = lowest_bit(ready);
			unsigned int src = w * 32 + bit;

			ready &= ready - 1;
			if (p->priority[src] > best_prio) {
				best = src;
				best_prio = p->priority[src];
			}
		}
	}
	*priority = best_prio;
	return best;
}

/* Tell each context whose line changed: up when its best beats its threshold. */
static void update(struct vplic *p)
{
	for (unsigned int c = 0; c < p->contexts; c++) {
		unsigned int prio;
		bool on = best_source(p, c, &prio) && prio > p->threshold[c];

		if (on != p->line[c]) {
			p->line[c] = on;
			p->ops->set_line(p->ctx, c, on);
		}
	}
}

int vplic_init(struct vplic *p, unsigned int ndev, unsigned int contexts,
	       const struct vplic_ops *ops, void *ctx)
{
	if (ndev >= VPLIC_MAX_SOURCES || contexts > VPLIC_MAX_CONTEXTS)
		return ERR_INVALID;
	memset(p, 0, sizeof(*p));
	p->sources = ndev + 1;
	p->contexts = contexts;
	p->words = (p->sources + 31) / 32;
	p->ops = ops;
	p->ctx = ctx;
	return 0;
}

void vplic_set_hw(struct vplic *p, unsigned int source)
{
	if (source && source < p->sources)
		p->hw[WORD(source)] |= BIT(source);
}

void vplic_reset(struct vplic *p)
{
	/* Held on the host: fired (pending here) or claimed by the guest. */
	for (unsigned int src = 1; src < p->sources; src++)
		if (test(p->hw, src) &&
		    (test(p->pending, src) || test(p->claimed, src)))
			p->ops->complete_hw(p->ctx, src);
	memset(p->priority, 0, sizeof(p->priority));
	memset(p->pending, 0, sizeof(p->pending));
	memset(p->claimed, 0, sizeof(p->claimed));
	memset(p->enable, 0, sizeof(p->enable));
	memset(p->threshold, 0, sizeof(p->threshold));
	update(p);
}

static unsigned int claim(struct vplic *p, unsigned int context)
{
	unsigned int prio, src = best_source(p, context, &prio);

	if (src) {
		p->pending[WORD(src)] &= ~BIT(src);
		p->claimed[WORD(src)] |= BIT(src);
		update(p);
	}
	return src;
}

/* Ignored unless the source is claimed and enabled for this context. */
static void complete(struct vplic *p, unsigned int context, uint32_t src)
{
	if (src >= p->sources || !test(p->claimed, src) ||
	    !test(p->enable[context], src))
		return;
	p->claimed[WORD(src)] &= ~BIT(src);
	if (test(p->hw, src))
		p->ops->complete_hw(p->ctx, src);
	update(p);
}

uint32_t vplic_read(struct vplic *p, uint64_t offset)
{
	uint64_t at;

	if (offset & 3)
		return 0;
	if (offset < VPLIC_PENDING_BASE)
		return offset / 4 < p->sources ? p->priority[offset / 4] : 0;
	if (offset < VPLIC_ENABLE_BASE) {
		at = (offset - VPLIC_PENDING_BASE) / 4;
		return at < p->words ? p->pending[at] : 0;
	}
	if (offset < VPLIC_CONTEXT_BASE) {
		unsigned int c = (offset - VPLIC_ENABLE_BASE) / VPLIC_ENABLE_STRIDE;

		at = (offset - VPLIC_ENABLE_BASE) % VPLIC_ENABLE_STRIDE / 4;
		return c < p->contexts && at < p->words ? p->enable[c][at] : 0;
	}
	at = (offset - VPLIC_CONTEXT_BASE) / VPLIC_CONTEXT_STRIDE;
	if (at >= p->contexts)
		return 0;
	switch ((offset - VPLIC_CONTEXT_BASE) % VPLIC_CONTEXT_STRIDE) {
	case VPLIC_CONTEXT_THRESHOLD:
		return p->threshold[at];
	case VPLIC_CONTEXT_CLAIM:
		return claim(p, at);
	default:
		return 0;
	}
}

void vplic_write(struct vplic *p, uint64_t offset, uint32_t value)
{
	uint64_t at;

	if (offset & 3)
		return;
	if (offset < VPLIC_PENDING_BASE) {
		at = offset / 4;
		/* Source 0 does not exist. */
		if (at && at < p->sources) {
			p->priority[at] = value & VPLIC_PRIORITY_MASK;
			update(p);
		}
		return;
	}
	if (offset < VPLIC_ENABLE_BASE)
		return;		/* pending bits are read-only */
	if (offset < VPLIC_CONTEXT_BASE) {
		unsigned int c = (offset - VPLIC_ENABLE_BASE) / VPLIC_ENABLE_STRIDE;
		uint32_t valid = ~0U;

		at = (offset - VPLIC_ENABLE_BASE) % VPLIC_ENABLE_STRIDE / 4;
		if (c >= p->contexts || at >= p->words)
			return;
		if (at == 0)
			valid &= ~1U;		/* source 0 */
		if (at == p->words - 1 && p->sources % 32)
			valid &= (1U << (p->sources % 32)) - 1;
		p->enable[c][at] = value & valid;
		update(p);
		return;
	}
	at = (offset - VPLIC_CONTEXT_BASE) / VPLIC_CONTEXT_STRIDE;
	if (at >= p->contexts)
		return;
	switch ((offset - VPLIC_CONTEXT_BASE) % VPLIC_CONTEXT_STRIDE) {
	case VPLIC_CONTEXT_THRESHOLD:
		p->threshold[at] = value & VPLIC_PRIORITY_MASK;
		update(p);
		return;
	case VPLIC_CONTEXT_CLAIM:
		complete(p, at, value);
		return;
	}
}

void vplic_raise(struct vplic *p, unsigned int source)
{
	unsigned int prio;

	if (!source || source >= p->sources)
		return;
	p->pending[WORD(source)] |= BIT(source);
	if (test(p->claimed, source) || !(prio = p->priority[source]))
		return;
	/*
	 * One more pending source only raises lines: a context whose line is
	 * down had nothing above its threshold, so it goes up exactly when
	 * this source is enabled there and beats it. No scan of the others.
	 */
	for (unsigned int c = 0; c < p->contexts; c++) {
		if (p->line[c] || !test(p->enable[c], source) || prio <= p->threshold[c])
			continue;
		p->line[c] = true;
		p->ops->set_line(p->ctx, c, true);
	}
}
