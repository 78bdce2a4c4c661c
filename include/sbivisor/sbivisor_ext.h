/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ABI of the sbivisor SBI extension (docs/sbi-extension.md).
 *
 * Served in M-mode by firmware/ and called from S-mode by the monitor and
 * guests. Plain preprocessor constants only, so that OpenSBI's build, the
 * monitor and bare-metal guests can all include it.
 */
#ifndef SBIVISOR_SBIVISOR_EXT_H
#define SBIVISOR_SBIVISOR_EXT_H

/*
 * Extension ID, in the range the SBI spec leaves to experimental extensions
 * (0x08000000 - 0x08FFFFFF). The low 24 bits spell "SBV" in ASCII.
 */
#define SBIVISOR_EXT_ID			0x08534256

/*
 * Extension version, encoded as the SBI spec encodes its own version:
 * major in bits [30:24], minor in bits [23:0].
 */
#define SBIVISOR_VERSION_MAJOR		0
#define SBIVISOR_VERSION_MINOR		4
#define SBIVISOR_VERSION_ENCODE(major, minor)	(((major) << 24) | (minor))
#define SBIVISOR_VERSION_GET_MAJOR(v)	(((v) >> 24) & 0x7f)
#define SBIVISOR_VERSION_GET_MINOR(v)	((v) & 0xffffff)
#define SBIVISOR_VERSION \
	SBIVISOR_VERSION_ENCODE(SBIVISOR_VERSION_MAJOR, SBIVISOR_VERSION_MINOR)

/* Function IDs */
#define SBIVISOR_FID_GET_INFO		0
#define SBIVISOR_FID_HART_SUSPEND	1	/* HS-mode callers only */
#define SBIVISOR_FID_HART_RESUME	2	/* the resume trampoline only */
/* Served by the monitor to its guests; the firmware says NOT_SUPPORTED. */
#define SBIVISOR_FID_GUEST_STATUS	3	/* (guest ID): packed below */
#define SBIVISOR_FID_GUEST_NAME		4	/* (guest ID, addr lo, hi, size) */
#define SBIVISOR_FID_YIELD		5	/* the rest of the time slice */

/* GUEST_STATUS's value: state, vCPU count, whether it is the caller. */
#define SBIVISOR_GUEST_STATE(status)	((status) & 0xff)
#define SBIVISOR_GUEST_VCPUS(status)	(((status) >> 8) & 0xff)
#define SBIVISOR_GUEST_IS_CALLER	(1UL << 16)
#define SBIVISOR_GUEST_STOPPED		0
#define SBIVISOR_GUEST_BOOTING		1	/* (re)loading its images */
#define SBIVISOR_GUEST_RUNNING		2

/* HART_SUSPEND(type, trampoline): the SBI spec's default suspend types */
#define SBIVISOR_SUSPEND_RETENTIVE	0x00000000UL
#define SBIVISOR_SUSPEND_NON_RETENTIVE	0x80000000UL

/* GET_INFO(attribute): which value to return */
#define SBIVISOR_INFO_VERSION		0
#define SBIVISOR_INFO_FEATURES		1
/* Answered by the monitor to its guests; the firmware says NOT_SUPPORTED. */
#define SBIVISOR_INFO_MONITOR_VERSION	2
#define SBIVISOR_INFO_GUEST_ID		3
#define SBIVISOR_INFO_VCPU_COUNT	4
#define SBIVISOR_INFO_VCPU_SWITCHES	5	/* times put on its hart */

/*
 * Feature bits returned by GET_INFO(SBIVISOR_INFO_FEATURES). They describe
 * the calling hart as M-mode sees it, which the device tree may not.
 */
#define SBIVISOR_FEAT_HART_H		(1UL << 0)	/* misa.H is set */
#define SBIVISOR_FEAT_HART_SUSPEND	(1UL << 1)	/* HART_SUSPEND is served */
/* Since 0.4: the hart's illegal instructions go to S-mode, not M (medeleg). */
#define SBIVISOR_FEAT_ILLEGAL_INSN_TO_S	(1UL << 2)

/*
 * The SBI implementation ID the monitor reports to its guests (BASE
 * get_impl_id), so a guest can tell it runs under sbivisor. Not from the
 * SBI spec's registry of IDs: "SBVS" in ASCII, well clear of it.
 */
#define SBIVISOR_SBI_IMPL_ID		0x53425653

/* The monitor's version, in GET_INFO(MONITOR_VERSION) and BASE get_impl_version. */
#define SBIVISOR_MONITOR_VERSION_MAJOR	0
#define SBIVISOR_MONITOR_VERSION_MINOR	3

#endif /* SBIVISOR_SBIVISOR_EXT_H */
