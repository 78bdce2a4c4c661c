// SPDX-License-Identifier: BSD-2-Clause
/* The guest's device tree; see monitor/include/monitor/boot/guest_fdt.h. */

#include <lib/bits.h>
#include <lib/format.h>
#include <libfdt.h>
#include <monitor/boot/dt.h>
#include <monitor/boot/guest_fdt.h>
#include <sbivisor/sbi.h>
#include <string.h>

/*
 * Extensions a guest may see, each offered only as the monitor virtualizes
 * it (docs/architecture.md, "CSRs" and "Traps"):
 * - what VS-mode runs as it is: the base ISA and its unprivileged
 *   extensions with no state of their own (Zba..Zbs, Zfa, Zimop, Zcmop,
 *   ...), Svinval and Svvptc, and Svade (VS-stage A/D bits with
 *   henvcfg.ADUE clear);
 * - Zawrs: its waits run, or yield on a shared hart (monitor/core/vinsn.c);
 * - Sstc, Svpbmt, Zicbom, Zicboz: enabled in henvcfg;
 * - FP and vector, their state switched per vCPU (monitor/core/vcpu_extstate.c);
 * - Supm: senvcfg.PMM, switched per vCPU;
 * - Zkr: seed read for the guest (monitor/core/vinsn.c).
 * Not here: h, AIA (added when the guest has an interrupt file), Svadu,
 * Zicfilp and Zicfiss (added where SBI FWFT can turn them on:
 * monitor/core/guest.c), Sscofpmf and
 * Zihpm (no PMU yet) and anything else the monitor does not virtualize.
 */
static const char *const guest_isa_allowed[] = {
	"i", "m", "a", "f", "d", "c", "b", "v",
	"zve32x", "zve32f", "zve64x", "zve64f", "zve64d",
	"zvl32b", "zvl64b", "zvl128b", "zvl256b", "zvl512b", "zvl1024b",
	"zvfh", "zvfhmin", "zvfbfmin", "zvfbfwma",
	"zvbb", "zvbc", "zvkb", "zvkg", "zvkn", "zvknc", "zvkned", "zvkng",
	"zvknha", "zvknhb", "zvks", "zvksc", "zvksed", "zvksg", "zvksh", "zvkt",
	"zicsr", "zifencei", "zicntr", "zihintpause", "zihintntl", "zicond",
	"zimop", "zmmul", "zaamo", "zalrsc", "zacas", "zabha", "za64rs", "zawrs",
	"zic64b", "ziccamoa", "ziccif", "zicclsm", "ziccrse",
	"zicbom", "zicboz", "zicbop",
	"zfa", "zfh", "zfhmin", "zfbfmin",
	"zca", "zcb", "zcd", "zcmop",
	"zba", "zbb", "zbc", "zbs", "zbkb", "zbkc", "zbkx", "zkt",
	"zk", "zkn", "zknd", "zkne", "zknh", "zks", "zksed", "zksh", "zkr",
	"sstc", "svpbmt", "svnapot", "svinval", "svvptc", "svade", "supm",
};

static bool isa_allowed(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(guest_isa_allowed); i++)
		if (strlen(guest_isa_allowed[i]) == len &&
		    !strncmp(guest_isa_allowed[i], name, len))
			return true;
	return false;
}

static bool isa_has(const struct guest_isa *isa, const char *name, size_t len)
{
	for (size_t at = 0; at < isa->len; at += strlen(isa->list + at) + 1)
		if (strlen(isa->list + at) == len &&
		    !strncmp(isa->list + at, name, len))
			return true;
	return false;
}

static void isa_add(const char *name, size_t len, void *ctx)
{
	struct guest_isa *isa = ctx;

	if (!isa_allowed(name, len) || isa_has(isa, name, len) ||
	    isa->len + len + 1 > sizeof(isa->list))
		return;
	memcpy(isa->list + isa->len, name, len);
	isa->list[isa->len + len] = '\0';
	isa->len += len + 1;
}

