# SPDX-License-Identifier: BSD-2-Clause
#
# sbivisor: RISC-V firmware (OpenSBI 1.6 + our platform and SBI extension)
# with an HS-mode monitor as its payload.
#
#   make setup     install what the build needs (Debian 12, as root)
#   make           build/firmware.bin, build/fw_jump.bin, build/fw_dynamic.bin,
#                  build/monitor.bin
#   make test      host unit tests and QEMU tests, one prove summary
#   make test-busy make test beside two CPU hogs (a busy machine)
#   make linux     the Linux test guest (cached; the first build ~2 min)
#   make test-linux  Linux and U-Boot guests only
#   make soak      10^7 fuzzed SBI calls and 10 minutes of IPI/timer storms
#   make fuzz      the libFuzzer targets, FUZZ_SECONDS (30) each
#   make run       boot build/firmware.bin in QEMU (SMP=4 by default)
#   make image     build/image.bin: firmware, monitor and CONFIG's guests
#   make run-image boot build/image.bin in QEMU with nothing else
#   make debug     make run halted for gdb (debug-image: make run-image)

.DEFAULT_GOAL := all
# Keep objects that pattern rules chain through.
.SECONDARY:
SHELL := /bin/bash
comma := ,

CROSS_COMPILE	?= riscv64-linux-gnu-
CC		:= $(CROSS_COMPILE)gcc
OBJCOPY		:= $(CROSS_COMPILE)objcopy
HOSTCC		?= gcc
FUZZ_CC		?= clang
QEMU		?= qemu-system-riscv64
DTC		?= dtc
PROVE		?= prove

OPENSBI_VERSION	:= 1.6
SBIVISOR_CACHE	?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/sbivisor
OPENSBI_SRC	?= $(SBIVISOR_CACHE)/opensbi-$(OPENSBI_VERSION)
export SBIVISOR_CACHE OPENSBI_SRC

B		:= build
# Where OpenSBI puts its next stage (see objects.mk); the monitor links there.
MONITOR_BASE	?= 0x80100000

# `make run`: the guest, its vCPUs and RAM, and the QEMU machine around it
GUEST		?= $(B)/guests/sbitest.bin
INITRD		?=
BOOTARGS	?=
SMP		?= 4
VCPUS		?= $(SMP)
GUEST_MEM	?= 64M
DEVICES		?=
WAKEUP_MS	?=
MEM		?= 512M
QEMU_CPU	?= rv64
QEMU_MACHINE	?= virt
QEMU_RUN_ARGS	= -M $(QEMU_MACHINE) -cpu $(QEMU_CPU) -smp $(SMP) -m $(MEM) -nographic

V ?= 0
Q := $(if $(filter 1,$(V)),,@)

# ---------------------------------------------------------------- checks
# Targets that need no OpenSBI tree.
NO_OPENSBI_GOALS := setup clean distclean help format
ifneq ($(filter-out $(NO_OPENSBI_GOALS),$(or $(MAKECMDGOALS),all)),)
ifeq ($(wildcard $(OPENSBI_SRC)/lib/utils/libfdt/libfdt.h),)
$(error no OpenSBI $(OPENSBI_VERSION) tree at $(OPENSBI_SRC): run 'make setup' or pass OPENSBI_SRC=<dir>)
endif
# OpenSBI includes every objects.mk below PLATFORM_DIR, i.e. this repository.
ifneq ($(filter $(CURDIR)/%,$(abspath $(OPENSBI_SRC))),)
$(error OPENSBI_SRC=$(OPENSBI_SRC) lies inside the repository; OpenSBI would pick up its objects.mk files as ours. Keep it outside)
endif
endif

# ---------------------------------------------------- freestanding S-mode
# The monitor and our test guests never use FP registers (guest FP state
# lives there), hence rv64imac and lp64.
GCC_INCLUDE := $(shell $(CC) -print-file-name=include 2>/dev/null)
FREESTANDING_CFLAGS := \
	-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	-std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Werror \
	-ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns \
	-fno-pic -fno-pie -fno-stack-protector -fno-common \
	-ffunction-sections -fdata-sections \
	-nostdinc -isystem $(GCC_INCLUDE) \
	-Iinclude -Ilib/include -Ilib/include/libc \
	-isystem $(OPENSBI_SRC)/lib/utils/libfdt -isystem $(OPENSBI_SRC)/include \
	-DOPENSBI_EXTERNAL_SBI_TYPES=opensbi_types.h \
	-MMD -MP
