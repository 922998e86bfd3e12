#!/usr/bin/env python3
"""The languages' files, as TAP: po/limber.pot is what the sources give
today (a text added to the C, the page or a stretch file without making
the template again fails here), and every language in po/LINGUAS
translates every text of it, none fuzzy, with the same printf
conversions, and names itself, its voice and its plural forms.
usage: test_po.py SOURCE-ROOT
"""
import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
po_dir = os.path.join(root, "po")
results = []


def case(name, ok, why=""):
    results.append((name, ok, why))


def unquote(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_po(path):
    """{(msgctxt, msgid): entry} with entry = {"plural", "strs", "fuzzy",
    "flags"}; the header is the entry of ("", "")."""
    entries = {}
    cur = None
    field = None

    def finish():
        if cur is not None and "msgid" in cur and not cur.get("obsolete"):
            entries[(cur.get("msgctxt"), cur["msgid"])] = cur

    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line in lines + [""]:
        if line.startswith("#~"):
            if cur is not None:
                cur["obsolete"] = True
            continue
        if line.strip() == "":
            finish()
            cur, field = None, None
            continue
        if cur is None:
            cur = {"strs": {}, "flags": set()}
        if line.startswith("#,"):
            cur["flags"] |= {x.strip() for x in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$', line)
        if m:
            key = m.group(1)
            if key.startswith("msgstr"):
                field = ("strs", int(m.group(2) or 0))
                cur["strs"][field[1]] = unquote(m.group(3))
            else:
                field = (key, None)
                cur[key] = unquote(m.group(3))
            continue
        m = re.match(r'^"(.*)"$', line)
        if m and field is not None:
            if field[0] == "strs":
                cur["strs"][field[1]] += unquote(m.group(1))
            else:
                cur[field[0]] += unquote(m.group(1))
    return entries


CONV = re.compile(r"%(?:\d+\$)?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                  r"(?:hh|h|ll|l|j|z|t|L)?[diouxXeEfgGcspn%]")


def conversions(s):
    return sorted(c for c in CONV.findall(s) if c != "%%")


# 1. The template is current.
pot = os.path.join(po_dir, "limber.pot")
with tempfile.TemporaryDirectory() as tmp:
    fresh = os.path.join(tmp, "limber.pot")
    subprocess.run([sys.executable, os.path.join(po_dir, "make-pot.py"),
                    root, fresh], check=True)
    want = read_po(fresh)
have = read_po(pot) if os.path.exists(pot) else {}
added = [k for k in want if k not in have]
gone = [k for k in have if k not in want]
case("po/limber.pot holds every text of the sources, and no other",
     not added and not gone,
     "not in po/limber.pot: %r; no longer in the sources: %r; make it "
     "again with `ninja -C build pot` (docs/i18n.md)"
     % ([k[1] for k in added[:5]], [k[1] for k in gone[:5]]))

# 2. Every language is complete.
with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as f:
    langs = [x.strip() for x in f if x.strip() and not x.startswith("#")]
for lang in langs:
    path = os.path.join(po_dir, lang + ".po")
    if not os.path.exists(path):
        case("%s: po/%s.po exists" % (lang, lang), False, "missing")
        continue
    po = read_po(path)
    header = po.get((None, ""), {"strs": {0: ""}})["strs"].get(0, "")
    for field in ("Language", "Plural-Forms", "X-Limber-Name",
                  "X-Limber-Voice"):
        m = re.search(r"^%s:\s*(\S.*)$" % field, header, re.M)
        case("%s: the header names its %s" % (lang, field), m is not None,
             "no %s: line in po/%s.po's header" % (field, lang))
    m = re.search(r"nplurals\s*=\s*(\d+)", header)
    nplurals = int(m.group(1)) if m else 2
    missing, fuzzy, badconv = [], [], []
    for key, e in want.items():
        if key == (None, ""):
            continue
        t = po.get(key)
        if t is None or not all(t["strs"].get(i, "") for i in
                                (range(nplurals) if "msgid_plural" in e
                                 else [0])):
            missing.append(key[1])
            continue
        if "fuzzy" in t["flags"]:
            fuzzy.append(key[1])
            continue
        if "no-c-format" in e["flags"] or "c-format" not in e["flags"]:
            continue
        wants = conversions(e["msgid"])
        for i, s in t["strs"].items():
            plural_ok = "msgid_plural" in e and \
                conversions(s) == conversions(e["msgid_plural"])
            # A singular form may leave out the number ("one session").
            drop_ok = "msgid_plural" in e and \
                set(conversions(s)) <= set(wants)
            if conversions(s) != wants and not plural_ok and not drop_ok:
                badconv.append(key[1])
    case("%s: every text translated" % lang, not missing,
         "%d untranslated, first: %r" % (len(missing), missing[:3]))
    case("%s: no translation marked fuzzy" % lang, not fuzzy,
         "%d fuzzy, first: %r" % (len(fuzzy), fuzzy[:3]))
    case("%s: the same printf conversions as the English" % lang,
         not badconv, "%d differ, first: %r" % (len(badconv), badconv[:3]))
    r = subprocess.run(["msgfmt", "--check", "-o", os.devnull, path],
                       capture_output=True, text=True)
    case("%s: msgfmt --check passes" % lang, r.returncode == 0,
         r.stderr.strip()[:500])

print("1..%d" % len(results))
for i, (name, ok, why) in enumerate(results, 1):
    print("%sok %d - %s" % ("" if ok else "not ", i, name))
    if not ok:
        print("# " + why.replace("\n", "\n# "))
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
