// SPDX-License-Identifier: BSD-2-Clause
/*
 * A guest's interrupt controller for the devices it owns: a virtual PLIC
 * (monitor/vplic.c) in an emulated window at the host PLIC's address, fed
 * by the host PLIC's interrupts of those devices (monitor/plic.c) and
 * raising VSEIP on the vCPU of each context through the pending-interrupt
 * path (monitor/vcpu_irq.c).
 */

#include <lib/console.h>
#include <monitor/guest.h>
#include <monitor/host_irq.h>
#include <monitor/mmio.h>
#include <monitor/vplic.h>

#define PAGE_SIZE	0x1000ULL

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
	(void)ctx;
	host_irq_complete(source);
}

static const struct vplic_ops guest_vplic_ops = {
	.set_line = vplic_set_line,
	.complete_hw = vplic_complete_hw,
};

/* The PLIC's registers are 32 bits wide: nothing else is taken. */
static int vplic_mmio_read(void *ctx, struct vcpu *v, uint64_t offset,
			   unsigned int width, uint64_t *value)
{
	struct guest *g = ctx;

	(void)v;
	if (width != 4 || (offset & 3))
		return -1;
	spin_lock(&g->irq_lock);
	*value = vplic_read(&g->vplic, offset);
	spin_unlock(&g->irq_lock);
	return 0;
}

static int vplic_mmio_write(void *ctx, struct vcpu *v, uint64_t offset,
			    unsigned int width, uint64_t value)
{
	struct guest *g = ctx;

	(void)v;
	if (width != 4 || (offset & 3))
		return -1;
	spin_lock(&g->irq_lock);
	vplic_write(&g->vplic, offset, value);
	spin_unlock(&g->irq_lock);
	return 0;
}

static const struct mmio_ops vplic_mmio_ops = {
	.read = vplic_mmio_read,
	.write = vplic_mmio_write,
};

static bool guest_has_irqs(const struct guest_config *cfg)
{
	for (unsigned int i = 0; i < cfg->device_count; i++)
		if (cfg->devices[i].irq_count)
			return true;
	return false;
}

int guest_irq_init(struct guest *g)
{
	const struct guest_config *cfg = g->cfg;
	struct guest_irqchip *chip = &g->irqchip;

	if (!guest_has_irqs(cfg))
		return 0;
	if (host_irq.kind != HOST_IRQCHIP_PLIC) {
		printf("monitor: config: %s: devices: the host has no interrupt controller the monitor drives; its devices' interrupts are not delivered\n",
		       cfg->name);
		return 0;
	}
	chip->kind = GUEST_IRQCHIP_PLIC;
	chip->base = host_irq.base;
	chip->size = (VPLIC_SIZE(cfg->vcpus) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	chip->sources = host_irq.ndev;
	if (ranges_overlap(chip->base, chip->size, cfg->ram_gpa, cfg->ram_size)) {
		printf("monitor: config: %s: memory: overlaps its interrupt controller at 0x%lx; guest refused\n",
		       cfg->name, (unsigned long)chip->base);
		return -1;
	}
	if (vplic_init(&g->vplic, chip->sources, cfg->vcpus, &guest_vplic_ops, g))
		return -1;
	for (unsigned int i = 0; i < cfg->device_count; i++) {
		const struct guest_device *d = &cfg->devices[i];

		for (unsigned int k = 0; k < d->irq_count; k++) {
			if (host_irq_route(d->irqs[k], g, cfg->harts[0])) {
				printf("monitor: config: %s: devices: %s: interrupt %u: not a source of the host PLIC; guest refused\n",
				       cfg->name, d->path, d->irqs[k]);
				return -1;
			}
			vplic_set_hw(&g->vplic, d->irqs[k]);
		}
	}
	g->mmio[g->mmio_count++] = (struct mmio_region){
		.base = chip->base, .size = chip->size,
		.ops = &vplic_mmio_ops, .ctx = g,
	};
	return 0;
}

void guest_irq_reset(struct guest *g)
{
	if (g->irqchip.kind == GUEST_IRQCHIP_NONE)
		return;
	spin_lock(&g->irq_lock);
	vplic_reset(&g->vplic);
	spin_unlock(&g->irq_lock);
}

void guest_irq_fire(struct guest *g, unsigned int source)
{
	spin_lock(&g->irq_lock);
	vplic_raise(&g->vplic, source);
	spin_unlock(&g->irq_lock);
}