/* "rv64" + the single letters, then "_name" for each longer one. */
static void isa_make_string(struct guest_isa *isa)
{
	size_t n = 0, len;

	memcpy(isa->string, "rv64", 4);
	n = 4;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t at = 0; at < isa->len; at += len + 1) {
			len = strlen(isa->list + at);
			if ((len == 1) != (pass == 0))
				continue;
			if (n + len + 2 > sizeof(isa->string))
				break;
			if (pass)
				isa->string[n++] = '_';
			memcpy(isa->string + n, isa->list + at, len);
			n += len;
		}
	}
	isa->string[n] = '\0';
}

void guest_isa_add(struct guest_isa *isa, const char *name)
{
	size_t len = strlen(name);

	if (isa_has(isa, name, len) || isa->len + len + 1 > sizeof(isa->list))
		return;
	memcpy(isa->list + isa->len, name, len + 1);
	isa->len += len + 1;
	isa_make_string(isa);
}

/* A one-cell property of a host cpu node, or 0. */
static uint32_t cpu_u32(const void *fdt, int cpu, const char *name)
{
	int len;
	const fdt32_t *v = fdt_getprop(fdt, cpu, name, &len);

	return v && len == 4 ? fdt32_to_cpu(*v) : 0;
}

int guest_isa_from_host(const void *host_fdt, uint32_t hartid,
			struct guest_isa *isa)
{
	uint32_t id;
	int cpus, cpu;

	memset(isa, 0, sizeof(*isa));
	cpus = fdt_path_offset(host_fdt, "/cpus");
	if (cpus < 0)
		return ERR_NOT_FOUND;
	fdt_for_each_subnode(cpu, host_fdt, cpus) {
		if (dt_cpu_hartid(host_fdt, cpu, &id) || id != hartid)
			continue;
		if (dt_cpu_isa_for_each(host_fdt, cpu, isa_add, isa))
			return ERR_INVALID;
		isa->mmu_type = fdt_getprop(host_fdt, cpu, "mmu-type", NULL);
		isa->cbom_block_size = cpu_u32(host_fdt, cpu, "riscv,cbom-block-size");
		isa->cboz_block_size = cpu_u32(host_fdt, cpu, "riscv,cboz-block-size");
		isa->cbop_block_size = cpu_u32(host_fdt, cpu, "riscv,cbop-block-size");
		isa_make_string(isa);
		return 0;
	}
	return ERR_NOT_FOUND;
}

#define TRY(x)						\
	do {						\
		int __rc = (x);				\
		if (__rc < 0)				\
			return __rc;			\
	} while (0)

static int property_u64_pair(void *fdt, const char *name, uint64_t a,
			     uint64_t b)
{
	fdt64_t cells[2] = { cpu_to_fdt64(a), cpu_to_fdt64(b) };

	return fdt_property(fdt, name, cells, sizeof(cells));
}

/* A UART Linux and U-Boot drive as they find it: the guest's console. */
static bool device_is_uart(const void *host, int node)
{
	return !fdt_node_check_compatible(host, node, "ns16550a") ||
	       !fdt_node_check_compatible(host, node, "ns16550");
}

static int write_chosen(void *fdt, const struct guest_fdt_params *p)
{
	char stdout_path[96];

	TRY(fdt_begin_node(fdt, "chosen"));
	/* The first UART given; else none, and the SBI console is the one. */
	for (unsigned int i = 0; i < p->device_count; i++) {
		if (!device_is_uart(p->host_fdt, p->devices[i].node))
			continue;
		fmt_snprintf(stdout_path, sizeof(stdout_path), "/soc/%s",
			     fdt_get_name(p->host_fdt, p->devices[i].node, NULL));
		TRY(fdt_property_string(fdt, "stdout-path", stdout_path));
		break;
	}
	if (p->bootargs)
		TRY(fdt_property_string(fdt, "bootargs", p->bootargs));
	if (p->rng_seed_size)
		TRY(fdt_property(fdt, "rng-seed", p->rng_seed, p->rng_seed_size));
	if (p->initrd_size) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", p->initrd_gpa));
		TRY(fdt_property_u64(fdt, "linux,initrd-end",
				     p->initrd_gpa + p->initrd_size));
	}
	return fdt_end_node(fdt);
}

