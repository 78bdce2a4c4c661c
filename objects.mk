# SPDX-License-Identifier: BSD-2-Clause
#
# OpenSBI platform description of sbivisor. OpenSBI's Makefile includes every
# objects.mk under PLATFORM_DIR (the repository root): the monitor's own
# (monitor/*/objects.mk, its layers) only set monitor-* variables, which
# OpenSBI ignores.

platform-cppflags-y = -I$(platform_src_dir)/include
platform-cflags-y =
platform-asflags-y =
platform-ldflags-y =

# Our platform (FDT-driven) and the M-mode side of the sbivisor extension.
platform-objs-y += platform/platform.o
platform-objs-y += firmware/sbi_ecall_sbivisor.o
platform-objs-y += firmware/hart_suspend.o
platform-objs-y += firmware/trap_delegation.o

# fw_payload with the monitor inside, 1 MiB above the firmware, where
# monitor/monitor.lds links it: OpenSBI and the monitor then both lie in the
# first 2 MiB of RAM, and 0x80200000 up is free for a guest at its own host
# address (a DMA guest), where an OS or U-Boot linked for the board expects
# to run (docs/config-binding.md). fw_dynamic for a separately loaded
# monitor (the loader says where it is: QEMU's -kernel); fw_jump for an
# S-mode program at 0x80200000, the usual place (the test guests).
# fw_payload leaves the device tree where the loader put it (no
# FW_PAYLOAD_FDT_OFFSET): the firmware image's package follows the monitor
# and may be larger than the 32 MiB a fixed tree address would leave it
# (docs/image-format.md).
FW_DYNAMIC=y
FW_JUMP=y
FW_JUMP_OFFSET=0x200000
FW_JUMP_FDT_OFFSET=0x2200000
FW_PAYLOAD=y
FW_PAYLOAD_OFFSET=0x100000
