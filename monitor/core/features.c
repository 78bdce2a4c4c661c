// SPDX-License-Identifier: BSD-2-Clause
/*
 * What the harts offer the monitor, found once on the boot hart: the H
 * extension and what comes with it (G-stage modes, VMID bits), Sstc, FP,
 * and the CSR values every guest starts from.
 */

#include <lib/console.h>
#include <lib/csr.h>
#include <lib/error.h>
#include <lib/sbi_call.h>
#include <monitor/boot/dt.h>
#include <monitor/core/hart.h>
#include <monitor/core/monitor.h>
#include <monitor/core/tlb.h>
#include <sbivisor/sbivisor_ext.h>

#define HSTATUS_VSXL_MASK	(3UL << 32)

/* Written by the probe below only; everyone else reads it through `monitor`. */
static struct monitor_features probed;
const struct monitor_features *const monitor = &probed;

/*
 * Ask our own firmware extension, when it is there, what M-mode knows of
 * this hart: misa.H is the hardware's word where the device tree may lag.
 * Returns 0 with its feature bits, or ERR_UNSUPPORTED without the extension.
 */
static int probe_firmware_extension(unsigned long *bits)
{
	struct sbiret version, features;

	if (sbi_probe_extension(SBIVISOR_EXT_ID) <= 0) {
		printf("monitor: firmware: no sbivisor extension\n");
		return ERR_UNSUPPORTED;
	}
	version = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO,
			    SBIVISOR_INFO_VERSION, 0, 0);
	features = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO,
			     SBIVISOR_INFO_FEATURES, 0, 0);
	if (version.error || features.error) {
		printf("monitor: firmware: sbivisor extension GET_INFO failed (%ld, %ld)\n",
		       version.error, features.error);
		return ERR_UNSUPPORTED;
	}
	printf("monitor: firmware: sbivisor extension v%lu.%lu, features 0x%lx\n",
	       (unsigned long)SBIVISOR_VERSION_GET_MAJOR(version.value),
	       (unsigned long)SBIVISOR_VERSION_GET_MINOR(version.value),
	       (unsigned long)features.value);
	*bits = features.value;
	return 0;
}

static void check_hypervisor_extension(const struct dt_platform *host,
				       unsigned long boot_hartid)
{
	const struct dt_hart *boot = dt_find_hart(host, boot_hartid);
	bool dt_h = boot && (boot->isa & DT_ISA_BIT(DT_ISA_H));
	unsigned long features;

	if (probe_firmware_extension(&features))
		/* What the device tree says, and nothing M-mode would add. */
		features = dt_h ? SBIVISOR_FEAT_HART_H : 0;
	probed.h = !!(features & SBIVISOR_FEAT_HART_H);
	probed.hart_suspend = !!(features & SBIVISOR_FEAT_HART_SUSPEND);
	probed.illegal_insn_delegated = !!(features & SBIVISOR_FEAT_ILLEGAL_INSN_TO_S);
	if (!probed.h)
		monitor_fail("hart %lu has no H extension: sbivisor cannot run guests without it",
			     boot_hartid);
	if (!dt_h)
		printf("monitor: warning: the device tree does not list H for hart %lu; misa does\n",
		       boot_hartid);
}

/* hgatp MODE and VMID are WARL: write, read back what stuck. */
static void probe_gstage(void)
{
	unsigned long vmid_ones = HGATP_VMID_MASK << HGATP_VMID_SHIFT;

	csr_write(CSR_HGATP, HGATP_MODE_SV48X4 << HGATP_MODE_SHIFT);
	probed.gstage_levels =
		(csr_read(CSR_HGATP) >> HGATP_MODE_SHIFT) == HGATP_MODE_SV48X4 ? 4 : 3;

	csr_write(CSR_HGATP, (HGATP_MODE_SV39X4 << HGATP_MODE_SHIFT) | vmid_ones);
	if ((csr_read(CSR_HGATP) >> HGATP_MODE_SHIFT) != HGATP_MODE_SV39X4)
		monitor_fail("the harts have no Sv39x4 G-stage translation");
	for (unsigned long vmid = (csr_read(CSR_HGATP) & vmid_ones) >> HGATP_VMID_SHIFT;
	     vmid & 1; vmid >>= 1)
		probed.vmid_bits++;
	csr_write(CSR_HGATP, 0);
	hfence_gvma_all();
}

/* Whether henvcfg holds `bits` when written: what the hart lets guests set. */
static bool henvcfg_sticks(unsigned long bits)
{
	unsigned long old = csr_read(CSR_HENVCFG);
	bool sticks;

	csr_write(CSR_HENVCFG, (old & ~HENVCFG_PMM) | bits);
	sticks = (csr_read(CSR_HENVCFG) & bits) == bits;
	csr_write(CSR_HENVCFG, old);
	return sticks;
}

/*
 * FWFT for guests: each feature a vCPU may turn on where the boot hart
 * lets it (the harts of a board are alike). Svadu with it: the guest
 * sees Svade and Svadu, Svade in force until FWFT turns on hardware A/D
 * updates (the device-tree binding, and FWFT's reset value 0).
 */
