// SPDX-License-Identifier: BSD-2-Clause
/*
 * The host's AIA, S level: the APLIC domain the firmware delegated its
 * sources to (MSI mode), and each hart's S-level IMSIC with its guest
 * interrupt files; see monitor/include/monitor/irq/host_irq.h.
 *
 * The monitor programs a source of the APLIC only for the guest that owns
 * it, as that guest's virtual APLIC says (monitor/core/guest_irq.c). Its MSIs
 * go to a guest file (hart index, guest index = the vCPU's VGEIN, the
 * guest's EIID), which delivers to the guest with no trap, or, for a vCPU
 * without one, to the monitor's S-level file of the vCPU's hart, with the
 * source number as the identity: aia_handle() claims it there.
 */

#include <lib/console.h>
#include <lib/csr.h>
#include <lib/error.h>
#include <libfdt.h>
#include <monitor/boot/dt.h>
#include <monitor/irq/host_irq.h>
#include <monitor/vdev/vaplic.h>
#include <monitor/vdev/vimsic.h>

#define IMSIC_PAGE_SHIFT	12
/* hgeie's bits: VGEIN 1..63 at most. */
#define GUEST_FILES_MAX		64

/* Each hart's index among the IMSIC's harts (its interrupts-extended). */
static int hart_index[DT_MAX_HARTS];
/* Each source's owner. */
static void *route_owner[VAPLIC_MAX_SOURCES];
/* Guest files handed out, per hart slot: who has each (bit = VGEIN). */
static const void *file_owner[DT_MAX_HARTS][GUEST_FILES_MAX];

static volatile uint32_t *aplic(uint64_t offset)
{
	return (volatile uint32_t *)(uintptr_t)(host_irq.base + offset);
}

static uint32_t prop_u32(const void *fdt, int node, const char *name,
			 uint32_t fallback)
{
	const fdt32_t *v;
	int len;

	v = fdt_getprop(fdt, node, name, &len);
	return v && len == 4 ? fdt32_to_cpu(*v) : fallback;
}

/* The S-level IMSIC: the one whose harts take it as interrupt 9. */
static int find_imsic(const void *fdt)
{
	int node = -1;

	while ((node = fdt_node_offset_by_compatible(fdt, node, "riscv,imsics")) >= 0) {
		const fdt32_t *cells = fdt_getprop(fdt, node, "interrupts-extended", NULL);

		if (cells && fdt32_to_cpu(cells[1]) == IRQ_S_EXT)
			return node;
	}
	return ERR_NOT_FOUND;
}

/* The APLIC domain that sends its MSIs to that IMSIC and has no children. */
static int find_aplic(const void *fdt, uint32_t imsic_phandle)
{
	int node = -1;

	while ((node = fdt_node_offset_by_compatible(fdt, node, "riscv,aplic")) >= 0)
		if (prop_u32(fdt, node, "msi-parent", 0) == imsic_phandle &&
		    !fdt_getprop(fdt, node, "riscv,children", NULL))
			return node;
	return ERR_NOT_FOUND;
}

/* hgeie is WARL: the bits that stick are the guest files the hart has. */
static unsigned long probe_guest_files(void)
{
	unsigned long files;

	csr_write(CSR_HGEIE, ~0UL);
	files = csr_read(CSR_HGEIE);
	csr_write(CSR_HGEIE, 0);
	return files & ~1UL;
}

static int aia_probe(const void *fdt, host_irq_hart_slot slot_of_intc)
{
	int imsic = find_imsic(fdt), node, n;
	unsigned int files = 0;
	const fdt32_t *cells;
	uint64_t base, size, ibase, isize;

	for (unsigned int i = 0; i < DT_MAX_HARTS; i++)
		hart_index[i] = -1;
	if (imsic < 0)
		return ERR_NOT_FOUND;
	node = find_aplic(fdt, fdt_get_phandle(fdt, imsic));
	if (node < 0 || dt_node_reg(fdt, node, &base, &size) ||
	    dt_node_reg(fdt, imsic, &ibase, &isize))
		return ERR_INVALID;
	if (prop_u32(fdt, imsic, "riscv,group-index-bits", 0)) {
		printf("monitor: warning: %s: IMSIC groups are not supported; no device interrupts for guests\n",
		       fdt_get_name(fdt, imsic, NULL));
		return ERR_UNSUPPORTED;
	}
	cells = fdt_getprop(fdt, imsic, "interrupts-extended", &n);
	for (int i = 0; cells && i < n / 8; i++) {
		int hart = slot_of_intc(fdt, fdt32_to_cpu(cells[2 * i]));

		if (hart >= 0 && hart < DT_MAX_HARTS)
			hart_index[hart] = i;
	}

	host_irq.kind = HOST_IRQCHIP_AIA;
	host_irq.base = base;
	host_irq.size = size;
	host_irq.ndev = prop_u32(fdt, node, "riscv,num-sources", 0);
	if (host_irq.ndev >= VAPLIC_MAX_SOURCES)
		host_irq.ndev = VAPLIC_MAX_SOURCES - 1;
	host_irq.imsic_base = ibase;
	host_irq.imsic_guest_bits = prop_u32(fdt, imsic, "riscv,guest-index-bits", 0);
	host_irq.imsic_ids = prop_u32(fdt, imsic, "riscv,num-ids", 63);
	if (host_irq.imsic_ids > VIMSIC_MAX_IDS)
		host_irq.imsic_ids = VIMSIC_MAX_IDS;
	host_irq.guest_files = probe_guest_files() &
			       ((2UL << ((1U << host_irq.imsic_guest_bits) - 1)) - 1);
	if (host_irq.guest_files)
		host_irq.hie = HIE_SGEIE;

	/* MSI delivery, enabled; each source stays inactive until a guest's. */
	*aplic(APLIC_DOMAINCFG) = APLIC_DOMAINCFG_IE | APLIC_DOMAINCFG_DM;
	for (unsigned long f = host_irq.guest_files; f; f &= f - 1)
		files++;
	printf("monitor: interrupts: AIA, APLIC at 0x%lx with %u sources, IMSIC at 0x%lx with %u guest files a hart\n",
	       (unsigned long)base, host_irq.ndev, (unsigned long)ibase, files);
	return 0;
}

