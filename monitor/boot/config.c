// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guests named in the host device tree; see docs/config-binding.md and
 * monitor/include/monitor/boot/config.h.
 */

#include <lib/bits.h>
#include <lib/error.h>
#include <lib/format.h>
#include <libfdt.h>
#include <monitor/boot/config.h>
#include <monitor/boot/image.h>
#include <string.h>

#define MiB		(1ULL << 20)

struct reader {
	const void *fdt;	/* holds the configuration */
	const void *host_fdt;	/* the host's devices, by path */
	struct image *image;	/* where *-part names are found, or NULL */
	int node;
	int acells, scells;
	const char *name;
	bool harts_claimed;	/* by assign_harts(), for release_harts() */
	char message[DT_ERROR_MAX];
};

#define refuse(r, ...) \
	(fmt_snprintf((r)->message, DT_ERROR_MAX, __VA_ARGS__), ERR_INVALID)

static uint64_t align_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/*
 * Read `prop` as an address, then a size when `size` is wanted, in the
 * cell counts of /chosen/sbivisor. 1: read; 0: absent; ERR_INVALID: malformed.
 */
static int read_range(struct reader *r, const char *prop, uint64_t *addr,
		      uint64_t *size)
{
	const fdt32_t *cells;
	int len, want = r->acells + (size ? r->scells : 0);

	cells = fdt_getprop(r->fdt, r->node, prop, &len);
	if (!cells)
		return 0;
	if (len != want * 4)
		return refuse(r, "%s: malformed (want %d cells: %s)", prop,
			      want, size ? "address, size" : "address");
	*addr = dt_read_cells(cells, r->acells);
	if (size)
		*size = dt_read_cells(cells + r->acells, r->scells);
	return 1;
}

/* An image named by its part in the firmware image (`prop` is "kernel-part"...). */
static int read_part(struct reader *r, const char *prop, const char *name,
		     int len, uint32_t type, struct guest_image *image)
{
	const struct sbivisor_image_part *part;
	int i;

	if (!r->image)
		return refuse(r, "%s: only a firmware image's configuration names parts",
			      prop);
	if (len < 1 || name[len - 1])
		return refuse(r, "%s: not a string", prop);
	i = image_find(r->image, name);
	if (i < 0)
		return refuse(r, "%s: no part %s in the firmware image", prop, name);
	part = &r->image->parts[i];
	if (part->type != type)
		return refuse(r, "%s: part %s is of type \"%s\", not \"%s\"", prop, name,
			      image_type_name(part->type), image_type_name(type));
	if (r->image->state[i] != IMAGE_PART_INTACT)
		return refuse(r, "%s: part %s is damaged", prop, name);
	image->hpa = (uintptr_t)image_part_data(r->image, i);
	image->size = part->size;
	return 0;
}

/*
 * An image as `prop` (its host address and size) or `prop`-part (its part
 * in the firmware image) says; one of them, or neither when not required.
 */
static int read_image(struct reader *r, const char *prop, uint32_t type,
		      struct guest_image *image, bool required)
{
	char part_prop[16];
	const char *name;
	int rc, len;

	fmt_snprintf(part_prop, sizeof(part_prop), "%s-part", prop);
	rc = read_range(r, prop, &image->hpa, &image->size);
	if (rc < 0)
		return rc;
	name = fdt_getprop(r->fdt, r->node, part_prop, &len);
	if (name) {
		if (rc)
			return refuse(r, "%s, %s: give one, not both", prop,
				      part_prop);
		return read_part(r, part_prop, name, len, type, image);
	}
	if (!rc)
		return required ? refuse(r, "%s: missing", prop) : 0;
	if (!range_valid(image->hpa, image->size))
		return refuse(r, "%s: empty or wraps around", prop);
	return 0;
}

static int read_cpus(struct reader *r, struct guest_config *g)
{
	const fdt32_t *val;
	int len;

	val = fdt_getprop(r->fdt, r->node, "cpus", &len);
	if (!val)
		return refuse(r, "cpus: missing");
	if (len != 4)
		return refuse(r, "cpus: malformed (want 1 cell)");
	g->vcpus = fdt32_to_cpu(*val);
	if (g->vcpus < 1 || g->vcpus > GUEST_MAX_VCPUS)
		return refuse(r, "cpus: %u; want 1 to %u", g->vcpus,
			      GUEST_MAX_VCPUS);
	return 0;
}

