/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <string.h> of freestanding builds (-nostdinc), so that code shared with
 * host tests includes the same header name in both builds.
 */
#include <lib/string.h>
