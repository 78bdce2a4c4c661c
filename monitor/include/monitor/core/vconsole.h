/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guests' consoles (SBI DBCN and the legacy console calls) on the one
 * console of the firmware. With one guest, its console is the firmware's,
 * byte for byte. With several, each line of output is prefixed with
 * "[name] ", and input goes to one guest at a time: Ctrl-] passes it on to
 * the next (docs/architecture.md, "Consoles").
 */
#ifndef MONITOR_VCONSOLE_H
#define MONITOR_VCONSOLE_H

#include <stdbool.h>
#include <stddef.h>

struct guest;

#define VCONSOLE_ESCAPE		0x1d	/* Ctrl-] */
#define VCONSOLE_INPUT_SIZE	64

/* Per guest: where its output stands, input typed for it. */
struct vconsole {
	bool mid_line;			/* its last line is unfinished */
	unsigned char input[VCONSOLE_INPUT_SIZE];
	unsigned int head, tail;	/* head - tail bytes waiting */
};

/* Once, with the guests built: prefixes and routing if more than one. */
void vconsole_init(struct guest *guests, unsigned int count);

/* `len` bytes at `buf` (host address) from guest `g`; returns how many went out. */
size_t vconsole_write(struct guest *g, const char *buf, size_t len);

/* Up to `len` bytes typed for guest `g` into `buf` (host address); returns how many. */
size_t vconsole_read(struct guest *g, char *buf, size_t len);

#endif /* MONITOR_VCONSOLE_H */
