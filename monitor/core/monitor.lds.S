/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The monitor runs at its link address with satp = 0. MONITOR_BASE is where
 * OpenSBI puts its next stage (FW_PAYLOAD_OFFSET / FW_JUMP_OFFSET in
 * objects.mk above the firmware); the Makefile passes it in.
 */
OUTPUT_ARCH(riscv)
ENTRY(_start)

SECTIONS
{
	. = MONITOR_BASE;
	__image_start = .;

	.text : {
		KEEP(*(.text.entry))
		*(.text .text.*)
	}

	. = ALIGN(8);
	.rodata : {
		/* Guest SBI extensions, one descriptor per file (monitor/vsbi.h). */
		. = ALIGN(8);
		__vsbi_extensions_start = .;
		KEEP(*(.vsbi_extensions))
		__vsbi_extensions_end = .;
		*(.rodata .rodata.*)
		*(.srodata .srodata.*)
	}

	. = ALIGN(8);
	.data : {
		*(.data .data.*)
		*(.sdata .sdata.*)
	}

	. = ALIGN(8);
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.sbss .sbss.*)
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(8);
		__bss_end = .;
	}

	. = ALIGN(4096);
	__image_end = .;
	/*
	 * Within the 2 MiB block it starts in: with OpenSBI below it, the
	 * firmware's memory then ends where an OS linked for the board (at
	 * base + 2 MiB) begins, and a guest at its own host address has it.
	 */
	ASSERT(__image_end <= (MONITOR_BASE | 0x1fffff) + 1,
	       "the monitor outgrows its 2 MiB block: see docs/porting.md")

	/DISCARD/ : {
		*(.eh_frame*)
		*(.comment)
		*(.note*)
		*(.riscv.attributes)
	}
}
