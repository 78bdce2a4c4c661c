/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the monitor reads from the host device tree it gets from OpenSBI.
 * Pure parsing over libfdt, so it compiles and is unit-tested on the host.
 */
#ifndef MONITOR_DT_H
#define MONITOR_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lib/error.h>

#define DT_MAX_HARTS		32
#define DT_MAX_MEMORY		8
#define DT_MAX_RESERVED		16
#define DT_ERROR_MAX		128

/* ISA extensions the monitor cares about, one bit each. */
enum dt_isa_ext {
	DT_ISA_F,
	DT_ISA_D,
	DT_ISA_H,
	DT_ISA_V,
	DT_ISA_SSAIA,
	DT_ISA_SMSTATEEN,	/* "smstateen" or "ssstateen": hstateen0 exists */
	DT_ISA_SSTC,
	DT_ISA_SVADE,
	DT_ISA_SVADU,
	DT_ISA_SVNAPOT,
	DT_ISA_SVPBMT,
	DT_ISA_ZICBOM,
	DT_ISA_ZICBOZ,
	DT_ISA_ZICNTR,
	DT_ISA_ZIHPM,
	DT_ISA_ZKR,
	DT_ISA_COUNT
};

#define DT_ISA_BIT(ext)		(UINT64_C(1) << (ext))

struct dt_hart {
	uint32_t hartid;
	uint64_t isa;		/* DT_ISA_BIT() set */
};

struct dt_region {
	uint64_t base;
	uint64_t size;
	const char *name;	/* node name inside the FDT, or "/memreserve/" */
};

struct dt_platform {
	unsigned int hart_count;
	unsigned int harts_ignored;	/* enabled harts beyond DT_MAX_HARTS */
	struct dt_hart harts[DT_MAX_HARTS];
	uint64_t isa_common;		/* extensions every hart has */

	uint64_t timebase_hz;

	unsigned int memory_count;
	struct dt_region memory[DT_MAX_MEMORY];

	unsigned int reserved_count;
	struct dt_region reserved[DT_MAX_RESERVED];
};

/*
 * Parse `fdt` into `p`. Returns 0, or a negative value with a message in
 * `error` that names the node and property at fault.
 */
int dt_parse_platform(const void *fdt, struct dt_platform *p,
		      char error[DT_ERROR_MAX]);

/*
 * Whether a device tree of `size` bytes at `fdt` is whole and well-formed
 * (libfdt's full check, and what it leaves out: version 17 or later,
 * alignment, the root name).
 * Returns 0, or ERR_BAD_DT with *why (when `why` is not NULL) saying what
 * is wrong. Run on every tree before use.
 */
int dt_check_blob(const void *fdt, size_t size, const char **why);

/*
 * A libfdt result in the monitor's codes (lib/error.h): a node offset or
 * 0 as it is, NOTFOUND and NOSPACE by name, a bad value or cell count as
 * ERR_INVALID, anything else ERR_BAD_DT.
 */
int dt_libfdt_error(int rc);

/* The ISA bits named by a "riscv,isa" string such as "rv64imafdch_sstc". */
uint64_t dt_parse_isa_string(const char *isa);

/*
 * Call `fn` with each extension name of a "riscv,isa" string, lower-case and
 * without version ("rv64gc" gives i, m, a, f, d, zicsr, zifencei, c). The
 * name is not NUL-terminated. Returns ERR_INVALID when the string is not
 * rv32/rv64.
 */
typedef void (*dt_isa_name_fn)(const char *name, size_t len, void *ctx);
int dt_isa_string_for_each(const char *isa, dt_isa_name_fn fn, void *ctx);

/*
 * The same for the extensions of a cpu node: "riscv,isa-extensions" (a
 * string list) when it has one, else its "riscv,isa" string. Returns
 * ERR_INVALID with neither, or when the string is malformed.
 */
int dt_cpu_isa_for_each(const void *fdt, int cpu, dt_isa_name_fn fn,
			void *ctx);

/* The extension's name as the ISA string spells it ("h", "sstc"). */
const char *dt_isa_ext_name(enum dt_isa_ext ext);

/*
 * The first reg range of `node`, in its parent's cells (1 or 2 each).
 * Returns 0, or ERR_INVALID without one.
 */
int dt_node_reg(const void *fdt, int node, uint64_t *base, uint64_t *size);

/* A value of `count` (1 or 2) big-endian cells (fdt32_t), as in reg. */
uint64_t dt_read_cells(const uint32_t *cells, int count);

/*
 * The hart ID of cpu node `cpu`: its reg, in /cpus's #address-cells (1 or
 * 2), low 32 bits. Returns 0, or ERR_INVALID when reg is missing or short.
 */
int dt_cpu_hartid(const void *fdt, int cpu, uint32_t *hartid);

/*
 * The hart whose local interrupt controller has `phandle` (an entry of an
 * interrupts-extended list): its cpu node's reg. Returns 0, or
 * ERR_NOT_FOUND when it is no hart's.
 */
int dt_intc_hartid(const void *fdt, uint32_t phandle, uint32_t *hartid);

/* The hart record of `hartid`, or NULL. */
const struct dt_hart *dt_find_hart(const struct dt_platform *p,
				   uint32_t hartid);

#endif /* MONITOR_DT_H */