FREESTANDING_LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections \
	-Wl,--no-relax -Wl,--build-id=none -Wl,--no-warn-rwx-segments

LIB_SRCS := lib/console.c lib/crc32.c lib/format.c lib/spinlock.c lib/string.c lib/hart_suspend.S
LIBFDT_SRCS := fdt.c fdt_addresses.c fdt_check.c fdt_ro.c fdt_rw.c fdt_sw.c fdt_strerror.c \
	fdt_wip.c

# The monitor's layers: each folder's objects.mk lists its objects, the
# layers it may use (scripts/check-layers.py) and its cold objects: code
# that runs at boot (or to tell what went wrong), never on an exit path,
# built for size, which keeps the monitor small (make bench's footprint);
# LTO keeps each function's level.
include $(sort $(wildcard monitor/*/objects.mk))
monitor_src = $(foreach o,$(1),$(or $(firstword $(wildcard $(patsubst %.o,monitor/%.c,$(o)) \
	$(patsubst %.o,monitor/%.S,$(o)))),$(error monitor/$(o): no source)))
COLD_SRCS := $(call monitor_src,$(monitor-cold-y)) lib/format.c

# Objects of repository sources and of OpenSBI's libfdt.
$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(FREESTANDING_CFLAGS) $(CFLAGS_$(firstword $(subst /, ,$*))) \
		$(if $(filter $<,$(COLD_SRCS)),-Os) -c -o $@ $<

$(B)/obj/%.o: %.S
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(CC) $(FREESTANDING_CFLAGS) $(CFLAGS_$(firstword $(subst /, ,$*))) -c -o $@ $<

$(B)/obj/libfdt/%.o: $(OPENSBI_SRC)/lib/utils/libfdt/%.c
	@mkdir -p $(@D)
	@echo "  CC      libfdt/$*.c"
	$(Q)$(CC) $(FREESTANDING_CFLAGS) -Os -w -c -o $@ $<

%.bin: %.elf
	@echo "  OBJCOPY $@"
	$(Q)$(OBJCOPY) -O binary $< $@

# ---------------------------------------------------------------- monitor
# LTO: the hot path crosses files (exit, SBI dispatch, one file per
# extension); link-time inlining keeps that layout free.
CFLAGS_monitor := -Imonitor/include -I$(B)/monitor -flto -fno-omit-frame-pointer

MONITOR_SRCS := $(call monitor_src,$(monitor-objs-y))
MONITOR_OBJS := $(patsubst %,$(B)/obj/%.o,$(basename $(MONITOR_SRCS) $(LIB_SRCS))) \
		$(patsubst %.c,$(B)/obj/libfdt/%.o,$(LIBFDT_SRCS))
ASM_OFFSETS := $(B)/monitor/generated/asm-offsets.h

# Offsets for assembly, from the C structures (see monitor/core/asm-offsets.c).
$(ASM_OFFSETS): monitor/core/asm-offsets.c
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)$(CC) $(FREESTANDING_CFLAGS) $(CFLAGS_monitor) -fno-lto -MF $@.d -MT $@ -S -o $@.s $<
	$(Q){ echo "/* Generated from monitor/core/asm-offsets.c; do not edit. */"; \
	      echo "#ifndef GENERATED_ASM_OFFSETS_H"; \
	      echo "#define GENERATED_ASM_OFFSETS_H"; \
	      sed -n 's/^[[:space:]]*\.ascii[[:space:]]*"->\([A-Z0-9_]*\) \(-\{0,1\}[0-9][0-9]*\)"$$/#define \1 \2/p' $@.s; \
	      echo "#endif"; } > $@.tmp
	$(Q)grep -q '^#define GPRS_SIZE ' $@.tmp || { echo "asm-offsets: nothing generated" >&2; exit 1; }
	$(Q)mv $@.tmp $@

$(B)/obj/monitor/core/entry.o $(B)/obj/monitor/core/switch.o: $(ASM_OFFSETS)

# MONITOR_BASE is set here: a change relinks the monitor.
$(B)/monitor/monitor.lds: monitor/core/monitor.lds.S Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) -E -P -x c -DMONITOR_BASE=$(MONITOR_BASE) -o $@ $<

