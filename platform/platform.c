// SPDX-License-Identifier: BSD-2-Clause
/*
 * sbivisor's OpenSBI platform: every device comes from the device tree
 * through OpenSBI's FDT drivers (libsbiutils), so one image serves QEMU virt
 * and the boards those drivers cover. On top of that it registers the
 * sbivisor SBI extension (firmware/).
 */

#include <libfdt.h>
#include <sbi/riscv_asm.h>
#include <sbi/sbi_bitops.h>
#include <sbi/sbi_console.h>
#include <sbi/sbi_hart.h>
#include <sbi/sbi_hartmask.h>
#include <sbi/sbi_heap.h>
#include <sbi/sbi_platform.h>
#include <sbi/sbi_tlb.h>
#include <sbi_utils/fdt/fdt_domain.h>
#include <sbi_utils/fdt/fdt_fixup.h>
#include <sbi_utils/fdt/fdt_helper.h>
#include <sbi_utils/fdt/fdt_pmu.h>
#include <sbi_utils/hsm/fdt_hsm.h>
#include <sbi_utils/ipi/fdt_ipi.h>
#include <sbi_utils/irqchip/fdt_irqchip.h>
#include <sbi_utils/irqchip/imsic.h>
#include <sbi_utils/reset/fdt_reset.h>
#include <sbi_utils/serial/fdt_serial.h>
#include <sbi_utils/suspend/fdt_suspend.h>
#include <sbi_utils/timer/fdt_timer.h>

#include "../firmware/sbivisor_firmware.h"

#define PLATFORM_NAME_PREFIX	"sbivisor"

extern struct sbi_platform platform;

static u32 hart_index_to_id[SBI_HARTMASK_MAX_BITS];
static bool has_mlevel_imsic;

/* "sbivisor (<model>)": the banner names us and still tells boards apart. */
static void set_platform_name(const void *fdt, int root)
{
	const char *model = fdt_getprop(fdt, root, "model", NULL);

	if (model)
		sbi_snprintf(platform.name, sizeof(platform.name),
			     PLATFORM_NAME_PREFIX " (%s)", model);
}

/*
 * Heap for OpenSBI's per-hart data and, on top of the default, the TLB
 * request FIFOs, of which every hart keeps one entry per hart.
 */
static u32 heap_size_for(u32 hart_count)
{
	u32 size = SBI_PLATFORM_DEFAULT_HEAP_SIZE(hart_count) +
		   SBI_TLB_INFO_SIZE * hart_count * hart_count;

	return BIT_ALIGN(size, HEAP_BASE_ALIGN);
}

/*
 * Called by OpenSBI's firmware entry on the boot hart before anything else:
 * fill in what `platform` cannot know at build time. Returns the FDT address.
 */
unsigned long fw_platform_init(unsigned long arg0, unsigned long arg1,
			       unsigned long arg2, unsigned long arg3,
			       unsigned long arg4)
{
	const void *fdt = (const void *)arg1;
	int root, cpus, cpu;
	u32 hartid, count = 0;

	root = fdt_path_offset(fdt, "/");
	cpus = fdt_path_offset(fdt, "/cpus");
	if (root < 0 || cpus < 0)
		goto no_device_tree;

	set_platform_name(fdt, root);

	fdt_for_each_subnode(cpu, fdt, cpus) {
		if (fdt_parse_hart_id(fdt, cpu, &hartid))
			continue;
		if (hartid >= SBI_HARTMASK_MAX_BITS ||
		    !fdt_node_is_enabled(fdt, cpu))
			continue;
		hart_index_to_id[count++] = hartid;
	}

	platform.hart_count = count;
	platform.heap_size = heap_size_for(count);
	has_mlevel_imsic = fdt_check_imsic_mlevel(fdt);

	return arg1;

no_device_tree:
	/* No console exists yet to say why; park the hart. */
	while (1)
		wfi();
}

static int sbivisor_nascent_init(void)
{
	/* M-level IMSIC must be usable before IPIs are (AIA systems). */
	if (has_mlevel_imsic)
		imsic_local_irqchip_init();
	return 0;
}

static int sbivisor_early_init(bool cold_boot)
{
	const void *fdt = fdt_get_address();
	int rc;

	if (!cold_boot)
		return 0;

	rc = fdt_serial_init(fdt);
	if (rc)
		return rc;
	fdt_hsm_init(fdt);
	fdt_reset_init(fdt);
	fdt_suspend_init(fdt);
	return 0;
}

static int sbivisor_final_init(bool cold_boot)
{
	void *fdt;
	int rc;

	sbivisor_delegate_traps();
	if (!cold_boot)
		return 0;

	rc = sbivisor_ecall_register();
	if (rc)
		return rc;

	fdt = fdt_get_address_rw();
	fdt_cpu_fixup(fdt);
	fdt_fixups(fdt);
	fdt_domain_fixup(fdt);
	return 0;
}

static int sbivisor_extensions_init(struct sbi_hart_features *hfeatures)
{
	return fdt_parse_isa_extensions(fdt_get_address(), current_hartid(),
					hfeatures->extensions);
}

static int sbivisor_domains_init(void)
{
	int rc = fdt_domains_populate(fdt_get_address());

	return rc < 0 ? rc : 0;
}

static int sbivisor_pmu_init(void)
{
	int rc = fdt_pmu_setup(fdt_get_address());

	return (rc && rc != SBI_ENOENT) ? rc : 0;
}

/*
 * Raw events carry their selector in `data`; for the others the device tree
 * may give a selector, else the SBI spec's default is the event index.
 */
static u64 sbivisor_pmu_xlate_to_mhpmevent(u32 event_idx, u64 data)
{
	u64 selector;

	if (event_idx == SBI_PMU_EVENT_RAW_IDX ||
	    event_idx == SBI_PMU_EVENT_RAW_V2_IDX)
		return data;

	selector = fdt_pmu_get_select_value(event_idx);
	return selector ? selector : event_idx;
}

static const struct sbi_platform_operations platform_ops = {
	.nascent_init		= sbivisor_nascent_init,
	.early_init		= sbivisor_early_init,
	.final_init		= sbivisor_final_init,
	.extensions_init	= sbivisor_extensions_init,
	.domains_init		= sbivisor_domains_init,
	.irqchip_init		= fdt_irqchip_init,
	.ipi_init		= fdt_ipi_init,
	.timer_init		= fdt_timer_init,
	.pmu_init		= sbivisor_pmu_init,
	.pmu_xlate_to_mhpmevent	= sbivisor_pmu_xlate_to_mhpmevent,
};

struct sbi_platform platform = {
	.opensbi_version	= OPENSBI_VERSION,
	.platform_version	= SBI_PLATFORM_VERSION(CONFIG_SBIVISOR_MAJOR_VER,
						       CONFIG_SBIVISOR_MINOR_VER),
	.name			= PLATFORM_NAME_PREFIX,
	.features		= SBI_PLATFORM_DEFAULT_FEATURES,
	.hart_count		= SBI_HARTMASK_MAX_BITS,
	.hart_index2id		= hart_index_to_id,
	.hart_stack_size	= SBI_PLATFORM_DEFAULT_HART_STACK_SIZE,
	.heap_size		= SBI_PLATFORM_DEFAULT_HEAP_SIZE(0),
	.platform_ops_addr	= (unsigned long)&platform_ops,
};