static int read_memory(struct reader *r, struct guest_config *g)
{
	int rc = read_range(r, "memory", &g->ram_gpa, &g->ram_size);

	if (rc < 0)
		return rc;
	if (!rc)
		return refuse(r, "memory: missing");
	if (!g->ram_size || ((g->ram_gpa | g->ram_size) & (GUEST_RAM_ALIGN - 1)))
		return refuse(r, "memory: base and size must be non-zero multiples of 2 MiB");
	if (g->ram_gpa >> GUEST_GPA_BITS ||
	    g->ram_size > (1ULL << GUEST_GPA_BITS) - g->ram_gpa)
		return refuse(r, "memory: ends beyond the %d-bit guest-physical space",
			      GUEST_GPA_BITS);

	rc = read_range(r, "host-memory", &g->ram_hpa, NULL);
	if (rc < 0)
		return rc;
	g->ram_placed = rc;
	if (rc && (g->ram_hpa & (GUEST_RAM_ALIGN - 1)))
		return refuse(r, "host-memory: must be a multiple of 2 MiB");
	return 0;
}

/*
 * Where everything goes inside guest RAM: the kernel where asked (default:
 * 2 MiB in), the device tree at the top, the initrd right below it.
 */
static int layout_guest_ram(struct reader *r, struct guest_config *g)
{
	uint64_t ram_end = g->ram_gpa + g->ram_size;
	uint64_t fdt_size = GUEST_FDT_SIZE, low;
	int rc;

	rc = read_range(r, "kernel-addr", &g->kernel_gpa, NULL);
	if (rc < 0)
		return rc;
	if (!rc)
		g->kernel_gpa = g->ram_gpa + GUEST_KERNEL_OFFSET;
	if (!range_inside(g->kernel_gpa, g->kernel.size, g->ram_gpa, g->ram_size))
		return refuse(r, "kernel-addr: kernel at 0x%lx (%lu bytes) lies outside memory 0x%lx-0x%lx",
			      (unsigned long)g->kernel_gpa,
			      (unsigned long)g->kernel.size,
			      (unsigned long)g->ram_gpa,
			      (unsigned long)(ram_end - 1));

	/* A given device tree needs room for /chosen to be filled in. */
	if (g->dtb.size)
		fdt_size = align_up(g->dtb.size + PAGE_SIZE, PAGE_SIZE);
	if (fdt_size > g->ram_size)
		return refuse(r, "dtb: %lu bytes do not fit in memory",
			      (unsigned long)g->dtb.size);
	g->fdt_gpa = ram_end - fdt_size;
	low = g->fdt_gpa;

	if (g->initrd.size) {
		if (g->initrd.size > g->fdt_gpa - g->ram_gpa)
			return refuse(r, "initrd: %lu bytes do not fit in memory",
				      (unsigned long)g->initrd.size);
		g->initrd_gpa = align_down(g->fdt_gpa - g->initrd.size,
					   PAGE_SIZE);
		low = g->initrd_gpa;
	}
	if (g->kernel_gpa + g->kernel.size > low)
		return refuse(r, "kernel: image (%lu bytes at 0x%lx) overlaps the %s placed at 0x%lx",
			      (unsigned long)g->kernel.size,
			      (unsigned long)g->kernel_gpa,
			      g->initrd.size ? "initrd" : "device tree",
			      (unsigned long)low);
	return 0;
}

/* Nodes the monitor or the firmware keep: never a guest's. */
static bool device_is_system(const void *fdt, int node)
{
	static const char *const system[] = {
		"riscv,clint0", "sifive,clint0", "riscv,aclint-mswi",
		"riscv,aclint-mtimer", "riscv,aclint-sswi", "riscv,plic0",
		"sifive,plic-1.0.0", "riscv,aplic", "riscv,imsics",
		"syscon-poweroff", "syscon-reboot", "sifive,test0",
	};

	if (fdt_getprop(fdt, node, "interrupt-controller", NULL))
		return true;
	for (unsigned int i = 0; i < ARRAY_SIZE(system); i++)
		if (!fdt_node_check_compatible(fdt, node, system[i]))
			return true;
	return false;
}

/* Addresses on this bus are CPU addresses: the root, or an empty ranges. */
static bool bus_is_identity(const void *fdt, int bus)
{
	int len;

	for (; bus > 0; bus = fdt_parent_offset(fdt, bus))
		if (!fdt_getprop(fdt, bus, "ranges", &len) || len)
			return false;
	return true;
}

