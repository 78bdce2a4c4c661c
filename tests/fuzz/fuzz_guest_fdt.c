// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target: a device tree a guest's configuration supplies (`dtb`,
 * any bytes of its staged size), which the monitor checks, copies and
 * fixes up (monitor/boot/guest_fdt.c): what comes out must be a valid tree. And
 * the same blob as a host tree for a guest's ISA (riscv,isa strings and
 * riscv,isa-extensions lists).
 */

#include <libfdt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <monitor/boot/config.h>
#include <monitor/boot/dt.h>
#include <monitor/boot/guest_fdt.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[GUEST_FDT_SIZE];
	struct guest_fdt_params params = {
		.bootargs = "console=hvc0", .initrd_gpa = 0x88000000,
		.initrd_size = 0x1000,
	};
	struct guest_isa isa;
	void *given;

	given = malloc(size);
	memcpy(given, data, size);
	if (!guest_fdt_fixup(out, sizeof(out), given, size, &params) &&
	    fdt_check_full(out, sizeof(out)))
		abort();
	/* As a host tree: the monitor reads one only after dt_check_blob(). */
	if (!dt_check_blob(given, size, NULL))
		for (uint32_t hart = 0; hart < 4; hart++)
			if (!guest_isa_from_host(given, hart, &isa) &&
			    (isa.len > sizeof(isa.list) ||
			     strlen(isa.string) >= sizeof(isa.string)))
				abort();
	free(given);
	return 0;
}
