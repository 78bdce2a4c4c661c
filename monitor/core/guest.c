// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guests: building them from their configuration, booting and rebooting
 * them from their staged images, and ending them.
 */

#include <lib/console.h>
#include <lib/bits.h>
#include <lib/csr.h>
#include <lib/error.h>
#include <lib/format.h>
#include <lib/sbi_call.h>
#include <libfdt.h>
#include <monitor/core/guest.h>
#include <monitor/core/hart.h>
#include <monitor/core/monitor.h>
#include <monitor/core/watchdog.h>
#include <monitor/irq/host_irq.h>
#include <stdarg.h>
#include <string.h>

static struct guest guests[CONFIG_MAX_GUESTS];
static struct vcpu vcpu_pool[MONITOR_MAX_VCPUS];
static unsigned int guests_built, guests_alive;
bool guest_vmids_unique;
static bool guest_failed;
static bool keep_running;	/* when the last guest ends */

/* Page-table pages of one guest come from one block reserved for it. */
static void *table_alloc(void *ctx)
{
	struct guest *g = ctx;
	void *table;

	if (g->tables_next + GSTAGE_PAGE_SIZE > g->tables_end)
		return NULL;
	table = (void *)(uintptr_t)g->tables_next;
	g->tables_next += GSTAGE_PAGE_SIZE;
	memset(table, 0, GSTAGE_PAGE_SIZE);
	return table;
}

/* Guest RAM, each contiguous run of host memory in one mapping. */
static int map_ram(struct guest *g)
{
	const struct guest_config *cfg = g->cfg;
	uint64_t gpa = cfg->ram_gpa, end = cfg->ram_gpa + cfg->ram_size;
	uint64_t hpa, span;
	int rc = 0;

	for (; !rc && gpa < end; gpa += span) {
		hpa = config_ram_hpa(cfg, gpa, &span);
		rc = gstage_map(&g->gstage, gpa, hpa, span, GSTAGE_RWX);
	}
	return rc;
}

static int build_gstage(struct guest *g, struct mem_layout *mem)
{
	const struct guest_config *cfg = g->cfg;
	/*
	 * RAM, and each device's few pages and each vCPU's interrupt file
	 * (AIA): a table per level at worst.
	 */
	size_t tables = gstage_tables_needed(monitor->gstage_levels,
					     cfg->ram_size) +
			(cfg->device_count + cfg->vcpus + 2 * cfg->moved_count) *
			monitor->gstage_levels;
	uint64_t root, pool;
	int rc;

	rc = mem_alloc(mem, GSTAGE_ROOT_SIZE, GSTAGE_ROOT_SIZE, "page tables",
		       cfg->name, &root);
	if (!rc)
		rc = mem_alloc(mem, tables * GSTAGE_PAGE_SIZE, GSTAGE_PAGE_SIZE,
			       "page tables", cfg->name, &pool);
	if (rc)
		return rc;
	memset((void *)(uintptr_t)root, 0, GSTAGE_ROOT_SIZE);
	g->tables_next = pool;
	g->tables_end = pool + tables * GSTAGE_PAGE_SIZE;

	rc = gstage_init(&g->gstage, monitor->gstage_levels,
			 (uint64_t *)(uintptr_t)root, table_alloc, g);
	if (!rc)
		rc = map_ram(g);
	/* Devices given to the guest: where they are, read and write only. */
	for (unsigned int i = 0; !rc && i < cfg->device_count; i++)
		rc = gstage_map(&g->gstage, cfg->devices[i].map_base,
				cfg->devices[i].map_base,
				cfg->devices[i].map_size, GSTAGE_R | GSTAGE_W);
	if (rc)
		return rc;
	g->hgatp = gstage_hgatp(&g->gstage, g->vmid);
	return 0;
}

/* Each vCPU's vector registers, from one block of host memory (V only). */
static int alloc_vector_state(struct guest *g, struct mem_layout *mem)
{
	unsigned long size = vcpu_vector_size();
	uint64_t block;

	if (!size)
		return 0;
	if (mem_alloc(mem, size * g->cfg->vcpus, 64, "vector state", g->cfg->name, &block))
		return ERR_NO_SPACE;
	for (unsigned int n = 0; n < g->cfg->vcpus; n++)
		g->vcpus[n].ext.vec.regs = (uint8_t *)(uintptr_t)(block + n * size);
	return 0;
}