/* Where a node's interrupts go: its own or the nearest interrupt-parent. */
static int interrupt_parent(const void *fdt, int node)
{
	for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
		const fdt32_t *phandle;
		int len;

		phandle = fdt_getprop(fdt, node, "interrupt-parent", &len);
		if (phandle && len == 4) {
			int parent = fdt_node_offset_by_phandle(fdt,
								fdt32_to_cpu(*phandle));

			return parent < 0 ? ERR_NOT_FOUND : parent;
		}
	}
	return ERR_NOT_FOUND;
}

/*
 * The controllers whose sources the monitor can give a guest: a PLIC, or
 * an APLIC domain that delivers itself (not one delegating to children).
 */
static bool guest_capable_irqchip(const void *fdt, int node)
{
	if (!fdt_node_check_compatible(fdt, node, "riscv,plic0") ||
	    !fdt_node_check_compatible(fdt, node, "sifive,plic-1.0.0"))
		return true;
	return !fdt_node_check_compatible(fdt, node, "riscv,aplic") &&
	       !fdt_getprop(fdt, node, "riscv,children", NULL);
}

/* A device's `interrupts`: the source numbers, in its controller's cells. */
static int read_device_irqs(struct reader *r, const void *host,
			    struct guest_device *d)
{
	const fdt32_t *cells, *icells;
	int len, parent, n, per;

	cells = fdt_getprop(host, d->node, "interrupts", &len);
	if (!cells) {
		if (fdt_getprop(host, d->node, "interrupts-extended", NULL))
			return refuse(r, "devices: %s: interrupts-extended is not supported, only interrupts",
				      d->path);
		return 0;
	}
	parent = interrupt_parent(host, d->node);
	if (parent < 0 || !guest_capable_irqchip(host, parent))
		return refuse(r, "devices: %s: its interrupts go to %s, not to a PLIC or APLIC",
			      d->path, parent < 0 ? "no controller" :
			      fdt_get_name(host, parent, NULL));
	icells = fdt_getprop(host, parent, "#interrupt-cells", &n);
	per = icells && n == 4 ? (int)fdt32_to_cpu(*icells) : 0;
	if (per < 1 || per > 2 || len <= 0 || len % (4 * per) ||
	    len / (4 * per) > GUEST_DEVICE_MAX_IRQS)
		return refuse(r, "devices: %s: interrupts: malformed (want at most %d, of %d cells each)",
			      d->path, GUEST_DEVICE_MAX_IRQS, per);
	for (int i = 0; i < len / (4 * per); i++) {
		d->irqs[i] = fdt32_to_cpu(cells[i * per]);
		if (!d->irqs[i])
			return refuse(r, "devices: %s: interrupt 0 does not exist",
				      d->path);
	}
	d->irq_count = len / (4 * per);
	return 0;
}

/* Devices known to read and write memory themselves (DMA). */
static bool device_does_dma(const void *fdt, int node)
{
	return !fdt_node_check_compatible(fdt, node, "virtio,mmio");
}

/*
 * No IOMMU translates a device's DMA: the addresses its guest gives it
 * must be host addresses, so that guest's RAM sits at its own address.
 */
static int place_for_dma(struct reader *r, struct guest_config *g,
			 const struct guest_device *d)
{
	if (g->ram_placed && g->ram_hpa != g->ram_gpa)
		return refuse(r, "devices: %s does DMA, and no IOMMU translates it: host-memory must be 0x%lx, the base of memory",
			      d->path, (unsigned long)g->ram_gpa);
	g->ram_hpa = g->ram_gpa;
	g->ram_placed = true;
	g->ram_for_dma = true;
	return 0;
}