static void probe_fwft(uint64_t isa)
{
	struct sbiret r;

	probed.firmware_fwft = sbi_probe_extension(SBI_EXT_FWFT) > 0;
	if (probed.firmware_fwft) {
		r = sbi_ecall(SBI_EXT_FWFT, SBI_FWFT_GET,
			      SBI_FWFT_MISALIGNED_EXC_DELEG, 0, 0);
		probed.fwft_misaligned = !r.error;
	}
	hart_fwft_init();
	if (henvcfg_sticks(HENVCFG_LPE))
		probed.fwft_henvcfg |= HENVCFG_LPE;
	if (henvcfg_sticks(HENVCFG_SSE))
		probed.fwft_henvcfg |= HENVCFG_SSE;
	if ((isa & DT_ISA_BIT(DT_ISA_SVADU)) && henvcfg_sticks(HENVCFG_ADUE))
		probed.fwft_henvcfg |= HENVCFG_ADUE;
	probed.pmlen7 = henvcfg_sticks(HENVCFG_PMM_PMLEN7);
	probed.pmlen16 = henvcfg_sticks(HENVCFG_PMM_PMLEN16);
	if (probed.pmlen7 || probed.pmlen16)
		probed.fwft_henvcfg |= HENVCFG_PMM;
	probed.svadu = probed.fwft_henvcfg & HENVCFG_ADUE;
}

void monitor_probe_features(const struct dt_platform *host,
			    unsigned long boot_hartid)
{
	uint64_t isa = host->isa_common;
	struct sbiret ret;

	check_hypervisor_extension(host, boot_hartid);
	probed.sstc = isa & DT_ISA_BIT(DT_ISA_SSTC);
	probed.fp = (isa & DT_ISA_BIT(DT_ISA_F)) && (isa & DT_ISA_BIT(DT_ISA_D));
	if (isa & DT_ISA_BIT(DT_ISA_V)) {
		/* vlenb is readable only with sstatus.VS on. */
		csr_set(CSR_SSTATUS, SSTATUS_VS_INITIAL);
		probed.vlenb = csr_read(CSR_VLENB);
		csr_clear(CSR_SSTATUS, SSTATUS_VS);
		probed.vector = probed.vlenb != 0;
	}
	probed.sstateen = isa & DT_ISA_BIT(DT_ISA_SMSTATEEN);
	probed.ssaia = isa & DT_ISA_BIT(DT_ISA_SSAIA);
	probed.zkr = isa & DT_ISA_BIT(DT_ISA_ZKR);
	probed.timebase_hz = host->timebase_hz;
	probe_gstage();

	/* What the guest may use that henvcfg gates: all the host has. */
	if (probed.sstc)
		probed.henvcfg |= HENVCFG_STCE;
	if (isa & DT_ISA_BIT(DT_ISA_SVPBMT))
		probed.henvcfg |= HENVCFG_PBMTE;
	if (isa & DT_ISA_BIT(DT_ISA_ZICBOM))
		probed.henvcfg |= HENVCFG_CBIE_FLUSH | HENVCFG_CBCFE;
	if (isa & DT_ISA_BIT(DT_ISA_ZICBOZ))
		probed.henvcfg |= HENVCFG_CBZE;
	probe_fwft(isa);

	/*
	 * A vCPU returns to VS-mode (SPV) and the monitor's hypervisor loads
	 * and stores act as VS-mode accesses (SPVP); VSXL stays as is (64).
	 */
	probed.hstatus = (csr_read(CSR_HSTATUS) & HSTATUS_VSXL_MASK) |
			  HSTATUS_SPV | HSTATUS_SPVP;

	/*
	 * The S-level CSRs VS-mode uses unswapped start each vCPU as the
	 * firmware left them to the monitor: what an OS on plain firmware
	 * finds (OpenSBI lets S and U read the counters, say).
	 */
	probed.reset_scounteren = csr_read(CSR_SCOUNTEREN);
	probed.reset_senvcfg = csr_read(CSR_SENVCFG);
	if (probed.sstateen)
		probed.reset_sstateen0 = csr_read(CSR_SSTATEEN0);

	ret = sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_MVENDORID, 0, 0, 0);
	probed.mvendorid = ret.value;
	ret = sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_MARCHID, 0, 0, 0);
	probed.marchid = ret.value;
	ret = sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_MIMPID, 0, 0, 0);
	probed.mimpid = ret.value;

	printf("monitor: G-stage: Sv%ux4, %lu VMID bits; guests get%s%s%s%s; idle harts %s\n",
	       probed.gstage_levels == 4 ? 48 : 39, probed.vmid_bits,
	       probed.sstc ? " Sstc" : " the SBI timer (no Sstc)",
	       probed.fp ? ", FP" : "", probed.vector ? ", vector" : "",
	       probed.svadu ? ", Svadu" : "",
	       probed.hart_suspend ? "suspend through the firmware" : "wait in WFI");
}
