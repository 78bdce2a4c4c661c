// SPDX-License-Identifier: BSD-2-Clause
/*
 * Reading the host device tree: harts and their ISA, timebase, memory and
 * the regions the firmware keeps for itself. See monitor/include/monitor/boot/dt.h.
 */

#include <lib/bits.h>
#include <lib/error.h>
#include <lib/format.h>
#include <libfdt.h>
#include <monitor/boot/dt.h>
#include <string.h>

static const char *const isa_ext_names[DT_ISA_COUNT] = {
	[DT_ISA_F] = "f",
	[DT_ISA_D] = "d",
	[DT_ISA_H] = "h",
	[DT_ISA_V] = "v",
	[DT_ISA_SSAIA] = "ssaia",
	[DT_ISA_SMSTATEEN] = "smstateen",
	[DT_ISA_SSTC] = "sstc",
	[DT_ISA_SVNAPOT] = "svnapot",
	[DT_ISA_SVPBMT] = "svpbmt",
	[DT_ISA_ZICBOM] = "zicbom",
	[DT_ISA_ZICBOZ] = "zicboz",
	[DT_ISA_SVADE] = "svade",
	[DT_ISA_SVADU] = "svadu",
	[DT_ISA_ZICNTR] = "zicntr",
	[DT_ISA_ZIHPM] = "zihpm",
	[DT_ISA_ZKR] = "zkr",
};

const char *dt_isa_ext_name(enum dt_isa_ext ext)
{
	return ext < DT_ISA_COUNT ? isa_ext_names[ext] : "?";
}

/*
 * Other names of the same hardware: Ssstateen is the supervisor's view of
 * Smstateen; either one means hstateen0 and sstateen0 exist.
 */
static const struct {
	const char *name;
	enum dt_isa_ext ext;
} isa_ext_aliases[] = {
	{ "ssstateen", DT_ISA_SMSTATEEN },
};

static bool name_is(const char *want, const char *name, size_t len)
{
	return strlen(want) == len && !strncmp(want, name, len);
}