# The layering rule (scripts/check-layers.py): a file that breaks it fails
# the build, before anything links.
MONITOR_TREE := $(shell find monitor -name '*.[chS]' -o -name objects.mk)
$(B)/monitor/layers.ok: scripts/check-layers.py $(MONITOR_TREE)
	@mkdir -p $(@D)
	$(Q)python3 scripts/check-layers.py
	$(Q)touch $@

$(B)/monitor.elf: $(MONITOR_OBJS) $(B)/monitor/monitor.lds $(B)/monitor/layers.ok
	@echo "  LD      $@"
	$(Q)$(CC) $(FREESTANDING_CFLAGS) $(CFLAGS_monitor) $(FREESTANDING_LDFLAGS) \
		-T $(B)/monitor/monitor.lds -o $@ $(MONITOR_OBJS)

# ---------------------------------------------------------------- firmware
# OpenSBI builds with this repository as its platform directory; fw_payload
# carries build/monitor.bin.
OPENSBI_BUILD	:= $(abspath $(B)/opensbi)
OPENSBI_FW	:= $(OPENSBI_BUILD)/platform/$(notdir $(CURDIR))/firmware
OPENSBI_MAKE	= $(MAKE) --no-print-directory -C $(OPENSBI_SRC) O=$(OPENSBI_BUILD) \
		  PLATFORM_DIR=$(CURDIR) CROSS_COMPILE=$(CROSS_COMPILE) \
		  FW_PAYLOAD_PATH=$(abspath $(B)/monitor.bin)

