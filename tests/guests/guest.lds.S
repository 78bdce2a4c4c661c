/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guests run at their link address, GUEST_BASE (from the Makefile). */
OUTPUT_ARCH(riscv)
ENTRY(_start)

SECTIONS
{
	. = GUEST_BASE;
	.text : {
		KEEP(*(.text.entry))
		*(.text .text.*)
	}
	. = ALIGN(8);
	__text_end = .;
	.rodata : { *(.rodata .rodata.*) *(.srodata .srodata.*) }
	. = ALIGN(8);
	.data : { *(.data .data.*) *(.sdata .sdata.*) }
	. = ALIGN(8);
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.sbss .sbss.*) *(.bss .bss.*) *(COMMON)
		. = ALIGN(8);
		__bss_end = .;
	}
	/DISCARD/ : { *(.eh_frame*) *(.comment) *(.note*) }
}