static int aia_route(unsigned int source, unsigned int hart, void *owner)
{
	if (!source || source > host_irq.ndev || hart >= DT_MAX_HARTS ||
	    hart_index[hart] < 0 || source > host_irq.imsic_ids)
		return ERR_INVALID;
	route_owner[source] = owner;
	return 0;
}

static void aia_release(const void *owner)
{
	for (unsigned int src = 1; src <= host_irq.ndev; src++)
		if (route_owner[src] == owner)
			route_owner[src] = NULL;
	for (unsigned int h = 0; h < DT_MAX_HARTS; h++)
		for (unsigned int k = 0; k < GUEST_FILES_MAX; k++)
			if (file_owner[h][k] == owner)
				file_owner[h][k] = NULL;
}

unsigned int aia_take_guest_file(unsigned int hart, const void *owner)
{
	if (hart >= DT_MAX_HARTS || hart_index[hart] < 0)
		return 0;
	for (unsigned int k = 1; k < GUEST_FILES_MAX; k++) {
		if (!(host_irq.guest_files & (1UL << k)) || file_owner[hart][k])
			continue;
		file_owner[hart][k] = owner;
		return k;
	}
	return 0;
}

uint64_t aia_file_address(unsigned int hart, unsigned int file)
{
	unsigned int stride = host_irq.imsic_guest_bits + IMSIC_PAGE_SHIFT;

	return host_irq.imsic_base + ((uint64_t)hart_index[hart] << stride) +
	       ((uint64_t)file << IMSIC_PAGE_SHIFT);
}

static void imsic_write(unsigned long sel, unsigned long value)
{
	csr_write(CSR_SISELECT, sel);
	csr_write(CSR_SIREG, value);
}

/*
 * The monitor's own S-level file of this hart: every identity enabled, as
 * the identities that arrive are the sources routed here (one each).
 */
static void aia_hart_init(unsigned int hart)
{
	if (hart_index[hart] < 0)
		return;
	imsic_write(IMSIC_EIDELIVERY, 1);
	imsic_write(IMSIC_EITHRESHOLD, 0);
	/* Only the registers of identities the file has exist. */
	for (unsigned long sel = IMSIC_EIE0; sel <= IMSIC_EIE0 + 2 * (host_irq.imsic_ids / 64);
	     sel += 2)
		imsic_write(sel, ~0UL);
	csr_set(CSR_SIE, SIP_SEIP);
	/* SGEIP, from a guest file hgeie names: an enable of hie, not sie. */
	csr_set(CSR_HIE, host_irq.hie);
}

static void aia_handle(unsigned int hart)
{
	unsigned long topei;

	/* Claimed by the write of stopei; the identity is the source. */
	while ((topei = csr_swap(CSR_STOPEI, 0)) != 0) {
		unsigned int src = topei >> 16;

		if (src <= host_irq.ndev && route_owner[src])
			host_irq_deliver(route_owner[src], src);
	}
}

void aia_set_mode(unsigned int source, uint32_t sm)
{
	*aplic(APLIC_SOURCECFG(source)) = sm;
}

void aia_set_target(unsigned int source, unsigned int hart,
		    unsigned int file, uint32_t eiid)
{
	*aplic(APLIC_TARGET(source)) =
		((uint32_t)hart_index[hart] << APLIC_TARGET_HART_SHIFT) |
		(file << APLIC_TARGET_GUEST_SHIFT) | eiid;
}

void aia_set_enable(unsigned int source, bool on)
{
	*aplic(on ? APLIC_SETIENUM : APLIC_CLRIENUM) = source;
}

void aia_set_pending(unsigned int source, bool on)
{
	*aplic(on ? APLIC_SETIPNUM : APLIC_CLRIPNUM) = source;
}

bool aia_pending(unsigned int source)
{
	return *aplic(APLIC_SETIP(source / 32)) & (1U << (source % 32));
}

bool aia_input(unsigned int source)
{
	return *aplic(APLIC_IN_CLRIP(source / 32)) & (1U << (source % 32));
}

/* An MSI needs no completion. */
static void aia_complete(unsigned int source)
{
}

const struct host_irq_ops aia_ops = {
	.probe = aia_probe,
	.route = aia_route,
	.release = aia_release,
	.hart_init = aia_hart_init,
	.handle = aia_handle,
	.complete = aia_complete,
};