/* phandles: cpu interrupt controllers are 1..vcpus, these come after. */
#define PHANDLE_IDLE_RETENTIVE		0x100
#define PHANDLE_IDLE_NON_RETENTIVE	0x101
#define PHANDLE_IRQCHIP			0x102
#define PHANDLE_IMSIC			0x103

static int write_idle_state(void *fdt, const char *name, uint32_t param,
			    uint32_t latency_us, uint32_t residency_us,
			    uint32_t phandle)
{
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "compatible", "riscv,idle-state"));
	TRY(fdt_property_u32(fdt, "riscv,sbi-suspend-param", param));
	TRY(fdt_property_u32(fdt, "entry-latency-us", latency_us));
	TRY(fdt_property_u32(fdt, "exit-latency-us", latency_us));
	TRY(fdt_property_u32(fdt, "min-residency-us", residency_us));
	TRY(fdt_property_u32(fdt, "phandle", phandle));
	return fdt_end_node(fdt);
}

/*
 * What SBI HSM hart_suspend offers, for Linux's SBI cpuidle driver. The
 * timer goes on in both (vstimecmp, or the monitor's), so no
 * local-timer-stop.
 */
static int write_idle_states(void *fdt)
{
	TRY(fdt_begin_node(fdt, "idle-states"));
	TRY(write_idle_state(fdt, "retentive", SBI_HSM_SUSP_RET_DEFAULT, 10,
			     100, PHANDLE_IDLE_RETENTIVE));
	TRY(write_idle_state(fdt, "non-retentive", SBI_HSM_SUSP_NON_RET_BIT, 50,
			     1000, PHANDLE_IDLE_NON_RETENTIVE));
	return fdt_end_node(fdt);
}

static int write_cpu(void *fdt, const struct guest_fdt_params *p,
		     unsigned int id)
{
	fdt32_t idle[2] = { cpu_to_fdt32(PHANDLE_IDLE_RETENTIVE),
			    cpu_to_fdt32(PHANDLE_IDLE_NON_RETENTIVE) };
	char name[16];

	fmt_snprintf(name, sizeof(name), "cpu@%u", id);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "device_type", "cpu"));
	TRY(fdt_property_u32(fdt, "reg", id));
	TRY(fdt_property_string(fdt, "status", "okay"));
	TRY(fdt_property_string(fdt, "compatible", "riscv"));
	TRY(fdt_property_string(fdt, "riscv,isa", p->isa->string));
	TRY(fdt_property_string(fdt, "riscv,isa-base", "rv64i"));
	TRY(fdt_property(fdt, "riscv,isa-extensions", p->isa->list,
			 p->isa->len));
	if (p->isa->mmu_type)
		TRY(fdt_property_string(fdt, "mmu-type", p->isa->mmu_type));
	/* Linux uses Zicbom and Zicboz only with these. */
	if (p->isa->cbom_block_size)
		TRY(fdt_property_u32(fdt, "riscv,cbom-block-size", p->isa->cbom_block_size));
	if (p->isa->cboz_block_size)
		TRY(fdt_property_u32(fdt, "riscv,cboz-block-size", p->isa->cboz_block_size));
	if (p->isa->cbop_block_size)
		TRY(fdt_property_u32(fdt, "riscv,cbop-block-size", p->isa->cbop_block_size));
	TRY(fdt_property(fdt, "cpu-idle-states", idle, sizeof(idle)));

	/* The local interrupt controller Linux expects in every cpu node. */
	TRY(fdt_begin_node(fdt, "interrupt-controller"));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	TRY(fdt_property(fdt, "interrupt-controller", "", 0));
	TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
	TRY(fdt_property_u32(fdt, "phandle", id + 1));
	TRY(fdt_end_node(fdt));

	return fdt_end_node(fdt);
}

static bool has_irqchip(const struct guest_fdt_params *p)
{
	return p->irqchip && p->irqchip->kind != GUEST_IRQCHIP_NONE;
}

/*
 * A host device's node, copied: its properties but its phandle and those
 * that tie it to the host's interrupt controllers; reg rewritten in the
 * guest's cells (two and two). Its interrupts keep their numbers, which
 * are the guest controller's too.
 */
