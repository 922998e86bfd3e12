#!/usr/bin/env python3
"""The terminal speaks the language the environment asks for, and English
when it asks for one limber does not have (docs/i18n.md).

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
    """German may or may not be built in: either way the help lists every
    command and option, and where German is not built in it is the
    English."""
    with Home() as h:
        english = h.ok("--help", env=h.env(LANG="C"))
        for env in ({"LANGUAGE": "de"}, {"LANG": "de_DE.UTF-8"},
                    {"LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de_AT:de"}):
            rc, out, err = h.run("--help", env=h.env(**env))
            expect_eq((rc, err), (0, ""), "limber --help with %s" % env)
            for word in ("limber COMMAND [options] [arguments]", "--help",
                         "--version", "--journal PATH", "check", "plan",
                         "start", "history", "help"):
                expect(word in out, "%r in limber --help with %s:\n%s"
                       % (word, env, out))
            if "de" not in built_in():
                expect_eq(out, english, "limber --help with %s" % env)
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
            json.loads(got)
            if not [l for l in built_in() if l.startswith(("de", "fr"))]:
                expect_eq(got, want, "limber plan --json with %s" % env)


if __name__ == "__main__":
    sys.exit(harness.main("lang"))