static uint64_t isa_ext_by_name(const char *name, size_t len)
{
	for (int i = 0; i < DT_ISA_COUNT; i++)
		if (name_is(isa_ext_names[i], name, len))
			return DT_ISA_BIT(i);
	for (size_t i = 0; i < ARRAY_SIZE(isa_ext_aliases); i++)
		if (name_is(isa_ext_aliases[i].name, name, len))
			return DT_ISA_BIT(isa_ext_aliases[i].ext);
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

/* Skip an optional version suffix such as "2p1" or "1". */
static const char *skip_version(const char *s)
{
	while (is_digit(*s))
		s++;
	if (*s == 'p' && is_digit(s[1]))
		for (s++; is_digit(*s); s++)
			;
	return s;
}

/*
 * "rv64imafdch_zicsr_sstc": single letters after the base, then multi-letter
 * extensions, each starting with 's', 'z' or 'x' and separated by '_'. 'g'
 * stands for "imafd_zicsr_zifencei". Case is not significant (older trees
 * use capitals); version suffixes ("2p1") are dropped.
 */
int dt_isa_string_for_each(const char *isa, dt_isa_name_fn fn, void *ctx)
{
	static const char *const g_names[] = { "i", "m", "a", "f", "d",
					       "zicsr", "zifencei" };
	char lower[256];
	const char *s, *end;
	size_t n;

	for (n = 0; isa[n] && n < sizeof(lower) - 1; n++)
		lower[n] = (isa[n] >= 'A' && isa[n] <= 'Z') ?
			   isa[n] - 'A' + 'a' : isa[n];
	lower[n] = '\0';

	if (strncmp(lower, "rv32", 4) && strncmp(lower, "rv64", 4))
		return ERR_INVALID;
	s = lower + 4;

	/* Single-letter extensions. */
	while (is_lower(*s) && *s != 's' && *s != 'z' && *s != 'x') {
		if (*s == 'g')
			for (unsigned int i = 0; i < 7; i++)
				fn(g_names[i], strlen(g_names[i]), ctx);
		else
			fn(s, 1, ctx);
		s = skip_version(s + 1);
	}

	/* Multi-letter extensions. */
	while (*s) {
		if (*s == '_') {
			s++;
			continue;
		}
		for (end = s; *end && *end != '_'; end++)
			;
		n = end - s;
		/* A trailing version belongs to the name's spelling only. */
		while (n && is_digit(s[n - 1]))
			n--;
		if (n >= 2 && s[n - 1] == 'p' && is_digit(s[n]))
			for (n--; n && is_digit(s[n - 1]); n--)
				;
		if (n)
			fn(s, n, ctx);
		s = end;
	}
	return 0;
}

static void add_isa_bit(const char *name, size_t len, void *ctx)
{
	*(uint64_t *)ctx |= isa_ext_by_name(name, len);
}

uint64_t dt_parse_isa_string(const char *isa)
{
	uint64_t bits = 0;

	dt_isa_string_for_each(isa, add_isa_bit, &bits);
	return bits;
}

int dt_cpu_isa_for_each(const void *fdt, int cpu, dt_isa_name_fn fn,
			void *ctx)
{
	const char *list, *end;
	int len;

	list = fdt_getprop(fdt, cpu, "riscv,isa-extensions", &len);
	if (list && len > 0) {
		for (end = list + len; list < end; list += strnlen(list, end - list) + 1)
			fn(list, strnlen(list, end - list), ctx);
		return 0;
	}
	list = fdt_getprop(fdt, cpu, "riscv,isa", &len);
	if (!list || len < 1 || list[len - 1])
		return ERR_INVALID;
	return dt_isa_string_for_each(list, fn, ctx);
}

static uint64_t hart_isa(const void *fdt, int cpu)
{
	uint64_t bits = 0;

	dt_cpu_isa_for_each(fdt, cpu, add_isa_bit, &bits);
	return bits;
}

uint64_t dt_read_cells(const uint32_t *cells, int count)
{
	uint64_t value = 0;

	while (count--)
		value = (value << 32) | fdt32_to_cpu(*cells++);
	return value;
}

#define dt_error(error, ...) \
	(fmt_snprintf(error, DT_ERROR_MAX, __VA_ARGS__), ERR_INVALID)

static bool node_enabled(const void *fdt, int node)
{
	const char *status = fdt_getprop(fdt, node, "status", NULL);

	return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

static bool node_is_cpu(const void *fdt, int node)
{
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);

	return type && !strcmp(type, "cpu");
}

static int parse_timebase(const void *fdt, int node, uint64_t *hz)
{
	const fdt32_t *val;
	int len;

	val = fdt_getprop(fdt, node, "timebase-frequency", &len);
	if (!val || (len != 4 && len != 8))
		return ERR_INVALID;
	*hz = dt_read_cells(val, len / 4);
	return *hz ? 0 : ERR_INVALID;
}

static int parse_harts(const void *fdt, struct dt_platform *p, char *error)
{
	int cpus, cpu, acells;
	struct dt_hart *hart;
	uint32_t hartid;

	cpus = fdt_path_offset(fdt, "/cpus");
	if (cpus < 0)
		return dt_error(error, "/cpus: node missing");

	acells = fdt_address_cells(fdt, cpus);
	if (acells < 1 || acells > 2)
		return dt_error(error, "/cpus: #address-cells: %d, want 1 or 2",
				acells);

	p->isa_common = ~UINT64_C(0);
	fdt_for_each_subnode(cpu, fdt, cpus) {
		if (!node_is_cpu(fdt, cpu) || !node_enabled(fdt, cpu))
			continue;
		if (dt_cpu_hartid(fdt, cpu, &hartid))
			return dt_error(error, "/cpus/%s: reg: missing or short",
					fdt_get_name(fdt, cpu, NULL));
		if (p->hart_count == DT_MAX_HARTS) {
			p->harts_ignored++;
			continue;
		}
		/* Two harts with one ID: nothing could tell them apart. */
		for (unsigned int i = 0; i < p->hart_count; i++)
			if (p->harts[i].hartid == hartid)
				return dt_error(error, "/cpus/%s: reg: hart %u twice",
						fdt_get_name(fdt, cpu, NULL), hartid);
		hart = &p->harts[p->hart_count++];
		hart->hartid = hartid;
		hart->isa = hart_isa(fdt, cpu);
		p->isa_common &= hart->isa;

		/* The timebase may sit in each cpu node instead of /cpus. */
		if (!p->timebase_hz)
			parse_timebase(fdt, cpu, &p->timebase_hz);
	}
	if (!p->hart_count) {
		p->isa_common = 0;
		return dt_error(error, "/cpus: no enabled cpu node");
	}

	/* /cpus takes precedence over what the cpu nodes said. */
	if (parse_timebase(fdt, cpus, &p->timebase_hz) && !p->timebase_hz)
		return dt_error(error,
				"/cpus: timebase-frequency: missing or zero");
	return 0;
}

/* Append the `reg` ranges of `node` to `regions`. */
static int parse_reg(const void *fdt, int node, int acells, int scells,
		     struct dt_region *regions, unsigned int *count,
		     unsigned int max, const char *what, char *error)
{
	const fdt32_t *reg;
	int len, entry;

	reg = fdt_getprop(fdt, node, "reg", &len);
	entry = (acells + scells) * 4;
	if (!reg || len <= 0 || len % entry)
		return dt_error(error, "%s/%s: reg: missing or malformed", what,
				fdt_get_name(fdt, node, NULL));

	for (; len > 0; len -= entry, reg += acells + scells) {
		if (*count == max)
			return dt_error(error, "%s/%s: reg: more than %u ranges",
					what, fdt_get_name(fdt, node, NULL),
					max);
		regions[*count].base = dt_read_cells(reg, acells);
		regions[*count].size = dt_read_cells(reg + acells, scells);
		regions[*count].name = fdt_get_name(fdt, node, NULL);
		(*count)++;
	}
	return 0;
}

static int root_cells(const void *fdt, int node, int *acells, int *scells,
		      const char *path, char *error)
{
	*acells = fdt_address_cells(fdt, node);
	*scells = fdt_size_cells(fdt, node);
	if (*acells < 1 || *acells > 2 || *scells < 1 || *scells > 2)
		return dt_error(error,
				"%s: #address-cells/#size-cells: %d/%d, want 1 or 2",
				path, *acells, *scells);
	return 0;
}

static int parse_memory(const void *fdt, struct dt_platform *p, char *error)
{
	int node, acells, scells, rc;
	const char *type;

	rc = root_cells(fdt, 0, &acells, &scells, "/", error);
	if (rc)
		return rc;

	fdt_for_each_subnode(node, fdt, 0) {
		type = fdt_getprop(fdt, node, "device_type", NULL);
		if (!type || strcmp(type, "memory") || !node_enabled(fdt, node))
			continue;
		rc = parse_reg(fdt, node, acells, scells, p->memory,
			       &p->memory_count, DT_MAX_MEMORY, "", error);
		if (rc)
			return rc;
	}
	if (!p->memory_count)
		return dt_error(error, "/memory: no memory node");
	return 0;
}

/* /memreserve/ entries and the children of /reserved-memory. */
static int parse_reserved(const void *fdt, struct dt_platform *p, char *error)
{
	int n, node, parent, acells, scells, rc;
	uint64_t base, size;

	n = fdt_num_mem_rsv(fdt);
	for (int i = 0; i < n; i++) {
		if (fdt_get_mem_rsv(fdt, i, &base, &size) || !size)
			continue;
		if (p->reserved_count == DT_MAX_RESERVED)
			return dt_error(error, "/memreserve/: more than %u entries",
					DT_MAX_RESERVED);
		p->reserved[p->reserved_count++] = (struct dt_region){
			.base = base, .size = size, .name = "/memreserve/"
		};
	}

	parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0)
		return 0;
	rc = root_cells(fdt, parent, &acells, &scells, "/reserved-memory",
			error);
	if (rc)
		return rc;
	fdt_for_each_subnode(node, fdt, parent) {
		/* Dynamically placed regions (size only) have no reg yet. */
		if (!fdt_getprop(fdt, node, "reg", NULL) ||
		    !node_enabled(fdt, node))
			continue;
		rc = parse_reg(fdt, node, acells, scells, p->reserved,
			       &p->reserved_count, DT_MAX_RESERVED,
			       "/reserved-memory", error);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * libfdt's fdt_check_full() (OpenSBI 1.6's copy) dereferences the root
 * node's name without checking that it could be read: checked first.
 */
static int check_root_name(const void *fdt)
{
	int offset, next = 0, len;
	uint32_t tag;

	do {
		offset = next;
		tag = fdt_next_tag(fdt, offset, &next);
		if (next < 0)
			return next;
	} while (tag == FDT_NOP);
	if (tag != FDT_BEGIN_NODE)
		return -FDT_ERR_BADSTRUCTURE;
	return fdt_get_name(fdt, offset, &len) ? 0 : len;
}

/* What is wrong with the blob, or NULL: dt_check_blob()'s reason. */
static const char *blob_fault(const void *fdt, size_t size)
{
	int rc;

	if (size < sizeof(struct fdt_header))
		return "truncated";
	if ((uintptr_t)fdt & 7)
		return "not 8-byte aligned in memory";
	rc = fdt_check_header(fdt);
	if (rc)
		return fdt_strerror(rc);
	if (fdt_totalsize(fdt) > size)
		return "truncated";
	/*
	 * Version 17, current since 2008: libfdt's rewriting of older ones
	 * can lose their strings (found by tests/fuzz/fuzz_guest_fdt.c).
	 */
	if (fdt_version(fdt) < 17)
		return "format version older than 17";
	/* libfdt reads its blocks as 32- and 64-bit words. */
	if (fdt_off_dt_struct(fdt) % 4 || fdt_off_mem_rsvmap(fdt) % 8)
		return "a block at a misaligned offset";
	rc = check_root_name(fdt);
	if (!rc)
		rc = fdt_check_full(fdt, size);
	return rc ? fdt_strerror(rc) : NULL;
}

int dt_libfdt_error(int rc)
{
	switch (rc) {
	case -FDT_ERR_NOTFOUND:
		return ERR_NOT_FOUND;
	case -FDT_ERR_NOSPACE:
		return ERR_NO_SPACE;
	case -FDT_ERR_BADVALUE:
	case -FDT_ERR_BADNCELLS:
		return ERR_INVALID;
	default:
		return rc < 0 ? ERR_BAD_DT : rc;
	}
}

int dt_check_blob(const void *fdt, size_t size, const char **why)
{
	const char *fault = blob_fault(fdt, size);

	if (!fault)
		return 0;
	if (why)
		*why = fault;
	return ERR_BAD_DT;
}

int dt_parse_platform(const void *fdt, struct dt_platform *p,
		      char error[DT_ERROR_MAX])
{
	const char *why;
	int rc;

	memset(p, 0, sizeof(*p));
	error[0] = '\0';

	/* Its header first: the size the full check trusts is in it. */
	rc = fdt_check_header(fdt);
	if (rc)
		return dt_error(error, "device tree: %s", fdt_strerror(rc));
	if (dt_check_blob(fdt, fdt_totalsize(fdt), &why))
		return dt_error(error, "device tree: %s", why);

	rc = parse_harts(fdt, p, error);
	if (!rc)
		rc = parse_memory(fdt, p, error);
	if (!rc)
		rc = parse_reserved(fdt, p, error);
	return rc;
}

int dt_node_reg(const void *fdt, int node, uint64_t *base, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int acells = fdt_address_cells(fdt, parent);
	int scells = fdt_size_cells(fdt, parent);
	const fdt32_t *reg;
	int len;

	if (parent < 0 || acells < 1 || acells > 2 || scells < 1 || scells > 2)
		return ERR_INVALID;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < (acells + scells) * 4)
		return ERR_INVALID;
	*base = dt_read_cells(reg, acells);
	*size = dt_read_cells(reg + acells, scells);
	return 0;
}

