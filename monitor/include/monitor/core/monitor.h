/* SPDX-License-Identifier: BSD-2-Clause */
/* Monitor-wide facts and the way out when something is wrong. */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

#include <lib/bits.h>
#include <sbivisor/sbivisor_ext.h>

#define MONITOR_VERSION							\
	STRINGIFY(SBIVISOR_MONITOR_VERSION_MAJOR) "."			\
	STRINGIFY(SBIVISOR_MONITOR_VERSION_MINOR) ".0"

/*
 * What the harts offer, decided once on the boot hart before any guest
 * runs (every hart that runs vCPUs is assumed to match the boot hart).
 */
struct monitor_features {
	bool h;			/* the H extension */
	bool sstc;		/* stimecmp / vstimecmp */
	bool fp;		/* F and D: guest FP state to switch */
	bool vector;		/* V: guest vector state to switch */
	unsigned long vlenb;	/* the harts' vector register size, in bytes */
	bool sstateen;		/* Smstateen: hstateen0 exists */
	bool ssaia;		/* vsiselect and the VS-level AIA CSRs exist */
	bool zkr;		/* the seed CSR: read for guests (monitor/core/vinsn.c) */
	bool svadu;		/* guests get Svadu: henvcfg.ADUE, through FWFT */
	/*
	 * SBI FWFT for guests (monitor/sbi/vsbi_fwft.c): the firmware's own
	 * FWFT can delegate misaligned accesses to S-mode; the henvcfg bits
	 * a vCPU may set (LPE, SSE, ADUE, PMM) and which PMLENs stick.
	 */
	bool firmware_fwft;
	bool fwft_misaligned;
	unsigned long fwft_henvcfg;
	bool pmlen7, pmlen16;
	/* The firmware hands illegal instructions to S-mode (medeleg). */
	bool illegal_insn_delegated;
	bool hart_suspend;	/* the firmware serves HART_SUSPEND */
	unsigned int gstage_levels;	/* 3: Sv39x4, 4: Sv48x4 */
	unsigned long vmid_bits;
	unsigned long henvcfg;	/* what every vCPU gets in henvcfg at reset */
	unsigned long hstatus;	/* hstatus of a vCPU at reset */
	/* What the firmware left in these, a vCPU's at reset. */
	unsigned long reset_scounteren, reset_senvcfg, reset_sstateen0;
	/* The host's mvendorid, marchid, mimpid, for guests' BASE calls. */
	unsigned long mvendorid, marchid, mimpid;
	uint64_t timebase_hz;
};

/* Read-only: monitor_probe_features() fills it before anything reads it. */
extern const struct monitor_features *const monitor;

struct dt_platform;

/* Fill `monitor` on the boot hart; without H, say so and power off. */
void monitor_probe_features(const struct dt_platform *host,
			    unsigned long boot_hartid);

/* monitor/core/panic.c: the way out. */

/*
 * Print "monitor: error: <reason>" and power the system off through SBI
 * SRST with the system-failure reason. Never returns.
 */
void monitor_fail(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

/*
 * Every guest has ended: power the system off through SBI SRST, with the
 * system-failure reason if any guest ended in one. Never returns.
 */
void monitor_power_off(bool failure) __attribute__((noreturn));

/* Leave the hart idle for good (only when SRST itself failed). */
void monitor_park(void) __attribute__((noreturn));

/*
 * What a failure report adds: the hart's vCPU, if any, and a backtrace:
 * `pc`, then the return addresses through the frame pointers from `fp`
 * (the monitor is built to keep them).
 */
void monitor_dump_context(unsigned long pc, unsigned long fp);

#endif /* MONITOR_MONITOR_H */
