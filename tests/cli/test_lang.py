#!/usr/bin/env python3
"""The terminal speaks the language the environment asks for, and English
when it asks for one limber does not have (docs/i18n.md).

Every language po/LINGUAS builds in gives every command's words, its
screening's verdict and advice included, in its own words: no line of
words is left in English but a command's synopsis.

limber reads LANGUAGE, LC_ALL, LC_MESSAGES and LANG as gettext does. A
language that is not built in, the C locale and an empty LANGUAGE all give
the English that the other tests compare; a language whose catalog lacks
a text gives that text in English, so the help never comes out blank or
broken. The numbers of --json stay in the C locale's form whatever the
locale (a decimal comma would break the JSON).

usage: test_lang.py PATH-TO-LIMBER SOURCE-ROOT
"""
import json
import os
import re
import sys

import harness
from harness import expect, expect_eq, test

SRC = os.path.abspath(sys.argv[2])


class Home(harness.Home):
    PREFIX = "limber-lang-"
    ENV = {"TZ": "UTC"}


def built_in():
    """The languages po/LINGUAS builds into the program."""
    with open(os.path.join(SRC, "po", "LINGUAS"), encoding="utf-8") as f:
        return [w for line in f for w in line.split("#")[0].split()]


# Commands whose English output the other tests compare.
RUNS = [
    ("--help",),
    ("help", "plan"),
    ("check", "--list"),
    ("plan", "--pain", "3", "--area", "lower", "--minutes", "5"),
    ("stretches",),
    ("stats",),
]


# What else a person reads: a check's verdict, at each end of the scale.
VERDICTS = [
    ("check", "--pain", "3", "--area", "lower", "--yes", "knee-problem"),
    ("check", "--pain", "3", "--area", "lower", "--yes", "bladder-bowel"),
]

# A command's synopsis stays as it is typed, in every language.
SYNOPSIS = re.compile(r"^(limber( |$)|\[--)")


def worded_lines(text):
    """The lines of text with a word in them, stripped."""
    return [l.strip() for l in text.splitlines()
            if re.search(r"[^\W\d_]{3}", l)]


@test
def every_shipped_language_has_its_own_words():
    langs = built_in()
    for tag in ("de", "es", "fr", "pt_BR"):
        expect(tag in langs, "%s in po/LINGUAS: %s" % (tag, langs))
    for tag in langs:
        with Home() as h:
            for args in RUNS + VERDICTS:
                rc_en, english, err_en = h.run(*args, env=h.env(LANG="C"))
                rc, out, err = h.run(*args, env=h.env(LANGUAGE=tag))
                what = "limber %s with LANGUAGE=%s" % (" ".join(args), tag)
                expect_eq((rc, bool(err)), (rc_en, bool(err_en)), what)
                lines = worded_lines(out + err)
                expect(len(lines) >= len(worded_lines(english)) // 2,
                       "%s: %d lines of words:\n%s" % (what, len(lines), out))
                left = set(worded_lines(english + err_en))
                same = [l for l in lines
                        if l in left and not SYNOPSIS.match(l)]
                expect_eq(same, [], what + ": lines left in English")


@test
def unknown_language_and_c_locale_give_english():
    with Home() as h:
        for args in RUNS:
            want = h.run(*args, env=h.env(LANG="C"))
            for extra in ({"LANGUAGE": "xx"}, {"LANGUAGE": "xx_YY:zz"},
                          {"LANG": "C"}, {"LC_ALL": "C", "LANGUAGE": ""},
                          {"LANG": "xx_XX.UTF-8"}, {"LC_MESSAGES": "POSIX"}):
                got = h.run(*args, env=h.env(**extra))
                expect_eq(got, want, "limber %s with %s"
                          % (" ".join(args), extra))


@test
def usage_errors_in_an_unknown_language_are_english():
    with Home() as h:
        rc, out, err = h.run("plan", "--minutes", "x",
                             env=h.env(LANGUAGE="xx"))
        expect_eq((rc, err), (2, "limber: --minutes must be a whole "
                              "number from 1 to 120, not 'x'\n"))
        rc, out, err = h.run("nosuchcommand", env=h.env(LANGUAGE="xx"))
        expect_eq(rc, 2, err)
        expect_eq(err, "limber: unknown command 'nosuchcommand'; see "
                  "'limber --help'\n")


@test
def help_works_in_german():
    """German, as LANGUAGE, LANG or LC_ALL asks for it: the help lists every
    command and option as they are typed, in German words."""
    with Home() as h:
        english = h.ok("--help", env=h.env(LANG="C"))
        for env in ({"LANGUAGE": "de"}, {"LANG": "de_DE.UTF-8"},
                    {"LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de_AT:de"}):
            rc, out, err = h.run("--help", env=h.env(**env))
            expect_eq((rc, err), (0, ""), "limber --help with %s" % env)
            for word in ("limber COMMAND [options] [arguments]", "--help",
                         "--version", "--journal", "check", "plan",
                         "start", "history", "help"):
                expect(word in out, "%r in limber --help with %s:\n%s"
                       % (word, env, out))
            if "de" not in built_in():
                expect_eq(out, english, "limber --help with %s" % env)
            else:
                expect(out != english, "German help with %s" % env)
            rc, out, err = h.run("help", "plan", env=h.env(**env))
            expect_eq((rc, err), (0, ""), "limber help plan with %s" % env)
            expect("--minutes N" in out, out)


@test
def json_numbers_stay_c_in_any_locale():
    with Home() as h:
        want = h.ok("plan", "--pain", "3", "--area", "lower", "--json",
                    env=h.env(LANG="C"))
        for env in ({"LC_ALL": "de_DE.UTF-8"}, {"LANG": "fr_FR.UTF-8",
                                                 "LANGUAGE": "fr"}):
            got = h.ok("plan", "--pain", "3", "--area", "lower", "--json",
                       env=h.env(**env))
            expect_eq(numbers(json.loads(got)), numbers(json.loads(want)),
                      "the numbers of limber plan --json with %s" % env)
            if not [l for l in built_in() if l.startswith(("de", "fr"))]:
                expect_eq(got, want, "limber plan --json with %s" % env)


def numbers(value, path="$"):
    """Every number in a JSON value, by its path, and the keys."""
    if isinstance(value, dict):
        out = {path + ".keys": sorted(value)}
        for k, v in value.items():
            out.update(numbers(v, "%s.%s" % (path, k)))
        return out
    if isinstance(value, list):
        out = {path + ".len": len(value)}
        for i, v in enumerate(value):
            out.update(numbers(v, "%s[%d]" % (path, i)))
        return out
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {path: value}
    return {}


if __name__ == "__main__":
    sys.exit(harness.main("lang"))
