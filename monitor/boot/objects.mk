# SPDX-License-Identifier: BSD-2-Clause
#
# boot: what the monitor reads and builds once, on the boot hart, before any
# guest runs: the host device tree, the guests' configuration and the
# firmware image's package, memory, each guest's G-stage table and device
# tree. Pure: it includes nothing of another layer, keeps no hart state,
# and compiles for the host too (tests/host, tests/fuzz).
# scripts/check-layers.py enforces the -uses and -pure lines of every layer.

monitor-layers += boot
monitor-boot-pure := y
monitor-boot-uses :=

monitor-objs-y += boot/dt.o boot/config.o boot/mem.o boot/gstage.o \
	boot/guest_fdt.o boot/image.o boot/image_boot.o

# Run once: built for size (the rest of the monitor for speed).
monitor-cold-y += boot/dt.o boot/config.o boot/mem.o boot/gstage.o
monitor-cold-y += boot/guest_fdt.o boot/image.o boot/image_boot.o