static void print_guest(const struct guest *g)
{
	const struct guest_config *cfg = g->cfg;
	char harts[96];
	int n = 0;

	harts[0] = '\0';
	for (unsigned int i = 0; i < cfg->vcpus; i++)
		n += fmt_snprintf(harts + n, sizeof(harts) - n, " %u",
				  cfg->harts[i]);
	printf("monitor: guest %s: %u vCPU%s on hart%s%s, RAM 0x%lx-0x%lx at host 0x%lx, VMID %lu\n",
	       cfg->name, cfg->vcpus, cfg->vcpus > 1 ? "s" : "",
	       cfg->vcpus > 1 ? "s" : "", harts, (unsigned long)cfg->ram_gpa,
	       (unsigned long)(cfg->ram_gpa + cfg->ram_size - 1),
	       (unsigned long)cfg->ram_hpa, g->vmid);
	for (unsigned int i = 0; i < cfg->moved_count; i++)
		printf("monitor: guest %s: RAM 0x%lx-0x%lx moved to host 0x%lx: the host's own memory is at its address (reserved, no-map, in the guest's tree)\n",
		       cfg->name, (unsigned long)cfg->moved[i].gpa,
		       (unsigned long)(cfg->moved[i].gpa + cfg->moved[i].size - 1),
		       (unsigned long)cfg->moved[i].hpa);
}

/* Each vCPU to its hart; a hart with more than one shares its time. */
static void bind_vcpus(struct guest *g)
{
	for (unsigned int n = 0; n < g->cfg->vcpus; n++) {
		struct vcpu *v = &g->vcpus[n];
		struct hart *h = hart_by_id(g->cfg->harts[n]);

		v->guest = g;
		v->id = n;
		v->hartid = h->hartid;
		v->hart = h;
		vcpu_set_state(v, VCPU_STOPPED);
		h->bound[h->bound_count++] = v;
		h->shared = h->bound_count > 1;
	}
}

unsigned int guests_create(const void *host_fdt, struct mem_layout *mem,
			   const struct config_system *sys,
			   struct guest_config *configs, unsigned int count)
{
	unsigned int built = 0, vcpus_used = 0;

	for (unsigned int i = 0; i < count; i++) {
		const struct guest_config *cfg = &configs[i];
		struct guest *g = &guests[built];
		const char *what = "its page tables";
		int rc;

		memset(g, 0, sizeof(*g));
		g->cfg = cfg;
		g->id = built;
		/* VMIDs tell guests apart in the TLBs where the hart has them. */
		g->vmid = (built + 1) & ((1UL << monitor->vmid_bits) - 1);
		g->host_fdt = host_fdt;
		g->state = GUEST_BOOTING;

		g->vcpus = &vcpu_pool[vcpus_used];
		rc = build_gstage(g, mem);
		if (!rc) {
			what = "its harts' ISA";
			rc = guest_isa_from_host(host_fdt, cfg->harts[0], &g->isa);
		}
		if (!rc && vcpus_used + cfg->vcpus > MONITOR_MAX_VCPUS) {
			what = "its vCPUs (" STRINGIFY(MONITOR_MAX_VCPUS) " in all)";
			rc = ERR_FULL;
		}
		if (rc) {
			printf("monitor: config: %s: %s: %s; guest refused\n",
			       cfg->name, what, error_name(rc));
			mem_release_owner(mem, cfg->name);
			continue;
		}
		/* What FWFT turns on: listed where the harts let it. */
		if (monitor->svadu) {
			guest_isa_add(&g->isa, "svade");
			guest_isa_add(&g->isa, "svadu");
		}
		if (monitor->fwft_henvcfg & HENVCFG_LPE)
			guest_isa_add(&g->isa, "zicfilp");
		if (monitor->fwft_henvcfg & HENVCFG_SSE)
			guest_isa_add(&g->isa, "zicfiss");
		/* It says why itself. */
		if (guest_irq_init(g)) {
			host_irq_release(g);
			mem_release_owner(mem, cfg->name);
			continue;
		}

		if (alloc_vector_state(g, mem)) {
			printf("monitor: config: %s: no memory left for its vCPUs' vector registers; guest refused\n",
			       cfg->name);
			host_irq_release(g);
			mem_release_owner(mem, cfg->name);
			continue;
		}
		vcpus_used += cfg->vcpus;
		bind_vcpus(g);
		print_guest(g);
		built++;
	}
	guests_built = guests_alive = built;
	vconsole_init(guests, built);
	keep_running = sys->keep_running;
	/* Guests that share a hart must not share a VMID. */
	guest_vmids_unique = built < (1UL << monitor->vmid_bits);
	return built;
}

