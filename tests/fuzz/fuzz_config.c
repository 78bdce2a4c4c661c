// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target: a host device tree, as the monitor gets it from the
 * firmware, through everything the monitor does with it at boot: the
 * platform parser (monitor/boot/dt.c), the guest configuration
 * (monitor/boot/config.c, over the monitor's memory bookkeeping) and each
 * accepted guest's device tree (monitor/boot/guest_fdt.c, devices copied from
 * the fuzzed tree). Beyond what the sanitizers catch, what was accepted
 * must hold together: checked below, abort() otherwise.
 */

#include <libfdt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <monitor/boot/config.h>
#include <monitor/boot/dt.h>
#include <monitor/boot/guest_fdt.h>

static void ignore_report(void *ctx, const char *node, const char *message)
{
}

#define CHECK(cond)		\
	do {			\
		if (!(cond))	\
			abort();\
	} while (0)

static void check_guest(const void *fdt, const struct dt_platform *host,
			const struct guest_config *g)
{
	static char out[GUEST_FDT_SIZE];
	struct guest_isa isa;
	struct guest_fdt_params params = {
		.name = g->name, .vcpus = g->vcpus, .ram_gpa = g->ram_gpa,
		.ram_size = g->ram_size, .timebase_hz = host->timebase_hz,
		.isa = &isa, .bootargs = g->bootargs, .initrd_gpa = g->initrd_gpa,
		.initrd_size = g->initrd.size, .host_fdt = fdt,
		.device_count = g->device_count, .devices = g->devices,
		.moved_count = g->moved_count, .moved = g->moved,
	};
	uint64_t gpa, span;

	/* What config.c promises about an accepted guest. */
	CHECK(g->vcpus >= 1 && g->vcpus <= GUEST_MAX_VCPUS);
	CHECK(g->ram_size && !(g->ram_size % GUEST_RAM_ALIGN));
	CHECK(!(g->ram_hpa % GUEST_RAM_ALIGN) && !(g->ram_gpa % GUEST_RAM_ALIGN));
	CHECK(range_inside(g->kernel_gpa, g->kernel.size, g->ram_gpa, g->ram_size));
	CHECK(g->fdt_gpa >= g->ram_gpa && g->fdt_gpa - g->ram_gpa < g->ram_size);
	/* Moved blocks: whole blocks of its RAM, in order, backed elsewhere. */
	CHECK(g->moved_count <= GUEST_RAM_MOVED_MAX);
	CHECK(!g->moved_count || g->ram_for_dma);
	for (unsigned int i = 0; i < g->moved_count; i++) {
		const struct guest_ram_block *m = &g->moved[i];

		CHECK(m->size && !((m->gpa | m->size | m->hpa) % GUEST_RAM_ALIGN));
		CHECK(range_inside(m->gpa, m->size, g->ram_gpa, g->ram_size));
		CHECK(!i || m->gpa > g->moved[i - 1].gpa + g->moved[i - 1].size);
		CHECK(!ranges_overlap(m->hpa, m->size, g->ram_gpa, g->ram_size));
	}
	/* Every byte of its RAM has a host address, in runs that tile it. */
	for (gpa = g->ram_gpa; gpa < g->ram_gpa + g->ram_size; gpa += span) {
		uint64_t hpa = config_ram_hpa(g, gpa, &span);

		CHECK(span && span <= g->ram_gpa + g->ram_size - gpa);
		CHECK(!(hpa % GUEST_RAM_ALIGN) && !(span % GUEST_RAM_ALIGN));
		CHECK(!ranges_overlap(hpa, span, 0x80200000, 0x60000));
	}
	for (unsigned int i = 0; i < g->device_count; i++) {
		const struct guest_device *d = &g->devices[i];

		CHECK(!(d->map_base % 4096) && d->map_size && !(d->map_size % 4096));
		CHECK(!ranges_overlap(d->map_base, d->map_size, g->ram_gpa, g->ram_size));
	}
	for (unsigned int i = 0; i < g->vcpus; i++) {
		unsigned int n;

		for (n = 0; n < host->hart_count; n++)
			if (host->harts[n].hartid == g->harts[i])
				break;
		CHECK(n < host->hart_count);
	}
	if (guest_isa_from_host(fdt, g->harts[0], &isa))
		return;
	if (!g->dtb.size && !guest_fdt_build(out, sizeof(out), &params))
		CHECK(!fdt_check_full(out, sizeof(out)));
}

/* A hart not in shared-harts runs one vCPU; a shared one at most a few. */
static void check_harts(const struct config_system *sys,
			const struct guest_config *guests, unsigned int count)
{
	CHECK(sys->time_slice_us >= CONFIG_TIME_SLICE_US_MIN &&
	      sys->time_slice_us <= CONFIG_TIME_SLICE_US_MAX);
	for (unsigned int i = 0; i < count; i++) {
		for (unsigned int n = 0; n < guests[i].vcpus; n++) {
			uint32_t hart = guests[i].harts[n];
			unsigned int on_hart = 0;
			bool shared = false;

			for (unsigned int k = 0; k < sys->shared_count; k++)
				shared |= sys->shared_harts[k] == hart;
			for (unsigned int j = 0; j < count; j++)
				for (unsigned int m = 0; m < guests[j].vcpus; m++)
					on_hart += guests[j].harts[m] == hart;
			CHECK(on_hart <= (shared ? HART_MAX_VCPUS : 1));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dt_platform host;
	static struct mem_layout mem;
	static struct guest_config guests[CONFIG_MAX_GUESTS];
	static struct config_system sys;
	static const struct mem_region monitor[] = {
		{ 0x80200000, 0x60000, "the monitor", NULL, false },
	};
	char error[DT_ERROR_MAX];
	unsigned int count;
	void *fdt;

	/*
	 * The monitor knows no size but the header's: the tree must at least
	 * lie in memory that long (dt_parse_platform() checks the rest).
	 */
	if (size < sizeof(struct fdt_header) || fdt_check_header(data) ||
	    fdt_totalsize(data) > size)
		return 0;
	fdt = malloc(size);
	memcpy(fdt, data, size);
	if (!dt_parse_platform(fdt, &host, error) &&
	    !config_init_layout(&mem, &host, monitor, 1)) {
		count = config_read_guests(&(struct config_source){ fdt, fdt, NULL },
					   &host, &mem, &sys, guests,
					   CONFIG_MAX_GUESTS, ignore_report, NULL);
		CHECK(count <= CONFIG_MAX_GUESTS);
		check_harts(&sys, guests, count);
		for (unsigned int i = 0; i < count; i++)
			check_guest(fdt, &host, &guests[i]);
	}
	free(fdt);
	return 0;
}