static int read_devices(struct reader *r, struct guest_config *g)
{
	const void *host = r->host_fdt;
	const char *list, *path;
	int len;

	list = fdt_getprop(r->fdt, r->node, "devices", &len);
	if (!list)
		return 0;
	if (len < 1 || list[len - 1])
		return refuse(r, "devices: not a list of strings");
	for (path = list; path < list + len; path += strlen(path) + 1) {
		struct guest_device *d = &g->devices[g->device_count];
		int parent, acells, scells, rlen;
		const fdt32_t *reg;

		if (g->device_count == GUEST_MAX_DEVICES)
			return refuse(r, "devices: more than %d", GUEST_MAX_DEVICES);
		d->path = path;
		d->node = fdt_path_offset(host, path);
		if (d->node < 0)
			return refuse(r, "devices: no node %s", path);
		if (device_is_system(host, d->node))
			return refuse(r, "devices: %s belongs to the firmware or the monitor",
				      path);
		parent = fdt_parent_offset(host, d->node);
		if (!bus_is_identity(host, parent))
			return refuse(r, "devices: %s: its bus translates addresses (ranges)",
				      path);
		acells = fdt_address_cells(host, parent);
		scells = fdt_size_cells(host, parent);
		reg = fdt_getprop(host, d->node, "reg", &rlen);
		if (acells < 1 || acells > 2 || scells < 1 || scells > 2 || !reg ||
		    rlen != (acells + scells) * 4)
			return refuse(r, "devices: %s: want one reg range", path);
		d->reg_base = dt_read_cells(reg, acells);
		d->reg_size = dt_read_cells(reg + acells, scells);
		/* Mapped at its own address: inside what every G-stage mode covers. */
		if (!d->reg_size || d->reg_base >> GUEST_GPA_BITS ||
		    d->reg_size > (1ULL << GUEST_GPA_BITS) - d->reg_base)
			return refuse(r, "devices: %s: reg 0x%lx+0x%lx beyond the %d-bit guest-physical space",
				      path, (unsigned long)d->reg_base,
				      (unsigned long)d->reg_size, GUEST_GPA_BITS);
		d->map_base = align_down(d->reg_base, PAGE_SIZE);
		d->map_size = align_up(d->reg_base + d->reg_size, PAGE_SIZE) - d->map_base;
		if (ranges_overlap(d->map_base, d->map_size, g->ram_gpa, g->ram_size))
			return refuse(r, "devices: %s at 0x%lx overlaps the guest's memory",
				      path, (unsigned long)d->reg_base);
		if (read_device_irqs(r, host, d) ||
		    (device_does_dma(host, d->node) && place_for_dma(r, g, d)))
			return ERR_INVALID;
		g->device_count++;
	}
	return 0;
}

static int read_guest(struct reader *r, struct guest_config *g)
{
	const char *bootargs;
	const fdt32_t *wake;
	int len;

	memset(g, 0, sizeof(*g));
	g->name = r->name;

	if (read_cpus(r, g) || read_memory(r, g) ||
	    read_image(r, "kernel", SBIVISOR_PART_KERNEL, &g->kernel, true) ||
	    read_image(r, "initrd", SBIVISOR_PART_INITRD, &g->initrd, false) ||
	    read_image(r, "dtb", SBIVISOR_PART_DTB, &g->dtb, false))
		return ERR_INVALID;

	bootargs = fdt_getprop(r->fdt, r->node, "bootargs", &len);
	if (bootargs && (len < 1 || bootargs[len - 1]))
		return refuse(r, "bootargs: not a string");
	g->bootargs = bootargs;

	wake = fdt_getprop(r->fdt, r->node, "wakeup-after-suspend-ms", &len);
	if (wake && len != 4)
		return refuse(r, "wakeup-after-suspend-ms: malformed (want 1 cell)");
	g->wakeup_after_suspend_ms = wake ? fdt32_to_cpu(*wake) : 0;

	if (fdt_getprop(r->fdt, r->node, "restart-on-fault", &len)) {
		if (len)
			return refuse(r, "restart-on-fault: takes no value");
		g->restart_on_fault = true;
	}

	return layout_guest_ram(r, g) || read_devices(r, g);
}

/* Who runs on each host hart so far: index into dt_platform.harts. */
struct hart_claims {
	const char *guest[DT_MAX_HARTS];	/* the first guest there */
	unsigned int vcpus[DT_MAX_HARTS];
	bool shared[DT_MAX_HARTS];
};

static int hart_slot(const struct dt_platform *host, uint32_t hartid)
{
	for (unsigned int i = 0; i < host->hart_count; i++)
		if (host->harts[i].hartid == hartid)
			return i;
	return ERR_NOT_FOUND;
}

/* A hart named in the configuration: it exists and can host vCPUs. */
static int check_hart(struct reader *r, const struct dt_platform *host,
		      const char *prop, uint32_t id)
{
	int slot = hart_slot(host, id);

	if (slot < 0)
		return refuse(r, "%s: no hart %u in /cpus", prop, id);
	if (!(host->harts[slot].isa & DT_ISA_BIT(DT_ISA_H)))
		return refuse(r, "%s: hart %u has no H extension", prop, id);
	return slot;
}

