# SPDX-License-Identifier: BSD-2-Clause
#
# core: the monitor at run time: boot (main), the harts, trap entry and
# exit, the world switch, vCPUs and their interrupts, timers and extended
# state, guests and their devices, the scheduler and the watchdog. It calls
# the SBI layer above it only through core/ecall.h.

monitor-layers += core
monitor-core-uses := boot vdev irq

monitor-objs-y += core/entry.o core/switch.o core/main.o core/features.o \
	core/harts.o core/hart.o core/panic.o core/guest.o core/guest_irq.o \
	core/mmio.o core/vcpu.o core/vcpu_irq.o core/vcpu_timer.o \
	core/vcpu_extstate.o core/vcpu_steal.o core/vinsn.o core/vconsole.o \
	core/sched.o core/watchdog.o

monitor-cold-y += core/main.o core/features.o core/harts.o core/panic.o

# Built, not linked: core/asm-offsets.c (the structures' offsets for the
# assembly, generated at build time) and core/monitor.lds.S (the link).
monitor-built-y += core/asm-offsets.c core/monitor.lds.S
