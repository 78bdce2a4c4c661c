/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * printf-style formatting for freestanding code (monitor, test guests).
 * Compiles for the host too, where tests/host/test_format.c checks it.
 *
 * Conversions: %c %s %d %i %u %x %X %p %%; flags '-' '0' '#'; a width
 * (number or '*'); a precision for %s (number or '*'); length modifiers
 * l, ll and z. Anything else is copied out as-is, so a typo shows.
 */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Like C's vsnprintf: writes at most size - 1 characters and a NUL (when
 * size > 0) and returns the length the full output would have had.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* LIB_FORMAT_H */
