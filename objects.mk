# SPDX-License-Identifier: BSD-2-Clause
#
# OpenSBI platform description of sbivisor. OpenSBI's Makefile includes every
# objects.mk under PLATFORM_DIR (the repository root), so this is the only one.

platform-cppflags-y = -I$(platform_src_dir)/include
platform-cflags-y =
platform-asflags-y =
platform-ldflags-y =

# Our platform (FDT-driven) and the M-mode side of the sbivisor extension.
platform-objs-y += platform/platform.o
platform-objs-y += firmware/sbi_ecall_sbivisor.o
platform-objs-y += firmware/hart_suspend.o
platform-objs-y += firmware/trap_delegation.o

# fw_jump for a separately loaded monitor, fw_payload with the monitor inside.
# Both put the next stage 2 MiB above the firmware (the alignment of a
# megapage on RV64), where monitor/monitor.lds links the monitor.
# fw_payload leaves the device tree where the loader put it (no
# FW_PAYLOAD_FDT_OFFSET): the firmware image's package follows the monitor
# and may be larger than the 32 MiB a fixed tree address would leave it
# (docs/image-format.md).
FW_JUMP=y
FW_JUMP_OFFSET=0x200000
FW_JUMP_FDT_OFFSET=0x2200000
FW_PAYLOAD=y
FW_PAYLOAD_OFFSET=0x200000
