/*
 * calendar.h - days and times for the journal's stored UTC seconds
 * (lib/calendar.c): civil dates, local days and ISO 8601 text.
 *
 * Local days follow the process's time zone (TZ), as localtime_r() does.
 * Nothing here reads the clock.
 */
#ifndef LIMBER_CALENDAR_H
#define LIMBER_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The seconds of a day in UTC, which keeps no leap seconds. */
#define LIMBER_DAY_S 86400

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t limber_days_from_civil(int y, int m, int d);
/* The civil date of a day number. */
void limber_civil_from_days(int64_t days, int *y, int *m, int *d);
/* The local day number of a time (days_from_civil of its local date). */
int64_t limber_local_day(int64_t t);
/*
 * "2026-11-25T16:01:28Z" (utc) or "2026-11-25T17:01:28+01:00" (local) into
 * buf, which should hold 32 bytes. Returns buf.
 */
const char *limber_time_iso(int64_t t, bool local, char *buf, size_t size);
/*
 * Parse "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM", into
 * UTC seconds. Returns false for anything else, or a date that does not
 * exist.
 */
bool limber_time_parse(const char *s, int64_t *out);

#endif /* LIMBER_CALENDAR_H */