static int write_device(void *fdt, const struct guest_fdt_params *p,
			const struct guest_device *d)
{
	const void *host = p->host_fdt;
	int prop;

	TRY(fdt_begin_node(fdt, fdt_get_name(host, d->node, NULL)));
	fdt_for_each_property_offset(prop, host, d->node) {
		const char *name;
		const void *val;
		int len;

		val = fdt_getprop_by_offset(host, prop, &name, &len);
		if (!val || !strcmp(name, "reg") || !strcmp(name, "phandle") ||
		    !strcmp(name, "interrupts-extended") ||
		    !strcmp(name, "interrupt-parent") ||
		    (!strcmp(name, "interrupts") &&
		     (!has_irqchip(p) || !d->irq_count)))
			continue;
		TRY(fdt_property(fdt, name, val, len));
	}
	TRY(property_u64_pair(fdt, "reg", d->reg_base, d->reg_size));
	if (has_irqchip(p) && d->irq_count)
		TRY(fdt_property_u32(fdt, "interrupt-parent", PHANDLE_IRQCHIP));
	return fdt_end_node(fdt);
}

static int write_s_contexts(void *fdt, const struct guest_fdt_params *p,
			    const char *name);

/* The PLIC as Linux's driver reads it: context n is vCPU n's S-mode one. */
static int write_plic(void *fdt, const struct guest_fdt_params *p)
{
	const struct guest_irqchip *chip = p->irqchip;
	char name[32];

	fmt_snprintf(name, sizeof(name), "plic@%lx", (unsigned long)chip->base);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property(fdt, "compatible", "sifive,plic-1.0.0\0riscv,plic0",
			 sizeof("sifive,plic-1.0.0\0riscv,plic0")));
	TRY(property_u64_pair(fdt, "reg", chip->base, chip->size));
	TRY(write_s_contexts(fdt, p, "interrupts-extended"));
	TRY(fdt_property(fdt, "interrupt-controller", "", 0));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	TRY(fdt_property_u32(fdt, "#address-cells", 0));
	TRY(fdt_property_u32(fdt, "riscv,ndev", chip->sources));
	TRY(fdt_property_u32(fdt, "phandle", PHANDLE_IRQCHIP));
	return fdt_end_node(fdt);
}

/* vCPU n's S-level interrupt controller, 9 (S external), per vCPU. */
static int write_s_contexts(void *fdt, const struct guest_fdt_params *p,
			    const char *name)
{
	fdt32_t contexts[2 * DT_MAX_HARTS];

	for (unsigned int i = 0; i < p->vcpus; i++) {
		contexts[2 * i] = cpu_to_fdt32(i + 1);
		contexts[2 * i + 1] = cpu_to_fdt32(9);
	}
	return fdt_property(fdt, name, contexts, p->vcpus * 2 * sizeof(fdt32_t));
}

/*
 * AIA as Linux's drivers read it: an IMSIC with one interrupt file per
 * vCPU, a page each (hart index n: vCPU n, no guest files of its own), and
 * an APLIC domain in MSI mode sending to it.
 */
static int write_aia(void *fdt, const struct guest_fdt_params *p)
{
	const struct guest_irqchip *chip = p->irqchip;
	char name[32];

	fmt_snprintf(name, sizeof(name), "imsics@%lx", (unsigned long)chip->imsic_base);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property(fdt, "compatible", "riscv,imsics", sizeof("riscv,imsics")));
	TRY(property_u64_pair(fdt, "reg", chip->imsic_base, p->vcpus * 0x1000ULL));
	TRY(write_s_contexts(fdt, p, "interrupts-extended"));
	TRY(fdt_property(fdt, "msi-controller", "", 0));
	TRY(fdt_property(fdt, "interrupt-controller", "", 0));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 0));
	TRY(fdt_property_u32(fdt, "riscv,num-ids", chip->imsic_ids));
	TRY(fdt_property_u32(fdt, "phandle", PHANDLE_IMSIC));
	TRY(fdt_end_node(fdt));

	fmt_snprintf(name, sizeof(name), "aplic@%lx", (unsigned long)chip->base);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property(fdt, "compatible", "riscv,aplic", sizeof("riscv,aplic")));
	TRY(property_u64_pair(fdt, "reg", chip->base, chip->size));
	TRY(fdt_property_u32(fdt, "msi-parent", PHANDLE_IMSIC));
	TRY(fdt_property(fdt, "interrupt-controller", "", 0));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 2));
	TRY(fdt_property_u32(fdt, "#address-cells", 0));
	TRY(fdt_property_u32(fdt, "riscv,num-sources", chip->sources));
	TRY(fdt_property_u32(fdt, "phandle", PHANDLE_IRQCHIP));
	return fdt_end_node(fdt);
}