struct guest *guest_by_id(unsigned long id)
{
	return id < guests_built ? &guests[id] : NULL;
}

unsigned long guest_state_of(struct guest *g)
{
	switch (__atomic_load_n(&g->state, __ATOMIC_ACQUIRE)) {
	case GUEST_BOOTING:
		return SBIVISOR_GUEST_BOOTING;
	case GUEST_RUNNING:
		return SBIVISOR_GUEST_RUNNING;
	default:
		return SBIVISOR_GUEST_STOPPED;
	}
}

bool guest_ram_hpa(const struct guest *g, uint64_t gpa, uint64_t len,
		   uint64_t *hpa)
{
	const struct guest_config *cfg = g->cfg;
	uint64_t span;

	if (!range_inside(gpa, len, cfg->ram_gpa, cfg->ram_size))
		return false;
	*hpa = config_ram_hpa(cfg, gpa, &span);
	return span >= len;
}

bool guest_device_at(const struct guest *g, uint64_t gpa)
{
	const struct guest_config *cfg = g->cfg;

	for (unsigned int i = 0; i < cfg->device_count; i++)
		if (gpa - cfg->devices[i].map_base < cfg->devices[i].map_size)
			return true;
	return false;
}

/*
 * Guest RAM as the monitor sees it (satp = 0), for a range that was
 * checked at boot to be inside it and within one run of host memory.
 */
static void *ram(const struct guest *g, uint64_t gpa)
{
	uint64_t span;

	return (void *)(uintptr_t)config_ram_hpa(g->cfg, gpa, &span);
}

/* An image into guest RAM (checked at boot), across moved blocks' edges. */
static void copy_to_ram(const struct guest *g, uint64_t gpa,
			const struct guest_image *image)
{
	const uint8_t *src = (const uint8_t *)(uintptr_t)image->hpa;
	uint64_t left = image->size, span, n;

	while (left) {
		void *dst = (void *)(uintptr_t)config_ram_hpa(g->cfg, gpa, &span);

		n = left < span ? left : span;
		memcpy(dst, src, n);
		src += n;
		gpa += n;
		left -= n;
	}
}

/*
 * Every vCPU of the guest stops (the caller's at its next exit). Returns
 * false if the guest had stopped already, so it ends only once.
 */
static bool guest_set_state(struct guest *g, enum guest_state state)
{
	bool was_stopped;

	spin_lock(&g->lock);
	was_stopped = g->state == GUEST_STOPPED;
	if (!was_stopped) {
		/* Release: pairs with the acquire in guests_boot_waiting(). */
		__atomic_store_n(&g->state, state, __ATOMIC_RELEASE);
		for (unsigned int i = 0; i < g->cfg->vcpus; i++)
			vcpu_set_state(&g->vcpus[i], VCPU_STOPPED);
	}
	spin_unlock(&g->lock);
	/* Out of the guest, each of them; vCPU 0's hart reboots it. */
	if (!was_stopped)
		for (unsigned int i = 0; i < g->cfg->vcpus; i++)
			vcpu_kick(&g->vcpus[i]);
	return !was_stopped;
}

/* After the guest's state changed to stopped: count it out. */
static void guest_ended(bool failed)
{
	if (failed)
		__atomic_store_n(&guest_failed, true, __ATOMIC_RELAXED);
	/*
	 * The last guest to end powers the system off. acq_rel: every other
	 * guest's end (and its guest_failed store) is seen by the hart that
	 * takes the count to zero.
	 */
	if (__atomic_sub_fetch(&guests_alive, 1, __ATOMIC_ACQ_REL))
		return;
	failed = __atomic_load_n(&guest_failed, __ATOMIC_RELAXED);
	if (!keep_running)
		monitor_power_off(failed);
	printf("monitor: no guest left%s; staying up (last-guest-end = \"keep-running\")\n",
	       failed ? " (a guest failed)" : "");
}

static void guest_stop(struct guest *g, bool failed)
{
	if (guest_set_state(g, GUEST_STOPPED))
		guest_ended(failed);
}

void guests_boot_waiting(struct hart *h)
{
	for (unsigned int i = 0; i < h->bound_count; i++) {
		struct vcpu *v = h->bound[i];

		/* Acquire: pairs with the release in guest_set_state(). */
		if (v->id == 0 && v != h->vcpu &&
		    __atomic_load_n(&v->guest->state, __ATOMIC_ACQUIRE) == GUEST_BOOTING)
			guest_boot(v->guest);
	}
}

