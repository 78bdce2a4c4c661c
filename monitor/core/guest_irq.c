// SPDX-License-Identifier: BSD-2-Clause
/*
 * A guest's interrupt controller for the devices it owns, of the host's
 * kind (docs/architecture.md, "Devices"):
 *
 * - PLIC: a virtual PLIC (monitor/vdev/vplic.c) in an emulated window at the
 *   host PLIC's address, fed by the host PLIC's interrupts of those
 *   devices (monitor/irq/plic.c), raising VSEIP on the vCPU of each context
 *   through the pending-interrupt path (monitor/core/vcpu_irq.c).
 * - AIA: an emulated APLIC domain (monitor/vdev/vaplic.c) whose sources are
 *   programmed into the host's, and an IMSIC with one interrupt file per
 *   vCPU: the vCPU's guest interrupt file on its hart, mapped into the
 *   guest, so that MSIs reach it with no trap; or, when the hart has none
 *   left, a software file (monitor/vdev/vimsic.c) behind a trapped page and the
 *   CSR accesses that trap with hstatus.VGEIN = 0.
 */

#include <lib/bits.h>
#include <lib/console.h>
#include <lib/csr.h>
#include <lib/error.h>
#include <lib/format.h>
#include <monitor/core/guest.h>
#include <monitor/core/hart.h>
#include <monitor/core/mmio.h>
#include <monitor/irq/host_irq.h>
#include <monitor/vdev/insn.h>
#include <monitor/vdev/vaplic.h>
#include <monitor/vdev/vimsic.h>
#include <monitor/vdev/vplic.h>


/* Software files, for vCPUs whose hart has no guest file left. */
static struct vimsic_file soft_files[MONITOR_MAX_VCPUS];
static unsigned int soft_files_used;

/* A source whose MSIs go to a software file: which, and as what identity. */
static struct {
	struct vcpu *v;
	uint32_t eiid;
} soft_route[VAPLIC_MAX_SOURCES];

/* ------------------------------------------------------------- PLIC */

static void vplic_set_line(void *ctx, unsigned int context, bool on)
{
	struct guest *g = ctx;

	if (on)
		vcpu_set_interrupt(&g->vcpus[context], IRQ_VS_EXT);
	else
		vcpu_unset_interrupt(&g->vcpus[context], IRQ_VS_EXT);
}

static void vplic_complete_hw(void *ctx, unsigned int source)
{
	host_irq_complete(source);
}

static const struct vplic_ops guest_vplic_ops = {
	.set_line = vplic_set_line,
	.complete_hw = vplic_complete_hw,
};

/* PLIC, APLIC and IMSIC page registers are 32 bits wide: nothing else is taken. */
static bool word_access(uint64_t offset, unsigned int width)
{
	return width == 4 && !(offset & 3);
}

static int irqchip_mmio_read(void *ctx, struct vcpu *v, uint64_t offset,
			     unsigned int width, uint64_t *value)
{
	struct guest *g = ctx;

	if (!word_access(offset, width))
		return ERR_INVALID;
	spin_lock(&g->irq_lock);
	if (g->irqchip.kind == GUEST_IRQCHIP_PLIC)
		*value = vplic_read(&g->vplic, offset);
	else
		*value = vaplic_read(&g->vaplic, offset);
	spin_unlock(&g->irq_lock);
	return 0;
}

static int irqchip_mmio_write(void *ctx, struct vcpu *v, uint64_t offset,
			      unsigned int width, uint64_t value)
{
	struct guest *g = ctx;

	if (!word_access(offset, width))
		return ERR_INVALID;
	spin_lock(&g->irq_lock);
	if (g->irqchip.kind == GUEST_IRQCHIP_PLIC)
		vplic_write(&g->vplic, offset, value);
	else
		vaplic_write(&g->vaplic, offset, value);
	spin_unlock(&g->irq_lock);
	return 0;
}

static const struct mmio_ops irqchip_mmio_ops = {
	.read = irqchip_mmio_read,
	.write = irqchip_mmio_write,
};

/* ------------------------------------------------------------- AIA */

