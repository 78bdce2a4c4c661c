// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guests' consoles; see monitor/include/monitor/core/vconsole.h.
 *
 * Input is taken from the firmware only when some guest reads; the bytes
 * go to the guest that has the input then, whichever guest read. The
 * consoles' state is under the console lock (console_begin()), taken by
 * every hart that writes or reads for a guest.
 */

#include <lib/console.h>
#include <lib/format.h>
#include <lib/sbi_call.h>
#include <monitor/core/guest.h>
#include <monitor/core/vconsole.h>
#include <sbivisor/sbi.h>
#include <string.h>

/*
 * Most bytes one call writes or reads. A console is slow (about 3 us a
 * byte on QEMU's UART), and a hart in the firmware serves nobody: capped,
 * a call holds its hart a few milliseconds at most, and every other hart
 * that waits for it (a remote fence, the console lock) waits that long at
 * most. DBCN lets a write or read take fewer bytes than asked.
 */
#define VCONSOLE_IO_MAX		1024

static struct guest *all_guests;
static unsigned int guest_count;
static unsigned int focus;		/* the guest input goes to */

void vconsole_init(struct guest *guests, unsigned int count)
{
	all_guests = guests;
	guest_count = count;
	if (count > 1)
		printf("monitor: console: %u guests, their lines prefixed \"[name] \"; input goes to guest %s (Ctrl-] passes it on)\n",
		       count, guests[0].cfg->name);
}

static void put_prefix(const struct guest *g)
{
	console_put("[", 1);
	console_put(g->cfg->name, strlen(g->cfg->name));
	console_put("] ", 2);
}

size_t vconsole_write(struct guest *g, const char *buf, size_t len)
{
	struct vconsole *c = &g->con;
	size_t done = 0;

	if (len > VCONSOLE_IO_MAX)
		len = VCONSOLE_IO_MAX;
	/*
	 * One guest: straight to the firmware, no lock, as the guest's own
	 * console would be (Linux's earlycon writes a call per line).
	 */
	if (guest_count <= 1) {
		struct sbiret ret = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE,
					      len, (unsigned long)buf, 0);

		return (ret.error || ret.value < 0) ? 0 : ret.value;
	}
	/* A line another owner cut into goes on under a new prefix. */
	if (!console_begin(g))
		c->mid_line = false;
	while (done < len) {
		size_t n = 0;

		while (done + n < len && buf[done + n] != '\n')
			n++;
		if (done + n < len)
			n++;	/* the newline too */
		if (!c->mid_line)
			put_prefix(g);
		console_put(buf + done, n);
		c->mid_line = buf[done + n - 1] != '\n';
		done += n;
	}
	console_end();
	return len;
}

/* Under the console lock: what the firmware has for us, to whom it goes. */
static void take_input(void)
{
	static char bytes[16];
	struct sbiret ret;

	ret = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, sizeof(bytes),
			(unsigned long)bytes, 0);
	if (ret.error || ret.value <= 0)
		return;
	for (long i = 0; i < ret.value; i++) {
		struct vconsole *to = &all_guests[focus].con;

		if (bytes[i] == VCONSOLE_ESCAPE) {
			char line[96];
			int n;

			focus = (focus + 1) % guest_count;
			n = fmt_snprintf(line, sizeof(line),
					 "monitor: console: input goes to guest %s\n",
					 all_guests[focus].cfg->name);
			console_put(line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
			continue;
		}
		/* Full: the oldest bytes stay, as a UART's FIFO would keep them. */
		if (to->head - to->tail < VCONSOLE_INPUT_SIZE)
			to->input[to->head++ % VCONSOLE_INPUT_SIZE] = bytes[i];
	}
}

size_t vconsole_read(struct guest *g, char *buf, size_t len)
{
	struct vconsole *c = &g->con;
	struct sbiret ret;
	size_t n = 0;

	if (len > VCONSOLE_IO_MAX)
		len = VCONSOLE_IO_MAX;
	if (guest_count <= 1) {
		ret = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, len,
				(unsigned long)buf, 0);
		return (ret.error || ret.value < 0) ? 0 : ret.value;
	}
	console_begin(NULL);
	take_input();
	while (n < len && c->tail != c->head)
		buf[n++] = c->input[c->tail++ % VCONSOLE_INPUT_SIZE];
	console_end();
	return n;
}