static int assign_harts(struct reader *r, const struct dt_platform *host,
			struct hart_claims *claims, struct guest_config *g)
{
	const fdt32_t *list;
	int len, slot[GUEST_MAX_VCPUS];
	unsigned int n = 0;

	list = fdt_getprop(r->fdt, r->node, "harts", &len);
	if (list) {
		if (len <= 0 || len % 4)
			return refuse(r, "harts: malformed (want one cell per vCPU)");
		if ((unsigned int)len / 4 != g->vcpus)
			return refuse(r, "harts: %d listed for %u vCPUs",
				      len / 4, g->vcpus);
		for (n = 0; n < g->vcpus; n++) {
			uint32_t id = fdt32_to_cpu(list[n]);
			unsigned int here = 1;

			slot[n] = check_hart(r, host, "harts", id);
			if (slot[n] < 0)
				return ERR_INVALID;
			for (unsigned int k = 0; k < n; k++)
				here += slot[k] == slot[n];
			if (claims->shared[slot[n]]) {
				if (claims->vcpus[slot[n]] + here > HART_MAX_VCPUS)
					return refuse(r, "harts: hart %u would take turns between more than %u vCPUs",
						      id, HART_MAX_VCPUS);
				continue;
			}
			if (claims->guest[slot[n]])
				return refuse(r, "harts: hart %u runs guest %s already and is not in shared-harts",
					      id, claims->guest[slot[n]]);
			if (here > 1)
				return refuse(r, "harts: hart %u listed twice and is not in shared-harts",
					      id);
		}
	} else {
		/* The first harts no guest runs on that can host vCPUs. */
		for (unsigned int i = 0; i < host->hart_count && n < g->vcpus; i++)
			if (!claims->vcpus[i] &&
			    (host->harts[i].isa & DT_ISA_BIT(DT_ISA_H)))
				slot[n++] = i;
		if (n < g->vcpus)
			return refuse(r, "cpus: %u vCPUs but only %u free harts",
				      g->vcpus, n);
	}

	for (n = 0; n < g->vcpus; n++) {
		g->harts[n] = host->harts[slot[n]].hartid;
		if (!claims->guest[slot[n]])
			claims->guest[slot[n]] = g->name;
		claims->vcpus[slot[n]]++;
	}
	r->harts_claimed = true;
	return 0;
}

/* A device is one guest's; and never host RAM. */
static int claim_devices(struct reader *r, struct mem_layout *mem,
			 const struct guest_config *g,
			 const struct guest_config *all, unsigned int count,
			 const bool *refused)
{
	for (unsigned int d = 0; d < g->device_count; d++) {
		const struct guest_device *dev = &g->devices[d];

		if (mem_find_overlap(mem, dev->map_base, dev->map_size, false) ||
		    mem_in_ram(mem, dev->map_base, 1))
			return refuse(r, "devices: %s lies in host memory", dev->path);
		for (unsigned int i = 0; i < count && &all[i] != g; i++) {
			if (refused[i])
				continue;
			for (unsigned int k = 0; k < all[i].device_count; k++) {
				const struct guest_device *other = &all[i].devices[k];

				if (other->node == dev->node)
					return refuse(r, "devices: %s is given to guest %s already",
						      dev->path, all[i].name);
				for (unsigned int a = 0; a < dev->irq_count; a++)
					for (unsigned int b = 0; b < other->irq_count; b++)
						if (dev->irqs[a] == other->irqs[b])
							return refuse(r, "devices: %s: interrupt %u is guest %s's already (%s)",
								      dev->path, dev->irqs[a],
								      all[i].name, other->path);
			}
		}
	}
	return 0;
}

static void release_harts(struct reader *r, const struct dt_platform *host,
			  struct hart_claims *claims, const struct guest_config *g)
{
	if (!r->harts_claimed)
		return;
	r->harts_claimed = false;
	for (unsigned int n = 0; n < g->vcpus; n++) {
		int slot = hart_slot(host, g->harts[n]);

		if (!--claims->vcpus[slot])
			claims->guest[slot] = NULL;
	}
}

