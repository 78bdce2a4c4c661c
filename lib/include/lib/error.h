/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The monitor's one error convention. A function that can fail returns
 * int: 0 (or a non-negative result, such as an index or a count) on
 * success and one of these negative codes on failure. A yes/no question
 * returns bool. libfdt's codes are turned into these where libfdt is
 * called; the SBI spec's codes are a guest ABI and stay in the SBI layer.
 */
#ifndef LIB_ERROR_H
#define LIB_ERROR_H

enum error {
	ERR_INVALID = -1,	/* malformed input, or an argument out of range */
	ERR_NOT_FOUND = -2,	/* no such node, part, controller or entry */
	ERR_NO_SPACE = -3,	/* no free block or buffer large enough */
	ERR_FULL = -4,		/* a fixed-size table has no free entry */
	ERR_OVERLAP = -5,	/* overlaps something already in place */
	ERR_NOT_RAM = -6,	/* not inside one RAM bank */
	ERR_UNSUPPORTED = -7,	/* the hardware or firmware lacks it */
	ERR_FAULT = -8,		/* an access to guest memory faulted */
	ERR_BAD_DT = -9,	/* a device tree libfdt cannot use */
};

/* A few words for a message: "monitor: guest a: its device tree: %s". */
static inline const char *error_name(int err)
{
	switch (err) {
	case 0:			return "no error";
	case ERR_INVALID:	return "invalid";
	case ERR_NOT_FOUND:	return "not found";
	case ERR_NO_SPACE:	return "no space left";
	case ERR_FULL:		return "table full";
	case ERR_OVERLAP:	return "overlaps a region in use";
	case ERR_NOT_RAM:	return "not in RAM";
	case ERR_UNSUPPORTED:	return "not supported";
	case ERR_FAULT:		return "access fault";
	case ERR_BAD_DT:	return "not a valid device tree";
	default:		return "unknown error";
	}
}

#endif /* LIB_ERROR_H */