int dt_cpu_hartid(const void *fdt, int cpu, uint32_t *hartid)
{
	/* cpu nodes are children of /cpus: cheaper than fdt_parent_offset(). */
	int acells = fdt_address_cells(fdt, fdt_path_offset(fdt, "/cpus"));
	const fdt32_t *reg;
	int len;

	if (acells < 1 || acells > 2)
		return ERR_INVALID;
	reg = fdt_getprop(fdt, cpu, "reg", &len);
	if (!reg || len < acells * 4)
		return ERR_INVALID;
	*hartid = (uint32_t)dt_read_cells(reg, acells);
	return 0;
}

int dt_intc_hartid(const void *fdt, uint32_t phandle, uint32_t *hartid)
{
	int intc = fdt_node_offset_by_phandle(fdt, phandle);
	int cpu = intc < 0 ? intc : fdt_parent_offset(fdt, intc);

	if (cpu < 0 || !node_is_cpu(fdt, cpu))
		return ERR_NOT_FOUND;
	return dt_cpu_hartid(fdt, cpu, hartid);
}

const struct dt_hart *dt_find_hart(const struct dt_platform *p,
				   uint32_t hartid)
{
	for (unsigned int i = 0; i < p->hart_count; i++)
		if (p->harts[i].hartid == hartid)
			return &p->harts[i];
	return NULL;
}
