// SPDX-License-Identifier: BSD-2-Clause
/*
 * C string functions for freestanding code. GCC emits calls to memcpy and
 * memset on its own, so these must exist under their C names.
 *
 * libfdt, compiled from OpenSBI's tree, reaches them through OpenSBI's
 * libfdt_env.h, which renames them sbi_*: the aliases at the end serve it.
 */

#include <lib/string.h>
#include <stdbool.h>
#include <stdint.h>

/* Whole registers at a time where both ends allow it: guest images are megabytes. */
typedef unsigned long __attribute__((may_alias)) word_t;
#define WORD		sizeof(word_t)

static bool word_aligned(const void *a, const void *b)
{
	return !(((uintptr_t)a | (uintptr_t)b) & (WORD - 1));
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (word_aligned(d, s)) {
		word_t *dw = (word_t *)d;
		const word_t *sw = (const word_t *)s;

		for (; n >= 4 * WORD; n -= 4 * WORD, dw += 4, sw += 4) {
			dw[0] = sw[0];
			dw[1] = sw[1];
			dw[2] = sw[2];
			dw[3] = sw[3];
		}
		for (; n >= WORD; n -= WORD)
			*dw++ = *sw++;
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (word_aligned(d, d)) {
		word_t *dw = (word_t *)d;
		word_t w = (unsigned char)c * (~0UL / 0xff);	/* c in every byte */

		for (; n >= WORD; n -= WORD)
			*dw++ = w;
		d = (unsigned char *)dw;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return n ? NULL : (char *)haystack;
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	do {
		if (*s == (char)c)
			last = s;
	} while (*s++);
	return (char *)last;
}

#define SBI_ALIAS(name) \
	__typeof__(name) sbi_##name __attribute__((alias(#name)))

SBI_ALIAS(memcpy);
SBI_ALIAS(memmove);
SBI_ALIAS(memset);
SBI_ALIAS(memcmp);
SBI_ALIAS(memchr);
SBI_ALIAS(strlen);
SBI_ALIAS(strnlen);
SBI_ALIAS(strcmp);
SBI_ALIAS(strncmp);
SBI_ALIAS(strrchr);