/* A software file changed: VSEIP follows whether it has a top identity. */
static void soft_file_update(struct vcpu *v)
{
	if (vimsic_top(v->soft_file))
		vcpu_set_interrupt(v, IRQ_VS_EXT);
	else
		vcpu_unset_interrupt(v, IRQ_VS_EXT);
}

static void soft_file_set(struct vcpu *v, uint32_t eiid)
{
	vimsic_set_pending(v->soft_file, eiid);
	soft_file_update(v);
}

static void vaplic_set_mode(void *ctx, unsigned int src, uint32_t sm)
{
	aia_set_mode(src, sm);
}

static void vaplic_set_target(void *ctx, unsigned int src, unsigned int vcpu,
			      uint32_t eiid)
{
	struct guest *g = ctx;
	struct vcpu *v = &g->vcpus[vcpu];

	soft_route[src].v = NULL;
	if (!eiid) {
		aia_set_target(src, hart_slot(v->hartid), 0, 0);
	} else if (v->vgein) {
		/* Straight into its guest file. */
		aia_set_target(src, hart_slot(v->hartid), v->vgein, eiid);
	} else {
		/* To the monitor's file of its hart, as the source's number. */
		soft_route[src].v = v;
		soft_route[src].eiid = eiid;
		aia_set_target(src, hart_slot(v->hartid), 0, src);
	}
}

static void vaplic_set_enable(void *ctx, unsigned int src, bool on)
{
	aia_set_enable(src, on);
}

static void vaplic_set_pending(void *ctx, unsigned int src, bool on)
{
	aia_set_pending(src, on);
}

static bool vaplic_pending(void *ctx, unsigned int src)
{
	return aia_pending(src);
}

static bool vaplic_input(void *ctx, unsigned int src)
{
	return aia_input(src);
}

/* An MSI the guest sends itself: into the file as the APLIC would. */
static void deliver_msi(struct vcpu *v, uint32_t eiid)
{
	if (v->vgein)
		*(volatile uint32_t *)(uintptr_t)aia_file_address(hart_slot(v->hartid), v->vgein) = eiid;
	else
		soft_file_set(v, eiid);
}

static void vaplic_genmsi(void *ctx, unsigned int vcpu, uint32_t eiid)
{
	struct guest *g = ctx;

	deliver_msi(&g->vcpus[vcpu], eiid);
}

static const struct vaplic_ops guest_vaplic_ops = {
	.set_mode = vaplic_set_mode,
	.set_target = vaplic_set_target,
	.set_enable = vaplic_set_enable,
	.set_pending = vaplic_set_pending,
	.pending = vaplic_pending,
	.input = vaplic_input,
	.genmsi = vaplic_genmsi,
};

/* The IMSIC page of a vCPU with a software file: seteipnum, nothing else. */
static int imsic_mmio_read(void *ctx, struct vcpu *v, uint64_t offset,
			   unsigned int width, uint64_t *value)
{
	if (!word_access(offset, width))
		return ERR_INVALID;
	*value = 0;
	return 0;
}

static int imsic_mmio_write(void *ctx, struct vcpu *v, uint64_t offset,
			    unsigned int width, uint64_t value)
{
	struct guest *g = ctx;
	struct vcpu *to = &g->vcpus[offset / PAGE_SIZE];
	uint32_t id = value;

	if (!word_access(offset, width))
		return ERR_INVALID;
	if ((offset % PAGE_SIZE) == IMSIC_SETEIPNUM_BE)
		id = swab32(id);
	else if ((offset % PAGE_SIZE) != IMSIC_SETEIPNUM_LE)
		return 0;
	spin_lock(&g->irq_lock);
	soft_file_set(to, id);
	spin_unlock(&g->irq_lock);
	return 0;
}

static const struct mmio_ops imsic_mmio_ops = {
	.read = imsic_mmio_read,
	.write = imsic_mmio_write,
};

/*
 * Each vCPU's interrupt file: a guest file of its hart, mapped at its page
 * of the guest's IMSIC, or a software file behind that page.
 */
