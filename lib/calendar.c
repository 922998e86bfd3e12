/*
 * calendar.c - days and times as the journal keeps them: UTC seconds since
 * 1970, local day numbers, and the ISO 8601 text of the exports.
 *
 * The day arithmetic is civil (proleptic Gregorian) and needs no tables;
 * local days follow the process's time zone (TZ) through localtime_r().
 * Nothing here reads the clock: every function is given its time. It was
 * part of progress.c, whose rules are about pain, not dates.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "limber/calendar.h"

/* After Howard Hinnant's days_from_civil. */
int64_t
limber_days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

int64_t
limber_local_day(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return t / LIMBER_DAY_S;
	return limber_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
}

const char *
limber_time_iso(int64_t t, bool local, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!local) {
		if (gmtime_r(&tt, &tm) == NULL)
			goto bad;
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
	} else {
		int64_t off;
		char sign;

		if (localtime_r(&tt, &tm) == NULL)
			goto bad;
		/* The offset from the fields, not tm_gmtoff: POSIX lacks it. */
		off = (limber_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
			   tm.tm_mday) *
			      LIMBER_DAY_S +
			  tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) -
		    t;
		sign = off < 0 ? '-' : '+';
		if (off < 0)
			off = -off;
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, sign, (int)(off / 3600),
		    (int)(off / 60 % 60));
	}
	return buf;
bad:
	snprintf(buf, size, "?");
	return buf;
}

static bool
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static int
month_days(int y, int m)
{
	static const int days[12] = {
		31,
		28,
		31,
		30,
		31,
		30,
		31,
		31,
		30,
		31,
		30,
		31,
	};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

bool
limber_time_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0;
	int64_t off = 0;

	if (s == NULL || strlen(s) < 20)
		return false;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !digits(s + 8, 2, &d) || s[10] != 'T' ||
	    !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) ||
	    s[16] != ':' || !digits(s + 17, 2, &sec))
		return false;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) ||
	    h > 23 || mi > 59 || sec > 59)
		return false;
	if (strcmp(s + 19, "Z") == 0)
		off = 0;
	else if ((s[19] == '+' || s[19] == '-') && strlen(s + 19) == 6 &&
	    digits(s + 20, 2, &oh) && s[22] == ':' && digits(s + 23, 2, &om) &&
	    oh <= 23 && om <= 59)
		off = (s[19] == '-' ? -1 : 1) * ((int64_t)oh * 3600 + om * 60);
	else
		return false;
	*out = limber_days_from_civil(y, mo, d) * LIMBER_DAY_S + h * 3600 +
	    mi * 60 + sec - off;
	return *out >= 0;
}

/* After Howard Hinnant's civil_from_days. */
void
limber_civil_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;

	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}