.PHONY: firmware
firmware: $(B)/monitor.bin
	@# fw_payload includes the monitor with .incbin, which OpenSBI's
	@# dependency files do not see: drop the stale object ourselves.
	$(Q)if [ -f $(OPENSBI_FW)/fw_payload.o ] && \
	       [ $(B)/monitor.bin -nt $(OPENSBI_FW)/fw_payload.o ]; then \
		rm -f $(OPENSBI_FW)/fw_payload.*; fi
	@# Nor do they see objects.mk, where the next stage's offset is.
	$(Q)if [ -f $(OPENSBI_FW)/fw_jump.o ] && \
	       [ objects.mk -nt $(OPENSBI_FW)/fw_jump.o ]; then \
		rm -f $(OPENSBI_FW)/fw_payload.* $(OPENSBI_FW)/fw_jump.* \
		      $(OPENSBI_FW)/fw_dynamic.*; fi
	+$(Q)$(OPENSBI_MAKE)
	$(Q)for f in fw_payload:firmware fw_jump:fw_jump fw_dynamic:fw_dynamic; do \
		for ext in bin elf; do \
			cp -p $(OPENSBI_FW)/$${f%%:*}.$$ext $(B)/$${f#*:}.$$ext; \
		done; done

# OpenSBI's own generic platform from the same tree: the native column of
# `make bench`.
OPENSBI_GENERIC_BUILD := $(abspath $(B)/opensbi-generic)
OPENSBI_GENERIC_FW_JUMP := $(OPENSBI_GENERIC_BUILD)/platform/generic/firmware/fw_jump.bin
.PHONY: opensbi-generic
opensbi-generic:
	+$(Q)$(MAKE) --no-print-directory -C $(OPENSBI_SRC) O=$(OPENSBI_GENERIC_BUILD) \
		PLATFORM=generic CROSS_COMPILE=$(CROSS_COMPILE)

# ---------------------------------------------------------------- guests
# Bare-metal S-mode test programs, linked where a first stage after OpenSBI
# runs; today they run on the firmware through fw_jump.
CFLAGS_tests := -Itests/guests
GUEST_BASE ?= 0x80200000
GUESTS := sbiext sbitest bench hsuspend irq
GUEST_COMMON_OBJS := $(B)/obj/tests/guests/crt0.o $(B)/obj/tests/guests/guest.o \
	$(B)/obj/tests/guests/user.o \
	$(patsubst %,$(B)/obj/%.o,$(basename $(LIB_SRCS))) \
	$(patsubst %.c,$(B)/obj/libfdt/%.o,$(LIBFDT_SRCS))
SBITEST_OBJS := $(patsubst %,$(B)/obj/tests/guests/%.o,regs regs_check smp suspend suspend_s)
$(B)/guests/sbitest.elf: $(SBITEST_OBJS)
$(B)/guests/hsuspend.elf: $(B)/obj/tests/guests/hsuspend_call.o
$(B)/guests/irq.elf $(B)/guests/bench.elf: $(B)/obj/tests/guests/devirq.o

# The same test guest linked 256 MiB higher, for a guest whose RAM does not
# cover the host addresses of the firmware and the monitor.
$(B)/guests/high.lds: tests/guests/guest.lds.S
	@mkdir -p $(@D)
	$(Q)$(CC) -E -P -x c -DGUEST_BASE=0x90200000 -o $@ $<
$(B)/guests/sbitest-high.elf: $(B)/obj/tests/guests/sbitest.o $(SBITEST_OBJS) \
		$(GUEST_COMMON_OBJS) $(B)/guests/high.lds
	@echo "  LD      $@"
	$(Q)$(CC) $(FREESTANDING_CFLAGS) $(FREESTANDING_LDFLAGS) \
		-T $(B)/guests/high.lds -o $@ $(filter %.o,$^)

# The fuzzing guest lives high as well: the host addresses of the firmware
# and the monitor are then outside its RAM, for its wild accesses.
FUZZ_GUEST_PARTS := fuzz fuzz_call fuzz_run fuzz_traps fuzz_vectored fuzz_pt fuzz_vregs fuzz_csrs fuzz_bounded fuzz_wake fuzz_isa
$(B)/guests/fuzz.elf: $(patsubst %,$(B)/obj/tests/guests/%.o,$(FUZZ_GUEST_PARTS)) \
		$(B)/obj/tests/guests/devirq.o \
		$(GUEST_COMMON_OBJS) $(B)/guests/high.lds
	@echo "  LD      $@"
	$(Q)$(CC) $(FREESTANDING_CFLAGS) $(FREESTANDING_LDFLAGS) \
		-T $(B)/guests/high.lds -o $@ $(filter %.o,$^)

$(B)/guests/guest.lds: tests/guests/guest.lds.S
	@mkdir -p $(@D)
	$(Q)$(CC) -E -P -x c -DGUEST_BASE=$(GUEST_BASE) -o $@ $<

$(B)/guests/%.elf: $(B)/obj/tests/guests/%.o $(GUEST_COMMON_OBJS) $(B)/guests/guest.lds
	@echo "  LD      $@"
	$(Q)$(CC) $(FREESTANDING_CFLAGS) $(FREESTANDING_LDFLAGS) \
		-T $(B)/guests/guest.lds -o $@ $(filter %.o,$^)

.PHONY: guests
guests: $(patsubst %,$(B)/guests/%.elf,$(GUESTS) sbitest-high fuzz) \
	$(patsubst %,$(B)/guests/%.bin,$(GUESTS) sbitest-high fuzz)

# ---------------------------------------------------------------- Linux
# A riscv64 Image with the test init (tests/linux/) in its initramfs; the
# build is cached outside the work tree (scripts/linux.sh).
LINUX_IMAGE := $(B)/linux/Image
.PHONY: linux
linux:
	$(Q)bash scripts/linux.sh $(LINUX_IMAGE)

# ---------------------------------------------------------------- Debian
# Debian trixie's own riscv64 kernel and busybox (tests/qemu/debian.t):
# downloaded, checked by apt, unpacked into the cache (scripts/debian.sh).
DEBIAN_DIR := $(B)/debian
.PHONY: debian
debian:
	$(Q)bash scripts/debian.sh $(DEBIAN_DIR)

# ---------------------------------------------------------------- image
# One flashable file: the firmware with the monitor, then a package of the
# guests CONFIG names and CONFIG itself (scripts/mkimage.py,
# docs/image-format.md). fw_payload carries the monitor this far in.
CONFIG		?= configs/linux-sbitest.dts
IMAGE		?= $(B)/image.bin
MONITOR_OFFSET	:= $(shell sed -n 's/^FW_PAYLOAD_OFFSET=//p' objects.mk)
# A configuration that names make linux's kernel builds it first.
IMAGE_NEEDS_LINUX := $(shell grep -ls 'build/linux/Image' $(CONFIG))
.PHONY: image
image: firmware guests $(if $(IMAGE_NEEDS_LINUX),linux)
	$(Q)python3 scripts/mkimage.py pack --config $(CONFIG) \
		--firmware $(B)/firmware.bin --monitor $(B)/monitor.bin \
		--monitor-elf $(B)/monitor.elf --monitor-offset $(MONITOR_OFFSET) \
		--nm $(CROSS_COMPILE)nm --out $(IMAGE)

# ---------------------------------------------------------------- host tests
# Code that compiles for the host too, tested there under ASan and UBSan.
HOST_LIBFDT := $(B)/host-libfdt
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer \
	-Iinclude -Ilib/include -Imonitor/include -I$(HOST_LIBFDT)

# OpenSBI's libfdt, the monitor's own, for host tests and fuzzers too: its
# sources copied beside a host libfdt_env.h (tests/host/), built with the
# same sanitizers as the code under test.
$(HOST_LIBFDT)/.copied: tests/host/libfdt_env.h
	@mkdir -p $(@D)
	$(Q)cp $(OPENSBI_SRC)/lib/utils/libfdt/*.[ch] $(@D)/
	$(Q)cp tests/host/libfdt_env.h $(@D)/
	$(Q)touch $@

define host_libfdt
$(1): $(HOST_LIBFDT)/.copied
	@mkdir -p $$(@D)/libfdt-obj
	@echo "  AR      $$@"
	$(Q)cd $$(@D)/libfdt-obj && for f in $(LIBFDT_SRCS); do \
		$(2) -std=gnu11 -g -O1 -w $(3) -I$(abspath $(HOST_LIBFDT)) \
			-c $(abspath $(HOST_LIBFDT))/$$$$f || exit 1; done && \
		rm -f $$(notdir $$@) && ar rcs ../$$(notdir $$@) *.o
endef
$(eval $(call host_libfdt,$(B)/host/libfdt.a,$(HOSTCC),-fsanitize=address$(comma)undefined -fno-sanitize-recover=all))
$(eval $(call host_libfdt,$(B)/fuzz/libfdt.a,$(FUZZ_CC),-fsanitize=fuzzer-no-link$(comma)address$(comma)undefined -fno-sanitize-recover=all))
# Headers the host-built code includes: a change rebuilds every test.
HOST_HEADERS := $(wildcard include/sbivisor/*.h lib/include/lib/*.h monitor/include/monitor/*/*.h)
HOST_DTS := $(wildcard tests/host/dts/*.dts)
# The QEMU CPU models users run: the ISA each puts in its tree.
QEMU_CPU_MODELS := rv64 max rva23s64
HOST_DTBS := $(patsubst tests/host/dts/%.dts,$(B)/host/dts/%.dtb,$(HOST_DTS)) \
	$(B)/host/dts/qemu-virt-smp4.dtb $(B)/host/dts/qemu-virt-aia.dtb \
	$(patsubst %,$(B)/host/dts/qemu-virt-%.dtb,$(QEMU_CPU_MODELS))

$(B)/host/dts/%.dtb: tests/host/dts/%.dts $(wildcard tests/host/dts/*.dtsi)
	@mkdir -p $(@D)
	$(Q)$(DTC) -q -I dts -O dtb -o $@ $<

# Device trees exactly as QEMU's virt machine makes them.
$(B)/host/dts/qemu-virt-smp4.dtb:
	@mkdir -p $(@D)
	$(Q)$(QEMU) -M virt,dumpdtb=$@ -cpu rv64 -smp 4 -m 256M -nographic >/dev/null
$(B)/host/dts/qemu-virt-aia.dtb:
	@mkdir -p $(@D)
	$(Q)$(QEMU) -M virt,aia=aplic-imsic,dumpdtb=$@ -cpu rv64 -smp 2 -m 512M -nographic >/dev/null
$(B)/host/dts/qemu-virt-%.dtb:
	@mkdir -p $(@D)
	$(Q)$(QEMU) -M virt,dumpdtb=$@ -cpu $* -smp 2 -m 256M -nographic >/dev/null

# Each test: tests/host/test_<name>.c, the sources it tests, its libraries.
host_srcs_dt := monitor/boot/dt.c lib/format.c
host_srcs_format := lib/format.c
host_srcs_mem := monitor/boot/mem.c
host_srcs_gstage := monitor/boot/gstage.c
host_srcs_config := monitor/boot/config.c monitor/boot/dt.c monitor/boot/mem.c monitor/boot/image.c \
	lib/crc32.c lib/format.c
host_srcs_image := monitor/boot/image.c lib/crc32.c lib/format.c
host_srcs_vplic := monitor/vdev/vplic.c
host_srcs_insn := monitor/vdev/insn.c
host_srcs_vsstage := monitor/vdev/vsstage.c
host_srcs_mmio_decode := monitor/vdev/mmio_decode.c monitor/vdev/insn.c monitor/vdev/vsstage.c
host_srcs_vaplic := monitor/vdev/vaplic.c
host_srcs_vimsic := monitor/vdev/vimsic.c
host_srcs_guest_fdt := monitor/boot/guest_fdt.c monitor/boot/dt.c lib/format.c
host_srcs_vsbi_table := monitor/sbi/vsbi_table.c
HOST_TEST_NAMES := dt format mem gstage config guest_fdt vsbi_table image vplic insn \
	vaplic vimsic vsstage mmio_decode
HOST_TESTS := $(patsubst %,$(B)/host/test_%,$(HOST_TEST_NAMES)) \
	$(B)/host/test_vcpu_irq $(B)/host/test_spinlock

# What harts share without a lock, or to take one, under ThreadSanitizer
# instead: the lockless interrupt tracking and the ticket lock. TSan does
# not model standalone fences (-Wno-tsan): it checks that nothing shared is
# touched without atomics; the tests' handshakes check the ordering.
$(B)/host/test_vcpu_irq: tests/host/test_vcpu_irq.c monitor/core/vcpu_irq.c \
		monitor/include/monitor/core/vcpu_irq.h lib/include/lib/atomic.h
$(B)/host/test_spinlock: tests/host/test_spinlock.c lib/include/lib/spinlock.h
$(B)/host/test_vcpu_irq $(B)/host/test_spinlock:
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@ (TSan)"
	$(Q)$(HOSTCC) $(filter-out -fsanitize=%,$(HOST_CFLAGS)) -fsanitize=thread -Wno-tsan \
		-o $@ $(filter %.c,$^) -lcmocka -lpthread

.SECONDEXPANSION:
$(B)/host/test_%: tests/host/test_%.c $$(host_srcs_$$*) tests/host/testutil.c \
		tests/host/testutil.h $(HOST_DTBS) $(B)/host/libfdt.a $(HOST_HEADERS)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -DTEST_DTB_DIR=\"$(abspath $(B)/host/dts)\" \
		-o $@ $(filter %.c,$^) -lcmocka $(B)/host/libfdt.a

.PHONY: host-tests
host-tests: $(HOST_TESTS)

# ---------------------------------------------------------------- fuzzing
# libFuzzer targets (clang) for what parses input: tests/fuzz/fuzz_<name>.c
# and the sources it drives, under ASan and UBSan. `make fuzz` runs each for
# FUZZ_SECONDS from a corpus seeded with the host tests' trees; inputs that
# once failed live in tests/fuzz/regressions/<name>/ and run first.
FUZZ_SECONDS	?= 30
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Iinclude -Ilib/include -Imonitor/include -I$(HOST_LIBFDT)
fuzz_srcs_config := monitor/boot/config.c monitor/boot/dt.c monitor/boot/mem.c monitor/boot/guest_fdt.c \
	monitor/boot/image.c lib/crc32.c lib/format.c
fuzz_srcs_guest_fdt := monitor/boot/guest_fdt.c monitor/boot/dt.c lib/format.c
fuzz_srcs_sbi_args := monitor/sbi/vsbi_table.c
fuzz_srcs_image := monitor/boot/image.c lib/crc32.c lib/format.c
FUZZ_NAMES := config guest_fdt sbi_args image
FUZZ_TARGETS := $(patsubst %,$(B)/fuzz/fuzz_%,$(FUZZ_NAMES))

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(fuzz_srcs_$$*) $(B)/fuzz/libfdt.a $(HOST_HEADERS)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^) $(B)/fuzz/libfdt.a

.PHONY: fuzz-targets fuzz
fuzz-targets: $(FUZZ_TARGETS) $(HOST_DTBS)

fuzz: fuzz-targets
	$(Q)SBIVISOR_BUILD=$(abspath $(B)) FUZZ_SECONDS=$(FUZZ_SECONDS) \
		$(PROVE) -v tests/fuzz.t

# ---------------------------------------------------------------- top
.PHONY: all setup test test-busy test-linux soak run run-image debug debug-image bench clean distclean format help

all: firmware guests

setup:
	bash scripts/setup.sh

# One prove run over host and QEMU tests: its summary counts them all. Each
# QEMU boot has its own timeout (tests/qemu/qemutest.py); this one bounds
# the whole run should anything else hang.
TEST_TIMEOUT ?= 1800
TEST_ENV = CMOCKA_MESSAGE_OUTPUT=TAP SBIVISOR_BUILD=$(abspath $(B)) QEMU=$(QEMU) \
	NATIVE_FW_JUMP=$(abspath $(OPENSBI_GENERIC_FW_JUMP)) FUZZ_SECONDS=$(FUZZ_SECONDS) \
	timeout $(TEST_TIMEOUT)
test: all host-tests fuzz-targets opensbi-generic linux debian
	$(Q)$(TEST_ENV) $(PROVE) $(if $(filter 1,$(V)),-v) \
		tests/setup.t tests/layers.t tests/tap.t $(HOST_TESTS) tests/fuzz.t tests/qemu/*.t \
		tests/bench.t

# The long runs: figures in the output (tests/soak.t).
SOAK_SECONDS ?= 600
SOAK_CALLS ?= 10000000
soak: all
	$(Q)SBIVISOR_BUILD=$(abspath $(B)) QEMU=$(QEMU) SOAK_SECONDS=$(SOAK_SECONDS) \
		SOAK_CALLS=$(SOAK_CALLS) $(PROVE) -v tests/soak.t

# make test beside two CPU hogs, as on a busy machine: every QEMU test is
# bounded by its progress, not by a fixed time (tests/qemu/qemutest.py).
test-busy:
	$(Q)bash scripts/busy.sh $(MAKE) --no-print-directory test

# Linux on 1, 2 and 4 vCPUs and on plain OpenSBI; U-Boot (part of test).
test-linux: all opensbi-generic linux
	$(Q)$(TEST_ENV) $(PROVE) $(if $(filter 1,$(V)),-v) tests/qemu/linux.t tests/qemu/uboot.t

# Boot GUEST from the firmware: QEMU's loader stages its images and a host
# device tree names it (scripts/guestcfg.py, docs/config-binding.md).
run: firmware guests
	$(Q)args=$$(python3 scripts/guestcfg.py --out $(B)/run --image $(GUEST) \
		$(if $(INITRD),--initrd $(INITRD)) \
		$(if $(BOOTARGS),--bootargs "$(BOOTARGS)") \
		$(if $(DEVICES),--devices "$(DEVICES)") \
		$(if $(WAKEUP_MS),--wakeup-after-suspend-ms $(WAKEUP_MS)) \
		--vcpus $(VCPUS) --guest-mem $(GUEST_MEM) --smp $(SMP) \
		--mem $(MEM) --cpu $(QEMU_CPU) --machine $(QEMU_MACHINE)) && \
	eval exec $(QEMU) $(QEMU_RUN_ARGS) -bios $(B)/firmware.bin "$$args"

# The image alone, as a board boots it from flash (QEMU_RUN_ARGS: SMP, MEM).
run-image:
	$(Q)exec $(QEMU) $(QEMU_RUN_ARGS) -bios $(IMAGE)

# `make run` halted at reset with a gdb stub on DEBUG_PORT; attach with
# gdb-multiarch -x scripts/sbivisor.gdb -ex 'target remote :1234'
# (docs/debugging.md).
DEBUG_PORT ?= 1234
debug debug-image:
	$(Q)echo "sbivisor: QEMU halted; attach: gdb-multiarch -x scripts/sbivisor.gdb -ex 'target remote :$(DEBUG_PORT)'"
	$(Q)$(MAKE) --no-print-directory $(if $(filter debug-image,$@),run-image,run) \
		QEMU_RUN_ARGS="$(QEMU_RUN_ARGS) -S -gdb tcp::$(DEBUG_PORT)"

# Instruction counts under sbivisor beside plain OpenSBI (docs/performance.md).
BENCH_N ?= 1000
BENCH_OUT ?= docs
bench: all opensbi-generic linux
	python3 scripts/bench.py --n $(BENCH_N) --build $(abspath $(B)) \
		--native-fw $(OPENSBI_GENERIC_FW_JUMP) --linux $(abspath $(LINUX_IMAGE)) \
		--out $(BENCH_OUT)

# Reformat the C files you name: make format FILES="monitor/core/foo.c ..."
format:
	clang-format -i $(FILES)

clean:
	rm -rf $(B)

distclean: clean
	rm -rf $(SBIVISOR_CACHE)

help:
	@sed -n 's/^#   //p' Makefile

-include $(shell find $(B)/obj $(B)/monitor -name '*.d' 2>/dev/null)