static int write_devices(void *fdt, const struct guest_fdt_params *p)
{
	if (!p->device_count)
		return 0;
	TRY(fdt_begin_node(fdt, "soc"));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_string(fdt, "compatible", "simple-bus"));
	TRY(fdt_property(fdt, "ranges", "", 0));
	if (has_irqchip(p) && p->irqchip->kind == GUEST_IRQCHIP_PLIC)
		TRY(write_plic(fdt, p));
	if (has_irqchip(p) && p->irqchip->kind == GUEST_IRQCHIP_AIA)
		TRY(write_aia(fdt, p));
	for (unsigned int i = 0; i < p->device_count; i++)
		TRY(write_device(fdt, p, &p->devices[i]));
	return fdt_end_node(fdt);
}

static int write_memory(void *fdt, const struct guest_fdt_params *p)
{
	char name[32];

	fmt_snprintf(name, sizeof(name), "memory@%lx", (unsigned long)p->ram_gpa);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "device_type", "memory"));
	TRY(property_u64_pair(fdt, "reg", p->ram_gpa, p->ram_size));
	return fdt_end_node(fdt);
}

/*
 * The moved blocks of its RAM (config.h): reserved, no-map, as firmware
 * reserves its own memory on a board, so that no driver hands them to a
 * device whose DMA would reach the host's memory at those addresses.
 */
static int write_reserved_memory(void *fdt, const struct guest_fdt_params *p)
{
	char name[40];

	if (!p->moved_count)
		return 0;
	TRY(fdt_begin_node(fdt, "reserved-memory"));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property(fdt, "ranges", "", 0));
	for (unsigned int i = 0; i < p->moved_count; i++) {
		fmt_snprintf(name, sizeof(name), "host@%lx",
			     (unsigned long)p->moved[i].gpa);
		TRY(fdt_begin_node(fdt, name));
		TRY(property_u64_pair(fdt, "reg", p->moved[i].gpa,
				      p->moved[i].size));
		TRY(fdt_property(fdt, "no-map", "", 0));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

/* The same in a given tree, in the cells its /reserved-memory has. */
static int fixup_reserved_memory(void *fdt, const struct guest_fdt_params *p)
{
	int node, child, acells, scells;
	char name[40];
	fdt32_t reg[4];

	if (!p->moved_count)
		return 0;
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node == -FDT_ERR_NOTFOUND) {
		node = fdt_add_subnode(fdt, 0, "reserved-memory");
		TRY(node);
		TRY(fdt_setprop_u32(fdt, node, "#address-cells", 2));
		TRY(fdt_setprop_u32(fdt, node, "#size-cells", 2));
		TRY(fdt_setprop(fdt, node, "ranges", "", 0));
	}
	TRY(node);
	acells = fdt_address_cells(fdt, node);
	scells = fdt_size_cells(fdt, node);
	TRY(acells);
	TRY(scells);
	if (acells < 1 || acells > 2 || scells < 1 || scells > 2)
		return -FDT_ERR_BADNCELLS;
	for (unsigned int i = 0; i < p->moved_count; i++) {
		uint64_t v[2] = { p->moved[i].gpa, p->moved[i].size };
		int cells[2] = { acells, scells }, n = 0;

		for (int k = 0; k < 2; k++) {
			if (cells[k] == 1 && v[k] >> 32)
				return -FDT_ERR_BADVALUE;
			if (cells[k] == 2)
				reg[n++] = cpu_to_fdt32(v[k] >> 32);
			reg[n++] = cpu_to_fdt32((uint32_t)v[k]);
		}
		fmt_snprintf(name, sizeof(name), "host@%lx",
			     (unsigned long)p->moved[i].gpa);
		child = fdt_add_subnode(fdt, node, name);
		TRY(child);
		TRY(fdt_setprop(fdt, child, "reg", reg, n * sizeof(reg[0])));
		TRY(fdt_setprop(fdt, child, "no-map", "", 0));
	}
	return 0;
}