static int aia_init_files(struct guest *g)
{
	const struct guest_config *cfg = g->cfg;
	struct guest_irqchip *chip = &g->irqchip;

	for (unsigned int n = 0; n < cfg->vcpus; n++) {
		struct vcpu *v = &g->vcpus[n];

		v->vgein = aia_take_guest_file(hart_slot(cfg->harts[n]), g);
		v->soft_file = NULL;
		if (v->vgein) {
			if (gstage_map(&g->gstage, chip->imsic_base + n * PAGE_SIZE,
				       aia_file_address(hart_slot(cfg->harts[n]), v->vgein),
				       PAGE_SIZE, GSTAGE_R | GSTAGE_W))
				return ERR_INVALID;
			continue;
		}
		if (soft_files_used == MONITOR_MAX_VCPUS)
			return ERR_FULL;
		v->soft_file = &soft_files[soft_files_used++];
		vimsic_init(v->soft_file, chip->imsic_ids);
	}
	g->mmio[g->mmio_count++] = (struct mmio_region){
		.base = chip->imsic_base, .size = cfg->vcpus * PAGE_SIZE,
		.ops = &imsic_mmio_ops, .ctx = g,
	};
	return 0;
}

/* The files as the guest's boot line says them. */
static void aia_print_files(const struct guest *g)
{
	char text[160];
	int n = 0;

	for (unsigned int i = 0; i < g->cfg->vcpus && n < (int)sizeof(text) - 24; i++)
		n += fmt_snprintf(text + n, sizeof(text) - n, "%s%s", i ? ", " : "",
				  g->vcpus[i].vgein ? "guest file" : "software file");
	printf("monitor: guest %s: AIA, APLIC at 0x%lx, IMSIC at 0x%lx: %s\n",
	       g->cfg->name, (unsigned long)g->irqchip.base,
	       (unsigned long)g->irqchip.imsic_base, text);
}

/*
 * A virtual instruction with hstatus.VGEIN = 0: the guest touched its
 * IMSIC's CSRs (sireg for 0x70-0xff, stopei), which its software file
 * answers. Returns false for anything else.
 */
bool guest_irq_emulate_csr(struct vcpu *v, unsigned long insn)
{
	struct guest *g = v->guest;
	unsigned long *x = v->regs.gpr.x;
	struct insn_csr c;
	unsigned long old = 0, operand, value;
	uint64_t reg;
	bool writes;
	int rc = 0;

	if (!v->soft_file || insn_decode_csr(insn, &c) ||
	    (c.csr != CSR_SIREG && c.csr != CSR_STOPEI))
		return false;
	operand = c.imm ? c.rs1 : (c.rs1 ? x[c.rs1] : 0);

	spin_lock(&g->irq_lock);
	if (c.csr == CSR_STOPEI) {
		old = vimsic_topei(v->soft_file);
		/* Any write claims; its value does not matter. */
		if (c.op == INSN_CSRRW || c.rs1)
			vimsic_claim(v->soft_file);
	} else {
		unsigned long sel = csr_read(CSR_VSISELECT);

		rc = vimsic_reg_read(v->soft_file, sel, &reg);
		old = reg;
		writes = insn_csr_apply(&c, old, operand, &value);
		if (!rc && writes)
			rc = vimsic_reg_write(v->soft_file, sel, value);
	}
	if (!rc)
		soft_file_update(v);
	spin_unlock(&g->irq_lock);

	if (rc) {
		/* Not a register of the file: as the hardware says. */
		vcpu_redirect_trap(v, EXC_ILLEGAL_INST, insn);
		return true;
	}
	if (c.rd)
		x[c.rd] = old;
	csr_write(CSR_SEPC, csr_read(CSR_SEPC) + 4);
	return true;
}

/* ------------------------------------------------------------- both */

static bool guest_has_irqs(const struct guest_config *cfg)
{
	for (unsigned int i = 0; i < cfg->device_count; i++)
		if (cfg->devices[i].irq_count)
			return true;
	return false;
}

/* A device interrupt of guest `owner` the host took (monitor/irq/). */
void host_irq_deliver(void *owner, unsigned int source)
{
	struct guest *g = owner;

	spin_lock(&g->irq_lock);
	if (g->irqchip.kind == GUEST_IRQCHIP_PLIC)
		vplic_raise(&g->vplic, source);
	else if (soft_route[source].v)
		soft_file_set(soft_route[source].v, soft_route[source].eiid);
	spin_unlock(&g->irq_lock);
}

