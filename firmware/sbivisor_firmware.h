/* SPDX-License-Identifier: BSD-2-Clause */
/* What firmware/ offers the platform code (M-mode). */
#ifndef SBIVISOR_FIRMWARE_H
#define SBIVISOR_FIRMWARE_H

/* Register the sbivisor SBI extension; call once, on the cold-boot hart. */
int sbivisor_ecall_register(void);

#endif
