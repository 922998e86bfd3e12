/*
 * banned.h - functions limber does not use, made compile errors (after git).
 *
 * Included last by util.h, after the system headers that declare them.
 * Copy with snprintf or memcpy and a known length; parse numbers with
 * strtol and a range check; convert times with the _r functions.
 */
#ifndef LIMBER_BANNED_H
#define LIMBER_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_limber

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef gets
#define gets(x) BANNED(gets)

#endif
