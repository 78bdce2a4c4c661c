// SPDX-License-Identifier: BSD-2-Clause
/*
 * Calls the sbivisor SBI extension the way any S-mode client would and
 * prints each answer; tests/qemu/extension.t checks the printed values
 * against docs/sbi-extension.md.
 */

#include <sbivisor/sbivisor_ext.h>

#include "guest.h"

static void get_info(const char *what, unsigned long attribute)
{
	struct sbiret ret = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_GET_INFO,
				      attribute, 0, 0);

	printf("sbiext: GET_INFO(%s) error %ld value 0x%lx\n", what,
	       ret.error, (unsigned long)ret.value);
}

int guest_main(unsigned long hartid, const void *fdt)
{
	struct sbiret ret;


	printf("sbiext: probe 0x%x = %ld\n", SBIVISOR_EXT_ID,
	       sbi_probe_extension(SBIVISOR_EXT_ID));
	get_info("VERSION", SBIVISOR_INFO_VERSION);
	get_info("FEATURES", SBIVISOR_INFO_FEATURES);
	get_info("2", SBIVISOR_INFO_MONITOR_VERSION);
	get_info("5", SBIVISOR_INFO_VCPU_SWITCHES);
	get_info("6", 6);
	get_info("-1", -1UL);

	ret = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_HART_RESUME + 1, 0, 0, 0);
	printf("sbiext: FID 3 error %ld\n", ret.error);
	ret = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_YIELD, 0, 0, 0);
	printf("sbiext: FID 5 error %ld\n", ret.error);
	ret = sbi_ecall(SBIVISOR_EXT_ID, SBIVISOR_FID_HART_SUSPEND, 7, 0, 0);
	printf("sbiext: HART_SUSPEND(7) error %ld\n", ret.error);

	/* A neighbour in the experimental range is not ours. */
	printf("sbiext: probe 0x%x = %ld\n", SBIVISOR_EXT_ID + 1,
	       sbi_probe_extension(SBIVISOR_EXT_ID + 1));
	return 0;
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
}