/*
 * The whole room as the tree's size, free at its end, as QEMU and OpenSBI
 * hand one on: a boot loader that edits the tree in place (U-Boot's bootm
 * adds /chosen properties and grows it where it lies) writes into that
 * room and not over what follows it.
 */
static int keep_room(void *fdt, size_t size)
{
	return fdt_open_into(fdt, fdt, size > INT32_MAX ? INT32_MAX : (int)size);
}

/* guest_fdt_build() in libfdt's codes. */
static int build(void *fdt, size_t size, const struct guest_fdt_params *p)
{
	TRY(fdt_create(fdt, size));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_string(fdt, "compatible", "sbivisor,guest"));
	TRY(fdt_property_string(fdt, "model", p->name));

	TRY(write_chosen(fdt, p));

	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	if (p->timebase_hz > UINT32_MAX)
		TRY(fdt_property_u64(fdt, "timebase-frequency", p->timebase_hz));
	else
		TRY(fdt_property_u32(fdt, "timebase-frequency", p->timebase_hz));
	TRY(write_idle_states(fdt));
	for (unsigned int id = 0; id < p->vcpus; id++)
		TRY(write_cpu(fdt, p, id));
	TRY(fdt_end_node(fdt));

	TRY(write_memory(fdt, p));
	TRY(write_reserved_memory(fdt, p));
	TRY(write_devices(fdt, p));

	TRY(fdt_end_node(fdt));
	TRY(fdt_finish(fdt));
	return keep_room(fdt, size);
}

int guest_fdt_build(void *buf, size_t size, const struct guest_fdt_params *p)
{
	if (!p->vcpus || p->vcpus > DT_MAX_HARTS || !p->isa)
		return ERR_INVALID;
	return dt_libfdt_error(build(buf, size, p));
}

/* guest_fdt_fixup() past its first check, in libfdt's codes. */
static int fixup(void *buf, size_t size, const void *given,
		 const struct guest_fdt_params *p)
{
	int chosen;

	TRY(fdt_open_into(given, buf, size));
	chosen = fdt_path_offset(buf, "/chosen");
	if (chosen == -FDT_ERR_NOTFOUND)
		chosen = fdt_add_subnode(buf, 0, "chosen");
	TRY(chosen);
	if (p->bootargs)
		TRY(fdt_setprop_string(buf, chosen, "bootargs", p->bootargs));
	if (p->rng_seed_size)
		TRY(fdt_setprop(buf, chosen, "rng-seed", p->rng_seed,
				p->rng_seed_size));
	if (p->initrd_size) {
		TRY(fdt_setprop_u64(buf, chosen, "linux,initrd-start",
				    p->initrd_gpa));
		TRY(fdt_setprop_u64(buf, chosen, "linux,initrd-end",
				    p->initrd_gpa + p->initrd_size));
	}
	TRY(fixup_reserved_memory(buf, p));
	TRY(fdt_pack(buf));
	return keep_room(buf, size);
}

int guest_fdt_fixup(void *buf, size_t size, const void *given,
		    size_t given_size, const struct guest_fdt_params *p)
{
	int rc;

	/* Whole and well-formed before anything reads it: it is the user's. */
	if (dt_check_blob(given, given_size, NULL))
		return ERR_BAD_DT;
	rc = dt_libfdt_error(fixup(buf, size, given, p));
	if (rc)
		return rc;
	/* What the guest gets must hold together, whatever it was given. */
	return dt_check_blob(buf, size, NULL);
}
