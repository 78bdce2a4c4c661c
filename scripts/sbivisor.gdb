# gdb-multiarch script for sbivisor under QEMU (docs/debugging.md).
# From the repository's top, beside `make debug`:
#   gdb-multiarch -x scripts/sbivisor.gdb -ex 'target remote :1234'
# Symbols: OpenSBI with our platform (build/firmware.elf, linked at 0 and
# run at 0x80000000) and the monitor (build/monitor.elf, linked where it
# runs). `sbivisor-guest FILE` adds a guest's, at the guest-physical
# addresses it was linked for.
set architecture riscv:rv64
set pagination off
set confirm off
add-symbol-file build/firmware.elf -o 0x80000000
add-symbol-file build/monitor.elf

define sbivisor-guest
	add-symbol-file $arg0
end
document sbivisor-guest
Add a guest's symbols (an ELF linked at its guest-physical addresses, as
the test guests in build/guests/ are). They overlap the monitor's where the
addresses do: a breakpoint there stops in both.
end
