// SPDX-License-Identifier: BSD-2-Clause
/* Console output through SBI; see lib/console.h. */

#include <lib/console.h>
#include <lib/format.h>
#include <lib/sbi_call.h>
#include <lib/spinlock.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* One printf's worth; longer output is cut, never overrun. */
#define CONSOLE_LINE_MAX	256

static bool console_has_dbcn;
static spinlock_t console_lock;
/*
 * Whose output the console's last line is, whether it is unfinished, and
 * on whose behalf the lock holder writes.
 */
static const void *line_owner, *writer;
static bool mid_line;

void console_init(void)
{
	console_has_dbcn = sbi_probe_extension(SBI_EXT_DBCN) > 0;
}

/*
 * DBCN takes a physical address: S-mode code here runs with satp = 0 (the
 * monitor) or identity-mapped (test guests), so the pointer is one.
 */
static void console_write_locked(const char *buf, size_t len)
{
	struct sbiret ret;

	if (!console_has_dbcn) {
		while (len--)
			sbi_ecall(SBI_EXT_0_1_CONSOLE_PUTCHAR, 0, *buf++, 0, 0);
		return;
	}
	while (len) {
		ret = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, len,
				(unsigned long)buf, 0);
		if (ret.error || ret.value <= 0)
			return;
		buf += ret.value;
		len -= ret.value;
	}
}

void console_take_over(void)
{
	spin_lock_break(&console_lock);
}

bool console_begin(const void *owner)
{
	spin_lock(&console_lock);
	writer = owner;
	return mid_line && line_owner == owner;
}

void console_put(const char *buf, size_t len)
{
	if (!len)
		return;
	/* Another's unfinished line is ended first. */
	if (mid_line && line_owner != writer)
		console_write_locked("\n", 1);
	console_write_locked(buf, len);
	mid_line = buf[len - 1] != '\n';
	line_owner = writer;
}

void console_end(void)
{
	spin_unlock(&console_lock);
}

void console_write(const char *buf, size_t len)
{
	console_begin(NULL);
	console_put(buf, len);
	console_end();
}

int printf(const char *fmt, ...)
{
	char line[CONSOLE_LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	console_write(line, n);
	return n;
}