static int route_sources(struct guest *g)
{
	const struct guest_config *cfg = g->cfg;

	for (unsigned int i = 0; i < cfg->device_count; i++) {
		const struct guest_device *d = &cfg->devices[i];

		for (unsigned int k = 0; k < d->irq_count; k++) {
			if (host_irq_route(d->irqs[k], hart_slot(cfg->harts[0]), g)) {
				printf("monitor: config: %s: devices: %s: interrupt %u: not a source of the host's controller; guest refused\n",
				       cfg->name, d->path, d->irqs[k]);
				return ERR_INVALID;
			}
			if (g->irqchip.kind == GUEST_IRQCHIP_PLIC)
				vplic_set_hw(&g->vplic, d->irqs[k]);
			else
				vaplic_own(&g->vaplic, d->irqs[k]);
		}
	}
	return 0;
}

static bool overlaps_ram(const struct guest_config *cfg, uint64_t base,
			 uint64_t size)
{
	if (!ranges_overlap(base, size, cfg->ram_gpa, cfg->ram_size))
		return false;
	printf("monitor: config: %s: memory: overlaps its interrupt controller at 0x%lx; guest refused\n",
	       cfg->name, (unsigned long)base);
	return true;
}

int guest_irq_init(struct guest *g)
{
	const struct guest_config *cfg = g->cfg;
	struct guest_irqchip *chip = &g->irqchip;

	if (!guest_has_irqs(cfg))
		return 0;
	chip->base = host_irq.base;
	chip->sources = host_irq.ndev;
	switch (host_irq.kind) {
	case HOST_IRQCHIP_PLIC:
		chip->kind = GUEST_IRQCHIP_PLIC;
		chip->size = (VPLIC_SIZE(cfg->vcpus) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		if (overlaps_ram(cfg, chip->base, chip->size) ||
		    vplic_init(&g->vplic, chip->sources, cfg->vcpus,
			       &guest_vplic_ops, g))
			return ERR_INVALID;
		break;
	case HOST_IRQCHIP_AIA:
		chip->kind = GUEST_IRQCHIP_AIA;
		chip->size = APLIC_WINDOW;
		chip->imsic_base = host_irq.imsic_base;
		chip->imsic_ids = host_irq.imsic_ids;
		if (overlaps_ram(cfg, chip->base, chip->size) ||
		    overlaps_ram(cfg, chip->imsic_base, cfg->vcpus * PAGE_SIZE) ||
		    vaplic_init(&g->vaplic, chip->sources, cfg->vcpus,
				&guest_vaplic_ops, g) ||
		    aia_init_files(g))
			return ERR_INVALID;
		break;
	default:
		printf("monitor: config: %s: devices: the host has no interrupt controller the monitor drives; its devices' interrupts are not delivered\n",
		       cfg->name);
		return 0;
	}
	if (route_sources(g))
		return ERR_INVALID;
	g->mmio[g->mmio_count++] = (struct mmio_region){
		.base = chip->base, .size = chip->size,
		.ops = &irqchip_mmio_ops, .ctx = g,
	};
	if (chip->kind == GUEST_IRQCHIP_AIA) {
		/* Its IMSIC's CSRs are its own (a guest file, or emulated). */
		guest_isa_add(&g->isa, "ssaia");
		aia_print_files(g);
	}
	return 0;
}

void guest_irq_reset(struct guest *g)
{
	spin_lock(&g->irq_lock);
	if (g->irqchip.kind == GUEST_IRQCHIP_PLIC) {
		vplic_reset(&g->vplic);
	} else if (g->irqchip.kind == GUEST_IRQCHIP_AIA) {
		vaplic_reset(&g->vaplic);
		for (unsigned int i = 0; i < g->cfg->vcpus; i++)
			if (g->vcpus[i].soft_file)
				vimsic_init(g->vcpus[i].soft_file, g->irqchip.imsic_ids);
	}
	spin_unlock(&g->irq_lock);
}