static int describe(char *buf, const struct mem_region *c)
{
	if (c->owner)
		return fmt_snprintf(buf, DT_ERROR_MAX / 2, "the %s of guest %s",
				    c->what, c->owner);
	return fmt_snprintf(buf, DT_ERROR_MAX / 2, "%s", c->what);
}

static int reserve(struct reader *r, struct mem_layout *mem, const char *prop,
		   uint64_t base, uint64_t size, const char *what,
		   const char *owner, bool shareable)
{
	struct mem_region region = { .base = base, .size = size, .what = what,
				     .owner = owner, .shareable = shareable };
	const struct mem_region *conflict;
	char other[DT_ERROR_MAX / 2];

	switch (mem_reserve(mem, &region, 0, &conflict)) {
	case 0:
		return 0;
	case ERR_NOT_RAM:
		return refuse(r, "%s: 0x%lx-0x%lx is not inside host RAM", prop,
			      (unsigned long)base,
			      (unsigned long)(base + size - 1));
	case ERR_OVERLAP:
		describe(other, conflict);
		return refuse(r, "%s: 0x%lx-0x%lx overlaps %s (0x%lx-0x%lx)",
			      prop, (unsigned long)base,
			      (unsigned long)(base + size - 1), other,
			      (unsigned long)conflict->base,
			      (unsigned long)(conflict->base + conflict->size - 1));
	default:
		return refuse(r, "%s: no room left to track it", prop);
	}
}

static int reserve_images(struct reader *r, struct mem_layout *mem,
			  const struct guest_config *g)
{
	static const char *const props[] = { "kernel", "initrd", "dtb" };
	static const char *const whats[] = { "kernel image", "initrd image",
					     "dtb image" };
	const struct guest_image *images[] = { &g->kernel, &g->initrd, &g->dtb };

	for (int i = 0; i < 3; i++)
		if (images[i]->size &&
		    reserve(r, mem, props[i], images[i]->hpa, images[i]->size,
			    whats[i], g->name, true))
			return ERR_INVALID;
	return 0;
}

/* The host's own region (firmware, monitor, its tree...) in a block, or NULL. */
static const struct mem_region *host_region_in(const struct mem_layout *mem,
					       uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < mem->count; i++)
		if (!mem->used[i].owner &&
		    ranges_overlap(base, size, mem->used[i].base, mem->used[i].size))
			return &mem->used[i];
	return NULL;
}

/*
 * A DMA guest's RAM at its own host address, but for the 2 MiB blocks
 * where the host itself lives: those become moved blocks (backed in the
 * last pass), so that a guest may have RAM from the base of memory, where
 * an OS linked for the board expects it, and still do DMA.
 */
static int place_ram_for_dma(struct reader *r, struct mem_layout *mem,
			     struct guest_config *g)
{
	uint64_t end = g->ram_gpa + g->ram_size, base = g->ram_gpa;
	const struct mem_region *host;
	struct guest_ram_block *last;

	g->moved_count = 0;
	for (uint64_t b = g->ram_gpa; b < end; b += GUEST_RAM_ALIGN) {
		host = host_region_in(mem, b, GUEST_RAM_ALIGN);
		if (!host)
			continue;
		last = g->moved_count ? &g->moved[g->moved_count - 1] : NULL;
		if (last && last->gpa + last->size == b) {
			last->size += GUEST_RAM_ALIGN;
			continue;
		}
		if (g->moved_count == GUEST_RAM_MOVED_MAX)
			return refuse(r, "memory: the host's own memory lies in more than %d parts of it (%s at 0x%lx)",
				      GUEST_RAM_MOVED_MAX, host->what,
				      (unsigned long)host->base);
		g->moved[g->moved_count++] = (struct guest_ram_block){
			.gpa = b, .size = GUEST_RAM_ALIGN };
	}
	/* The rest at its own address: between and after the moved blocks. */
	for (unsigned int i = 0; i <= g->moved_count; i++) {
		uint64_t next = i < g->moved_count ? g->moved[i].gpa : end;

		if (next > base &&
		    reserve(r, mem, "host-memory", base, next - base, "RAM",
			    g->name, false))
			return ERR_INVALID;
		if (i < g->moved_count)
			base = g->moved[i].gpa + g->moved[i].size;
	}
	return 0;
}

