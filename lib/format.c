// SPDX-License-Identifier: BSD-2-Clause
/*
 * A small vsnprintf for freestanding code; see lib/format.h for what it
 * understands.
 */

#include <lib/format.h>
#include <stdbool.h>
#include <stdint.h>

struct out {
	char *buf;
	size_t size;
	size_t len;	/* what the output would be without the size limit */
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

struct spec {
	bool left;	/* '-' */
	bool zero;	/* '0' */
	bool alt;	/* '#' */
	int width;
	int precision;	/* -1: none */
};

static void out_string(struct out *o, const struct spec *s, const char *str)
{
	int len = 0;

	if (!str)
		str = "(null)";
	while (str[len] && (s->precision < 0 || len < s->precision))
		len++;
	if (!s->left)
		out_pad(o, ' ', s->width - len);
	for (int i = 0; i < len; i++)
		out_char(o, str[i]);
	if (s->left)
		out_pad(o, ' ', s->width - len);
}

static void out_number(struct out *o, const struct spec *s, uint64_t value,
		       bool negative, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];	/* 2^64 has 20 decimal and 16 hex digits */
	const char *prefix = "";
	int n = 0, len;

	do {
		tmp[n++] = digits[value % base];
		value /= base;
	} while (value);

	if (negative)
		prefix = "-";
	else if (s->alt && base == 16)
		prefix = upper ? "0X" : "0x";

	len = n;
	for (const char *p = prefix; *p; p++)
		len++;

	if (!s->left && !s->zero)
		out_pad(o, ' ', s->width - len);
	for (const char *p = prefix; *p; p++)
		out_char(o, *p);
	if (!s->left && s->zero)
		out_pad(o, '0', s->width - len);
	while (n)
		out_char(o, tmp[--n]);
	if (s->left)
		out_pad(o, ' ', s->width - len);
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };

	while (*fmt) {
		const char *start = fmt;
		struct spec s = { .precision = -1 };
		int longs = 0;
		bool size_t_arg = false;
		uint64_t u;
		int64_t d;

		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt++;

		for (;; fmt++) {
			if (*fmt == '-')
				s.left = true;
			else if (*fmt == '0')
				s.zero = true;
			else if (*fmt == '#')
				s.alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			s.width = va_arg(ap, int);
			if (s.width < 0) {
				s.left = true;
				s.width = -s.width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				s.width = s.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			s.precision = 0;
			if (*fmt == '*') {
				s.precision = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					s.precision = s.precision * 10 +
						      (*fmt++ - '0');
			}
		}
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		if (*fmt == 'z') {
			size_t_arg = true;
			fmt++;
		}

		switch (*fmt) {
		case '%':
			out_char(&o, '%');
			break;
		case 'c':
			out_char(&o, (char)va_arg(ap, int));
			break;
		case 's':
			out_string(&o, &s, va_arg(ap, const char *));
			break;
		case 'd':
		case 'i':
			if (size_t_arg || longs == 1)
				d = va_arg(ap, long);
			else if (longs >= 2)
				d = va_arg(ap, long long);
			else
				d = va_arg(ap, int);
			u = d < 0 ? -(uint64_t)d : (uint64_t)d;
			out_number(&o, &s, u, d < 0, 10, false);
			break;
		case 'u':
		case 'x':
		case 'X':
			if (size_t_arg)
				u = va_arg(ap, size_t);
			else if (longs == 1)
				u = va_arg(ap, unsigned long);
			else if (longs >= 2)
				u = va_arg(ap, unsigned long long);
			else
				u = va_arg(ap, unsigned int);
			out_number(&o, &s, u, false, *fmt == 'u' ? 10 : 16,
				   *fmt == 'X');
			break;
		case 'p':
			s.alt = true;
			out_number(&o, &s, (uintptr_t)va_arg(ap, void *),
				   false, 16, false);
			break;
		default:
			/* Unknown conversion: show it as written. */
			if (!*fmt)
				fmt--;
			while (start <= fmt)
				out_char(&o, *start++);
			break;
		}
		fmt++;
	}

	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
