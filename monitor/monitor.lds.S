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

	/DISCARD/ : {
		*(.eh_frame*)
		*(.comment)
		*(.note*)
		*(.riscv.attributes)
	}
}