/* Host RAM for the moved blocks, from what is left. */
static int back_moved_blocks(struct reader *r, struct mem_layout *mem,
			     struct guest_config *g)
{
	for (unsigned int i = 0; i < g->moved_count; i++)
		if (mem_alloc(mem, g->moved[i].size, GUEST_RAM_ALIGN,
			      "moved RAM", g->name, &g->moved[i].hpa))
			return refuse(r, "memory: no free %lu MiB block in host RAM for its part at 0x%lx",
				      (unsigned long)(g->moved[i].size / MiB),
				      (unsigned long)g->moved[i].gpa);
	return 0;
}

uint64_t config_ram_hpa(const struct guest_config *g, uint64_t gpa,
			uint64_t *span)
{
	uint64_t end = g->ram_gpa + g->ram_size;

	for (unsigned int i = 0; i < g->moved_count; i++) {
		const struct guest_ram_block *m = &g->moved[i];

		if (gpa < m->gpa) {
			end = m->gpa;
			break;
		}
		if (gpa - m->gpa < m->size) {
			*span = m->size - (gpa - m->gpa);
			return m->hpa + (gpa - m->gpa);
		}
	}
	*span = end - gpa;
	return g->ram_hpa + (gpa - g->ram_gpa);
}

static int place_ram(struct reader *r, struct mem_layout *mem,
		     struct guest_config *g)
{
	if (g->ram_for_dma)
		return place_ram_for_dma(r, mem, g);
	if (g->ram_placed)
		return reserve(r, mem, "host-memory", g->ram_hpa, g->ram_size,
			       "RAM", g->name, false);

	if (mem_alloc(mem, g->ram_size, GUEST_RAM_ALIGN, "RAM", g->name,
		      &g->ram_hpa))
		return refuse(r, "memory: no free %lu MiB block in host RAM",
			      (unsigned long)(g->ram_size / MiB));
	return 0;
}

int config_init_layout(struct mem_layout *mem, const struct dt_platform *host,
		       const struct mem_region *extra, unsigned int extra_count)
{
	static char labels[DT_MAX_RESERVED][64];
	int rc;

	mem_init(mem);
	for (unsigned int i = 0; i < host->memory_count; i++) {
		rc = mem_add_bank(mem, host->memory[i].base, host->memory[i].size);
		if (rc)
			return rc;
	}
	for (unsigned int i = 0; i < host->reserved_count; i++) {
		struct mem_region r = { .base = host->reserved[i].base,
					.size = host->reserved[i].size,
					.what = labels[i] };

		fmt_snprintf(labels[i], sizeof(labels[i]), "reserved memory %s",
			     host->reserved[i].name);
		/* Trees may tell a region twice (/memreserve/ and a node). */
		rc = mem_reserve(mem, &r, MEM_OUTSIDE_RAM_OK | MEM_OVERLAP_OK,
				 NULL);
		if (rc)
			return rc;
	}
	for (unsigned int i = 0; i < extra_count; i++) {
		rc = mem_reserve(mem, &extra[i], 0, NULL);
		if (rc)
			return rc;
	}
	return 0;
}

/* The options of /chosen/sbivisor itself (docs/config-binding.md). */
static int read_system(struct reader *r, const struct dt_platform *host,
		       struct config_system *sys, struct hart_claims *claims)
{
	const fdt32_t *cells;
	const char *end;
	int len;

	cells = fdt_getprop(r->fdt, r->node, "shared-harts", &len);
	if (cells) {
		if (len <= 0 || len % 4 || len / 4 > DT_MAX_HARTS)
			return refuse(r, "shared-harts: malformed (want hart IDs, one cell each)");
		for (int i = 0; i < len / 4; i++) {
			uint32_t id = fdt32_to_cpu(cells[i]);
			int slot = check_hart(r, host, "shared-harts", id);

			if (slot < 0)
				return ERR_INVALID;
			if (claims->shared[slot])
				return refuse(r, "shared-harts: hart %u listed twice", id);
			claims->shared[slot] = true;
			sys->shared_harts[sys->shared_count++] = id;
		}
	}

	cells = fdt_getprop(r->fdt, r->node, "time-slice-us", &len);
	if (cells) {
		if (len != 4)
			return refuse(r, "time-slice-us: malformed (want 1 cell)");
		sys->time_slice_us = fdt32_to_cpu(*cells);
		if (sys->time_slice_us < CONFIG_TIME_SLICE_US_MIN ||
		    sys->time_slice_us > CONFIG_TIME_SLICE_US_MAX)
			return refuse(r, "time-slice-us: %u; want %u to %u",
				      sys->time_slice_us,
				      CONFIG_TIME_SLICE_US_MIN,
				      CONFIG_TIME_SLICE_US_MAX);
	}