void guest_boot(struct guest *g)
{
	const struct guest_config *cfg = g->cfg;
	struct guest_fdt_params params = {
		.name = cfg->name,
		.vcpus = cfg->vcpus,
		.ram_gpa = cfg->ram_gpa,
		.ram_size = cfg->ram_size,
		.timebase_hz = monitor->timebase_hz,
		.isa = &g->isa,
		.bootargs = cfg->bootargs,
		.initrd_gpa = cfg->initrd_gpa,
		.initrd_size = cfg->initrd.size,
		.host_fdt = g->host_fdt,
		.device_count = cfg->device_count,
		.devices = cfg->devices,
		.irqchip = &g->irqchip,
		.moved_count = cfg->moved_count,
		.moved = cfg->moved,
	};
	uint64_t fdt_size = cfg->ram_gpa + cfg->ram_size - cfg->fdt_gpa;
	int chosen = fdt_path_offset(g->host_fdt, "/chosen"), seed_len = 0;
	const uint8_t *seed = chosen < 0 ? NULL :
		fdt_getprop(g->host_fdt, chosen, "rng-seed", &seed_len);
	void *fdt = ram(g, cfg->fdt_gpa);
	int rc;

	/*
	 * The firmware's entropy for the OS (QEMU puts some in the tree):
	 * each guest a slice of its own, so that none learns another's.
	 */
	if (seed && seed_len >= (int)guests_built) {
		unsigned int share = seed_len / guests_built;

		params.rng_seed = seed + g->id * share;
		params.rng_seed_size = share;
	}

	/*
	 * No vCPU of an earlier run may still be in the guest while its RAM
	 * is rewritten. Acquire: pairs with the release in vcpu_put().
	 */
	for (unsigned int i = 1; i < cfg->vcpus; i++) {
		unsigned long since = 0;

		while (__atomic_load_n(&g->vcpus[i].loaded, __ATOMIC_ACQUIRE))
			watchdog_poll(&since, "a vCPU of the rebooting guest to leave it");
	}

	/* What its devices' interrupts were doing is forgotten. */
	guest_irq_reset(g);
	copy_to_ram(g, cfg->kernel_gpa, &cfg->kernel);
	copy_to_ram(g, cfg->initrd_gpa, &cfg->initrd);
	if (cfg->dtb.size)
		rc = guest_fdt_fixup(fdt, fdt_size,
				     (void *)(uintptr_t)cfg->dtb.hpa,
				     cfg->dtb.size, &params);
	else
		rc = guest_fdt_build(fdt, fdt_size, &params);
	if (rc) {
		printf("monitor: guest %s: its device tree: %s; guest stopped\n",
		       cfg->name, error_name(rc));
		guest_stop(g, true);
		return;
	}

	vcpu_reset(&g->vcpus[0], cfg->kernel_gpa, 0, cfg->fdt_gpa);
	spin_lock(&g->lock);
	__atomic_store_n(&g->state, GUEST_RUNNING, __ATOMIC_RELEASE);
	vcpu_set_state(&g->vcpus[0], VCPU_RUNNING);
	spin_unlock(&g->lock);
	printf("monitor: guest %s: booting at 0x%lx, device tree at 0x%lx\n",
	       cfg->name, (unsigned long)cfg->kernel_gpa,
	       (unsigned long)cfg->fdt_gpa);
}

void guest_shutdown(struct guest *g, bool failed)
{
	if (!guest_set_state(g, GUEST_STOPPED))
		return;
	printf("monitor: guest %s: shut down%s\n", g->cfg->name,
	       failed ? " (system failure)" : "");
	guest_ended(failed);
}

void guest_reboot(struct guest *g)
{
	if (guest_set_state(g, GUEST_BOOTING))
		printf("monitor: guest %s: rebooting\n", g->cfg->name);
}

void guest_fault(struct vcpu *v, const char *fmt, ...)
{
	struct guest *g = v->guest;
	bool restart = g->cfg->restart_on_fault;
	char reason[160];
	va_list ap;

	if (!guest_set_state(g, restart ? GUEST_BOOTING : GUEST_STOPPED))
		return;
	va_start(ap, fmt);
	fmt_vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	printf("monitor: guest %s vcpu %u hart %lu: %s; guest %s\n",
	       g->cfg->name, v->id, v->hartid, reason,
	       restart ? "restarting" : "stopped");
	if (!restart)
		guest_ended(true);
}
