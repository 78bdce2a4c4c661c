/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Console output of S-mode code through the firmware: SBI DBCN, or the
 * legacy console_putchar when the firmware has no DBCN. Each printf is
 * written whole, so lines of different harts do not mix.
 */
#ifndef LIB_CONSOLE_H
#define LIB_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

/* Pick DBCN or legacy output; call once before the first print. */
void console_init(void);
void console_write(const char *buf, size_t len);

/*
 * Output of several pieces as one, nothing of others' between them: for
 * output on behalf of someone (`owner`, a guest, say; NULL: this program's
 * own). An unfinished line of another owner is ended before the first
 * piece put. Returns
 * whether the console's last line is this owner's unfinished one.
 */
bool console_begin(const void *owner);
void console_put(const char *buf, size_t len);
void console_end(void);

/*
 * Last words: drop the console lock whoever holds it (a hart stuck with
 * it, say), so that a failure report gets out.
 */
void console_take_over(void);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* LIB_CONSOLE_H */