	end = fdt_getprop(r->fdt, r->node, "last-guest-end", &len);
	if (end) {
		if (len == sizeof("keep-running") &&
		    !memcmp(end, "keep-running", len))
			sys->keep_running = true;
		else if (len != sizeof("power-off") ||
			 memcmp(end, "power-off", len))
			return refuse(r, "last-guest-end: want \"power-off\" or \"keep-running\"");
	}
	return 0;
}

unsigned int config_read_guests(const struct config_source *src,
				const struct dt_platform *host,
				struct mem_layout *mem, struct config_system *sys,
				struct guest_config *out, unsigned int max,
				config_report_fn report, void *ctx)
{
	const void *fdt = src->fdt;
	struct reader readers[CONFIG_MAX_GUESTS];
	struct hart_claims claims = { 0 };
	bool refused[CONFIG_MAX_GUESTS] = { false };
	unsigned int count = 0, accepted = 0;
	int parent, node, acells, scells;

	*sys = (struct config_system){ .time_slice_us = CONFIG_TIME_SLICE_US };
	parent = fdt_path_offset(fdt, CONFIG_PATH);
	if (parent < 0)
		return 0;
	acells = fdt_address_cells(fdt, parent);
	scells = fdt_size_cells(fdt, parent);
	if (acells < 1 || acells > 2 || scells < 1 || scells > 2) {
		report(ctx, CONFIG_PATH, "#address-cells/#size-cells: want 1 or 2");
		return 0;
	}
	if (max > CONFIG_MAX_GUESTS)
		max = CONFIG_MAX_GUESTS;

	/* Without its own options right, no guest's harts can be judged. */
	readers[0] = (struct reader){ .fdt = fdt, .host_fdt = src->host_fdt,
				      .image = src->image, .node = parent,
				      .acells = acells, .scells = scells,
				      .name = CONFIG_PATH };
	if (read_system(&readers[0], host, sys, &claims)) {
		report(ctx, CONFIG_PATH, readers[0].message);
		*sys = (struct config_system){ .time_slice_us = CONFIG_TIME_SLICE_US };
		return 0;
	}

	/* The fields of each guest node, in tree order. */
	fdt_for_each_subnode(node, fdt, parent) {
		struct reader *r = &readers[count];

		if (fdt_node_check_compatible(fdt, node, CONFIG_GUEST_COMPATIBLE))
			continue;
		if (count == max) {
			report(ctx, fdt_get_name(fdt, node, NULL),
			       "more than " STRINGIFY(CONFIG_MAX_GUESTS) " guests");
			continue;
		}
		*r = (struct reader){ .fdt = fdt, .host_fdt = src->host_fdt,
				      .image = src->image, .node = node,
				      .acells = acells,
				      .scells = scells,
				      .name = fdt_get_name(fdt, node, NULL) };
		refused[count] = read_guest(r, &out[count]);
		count++;
	}

	/*
	 * Every staged image is reserved first, so that no guest's RAM lands
	 * on an image another guest still needs; then, guest by guest, fixed
	 * RAM placements and harts; last, RAM allocated from what is left.
	 */
	for (int pass = 0; pass < 3; pass++) {
		for (unsigned int i = 0; i < count; i++) {
			struct reader *r = &readers[i];
			struct guest_config *g = &out[i];
			int rc;

			if (refused[i])
				continue;
			if (pass == 0)
				rc = reserve_images(r, mem, g);
			else if (pass == 1)
				rc = (g->ram_placed && place_ram(r, mem, g)) ||
				     assign_harts(r, host, &claims, g) ||
				     claim_devices(r, mem, g, out, count, refused);
			else
				rc = g->ram_placed ? back_moved_blocks(r, mem, g) :
						     place_ram(r, mem, g);
			if (rc) {
				refused[i] = true;
				mem_release_owner(mem, g->name);
				release_harts(r, host, &claims, g);
			}
		}
	}

	for (unsigned int i = 0; i < count; i++) {
		if (refused[i]) {
			report(ctx, readers[i].name, readers[i].message);
			continue;
		}
		if (accepted != i)
			out[accepted] = out[i];
		accepted++;
	}
	return accepted;
}
