/* SPDX-License-Identifier: BSD-2-Clause */
/* What every test guest gets from tests/guests/guest.c and lib/. */
#ifndef TESTS_GUESTS_GUEST_H
#define TESTS_GUESTS_GUEST_H

#include <lib/console.h>
#include <lib/csr.h>
#include <lib/sbi_call.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * The device tree as every test guest reads it (tests/guests/guest.c):
 * /chosen/bootargs ("" without); a decimal "name<digits>" in them, or
 * `fallback`; /cpus/timebase-frequency (1 or 2 cells, 0 without); whether
 * the first cpu's riscv,isa-extensions lists `ext`; and a node's first reg
 * range, two cells each as the monitor's trees have (0, or -1 without).
 */
const char *guest_bootargs(const void *fdt);
unsigned long guest_bootarg(const char *bootargs, const char *name,
			    unsigned long fallback);
uint64_t guest_timebase(const void *fdt);

/*
 * The steal field of an SBI STA record, read as the spec asks: again until
 * the sequence before and after is the same and even.
 */
uint64_t guest_sta_steal(const volatile void *record);
bool guest_cpu_has_ext(const void *fdt, const char *ext);
int guest_node_reg(const void *fdt, int node, uint64_t *base, uint64_t *size);

/*
 * Each guest defines this. Returns 0 for success; the guest then powers off
 * through SRST, with the system-failure reason when it returned nonzero.
 */
int guest_main(unsigned long hartid, const void *fdt);

struct guest_frame {
	unsigned long x[32];
};

/* Harts a test guest can have. */
#define GUEST_MAX_CPUS		8

/* This hart's ID (kept in tp by crt0.S). */
static inline unsigned long this_cpu(void)
{
	unsigned long id;

	asm("mv %0, tp" : "=r"(id));
	return id;
}

/* The instret value at the trap vector of the last trap (bench guest). */
extern unsigned long guest_trap_instret[GUEST_MAX_CPUS];

/* Called for each supervisor timer / software / external interrupt; NULL: none expected. */
extern void (*guest_timer_handler)(void);
extern void (*guest_ipi_handler)(void);
extern void (*guest_external_handler)(void);

/*
 * The other harts of a guest start here (secondary_start in crt0.S with
 * SBI HSM hart_start, opaque = stack top); each guest defines it.
 */
void guest_secondary(unsigned long hartid, unsigned long opaque);
void secondary_start(void);

/*
 * Expect one synchronous exception: guest_trap() records it, steps over the
 * faulting instruction and returns to it. Read the record afterwards.
 */
struct trap_expectation {
	bool armed;
	bool taken;
	unsigned long scause;
	unsigned long stval;
	unsigned long sepc;
	bool from_user;		/* sstatus.SPP was 0: it came from U-mode */
	/* Set before: resume at ra, for a fetch fault of a called address. */
	bool return_to_ra;
};
extern struct trap_expectation guest_expected_trap[GUEST_MAX_CPUS];
#define expected_trap	guest_expected_trap[this_cpu()]

/*
 * fn(arg) in U-mode (tests/guests/user.S): with satp as it is, interrupts
 * off; returns what fn returns. Expected traps from there are recorded
 * as from S-mode, and fn goes on after the faulting instruction.
 */
unsigned long guest_user_call(unsigned long (*fn)(unsigned long),
			      unsigned long arg);
#define GUEST_USER_EXIT		0x55534552	/* a7 of its ecall back */
void guest_user_return(unsigned long value) __attribute__((noreturn));

/* TAP over the console. */
void tap_ok(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tap_done(void);
extern unsigned int tap_failed;

#endif
