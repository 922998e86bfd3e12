#!/usr/bin/env python3
"""Write po/limber.pot: every text a person reads or hears, in English.

From three kinds of source, into one template:
  - the C sources (lib, cli, render, voice, web, util) and the page's
    scripts (web/ui/*.js), by xgettext, with the markers of util/i18n.h:
    _("..."), N_("..."), P_("one", "many", n), C_("context", "...") and
    NC_("context", "...");
  - the built-in stretch files (data/stretches/*.json): their names,
    positions, steps, cues, cautions, benefits and reasons
    (catalog_texts() below says which fields);
  - the page's HTML (web/ui/index.html): the text of each element that
    carries a data-i18n attribute.
The header carries no creation date, so the same sources always give the
same file: ./test.sh makes it again and fails when it differs from the
one in po/ (a text added without being extracted).
usage: make-pot.py SOURCE-ROOT OUT.pot
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

C_DIRS = ["lib", "cli", "render", "voice", "web", "util"]
KEYWORDS = ["-k_", "-kN_", "-kP_:1,2", "-kC_:1c,2", "-kNC_:1c,2"]

# The fields of a stretch file that a person reads or hears.
TEXT_FIELDS = ["name", "summary", "why", "position"]
LIST_FIELDS = ["cues", "cautions", "benefits"]


def po_quote(s):
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"%s"' % s


def catalog_texts(root):
    """(text, reference) for every person-facing text of the built-in
    stretch files, in file order."""
    out = []
    for path in sorted(glob.glob(os.path.join(root, "data/stretches/*.json"))):
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8") as f:
            st = json.load(f)

        def version(v):
            for k in TEXT_FIELDS:
                if isinstance(v.get(k), str):
                    out.append((v[k], rel))
            for k in LIST_FIELDS:
                for s in v.get(k, []):
                    out.append((s, rel))
            for step in v.get("steps", []):
                out.append((step["text"], rel))
            for sc in v.get("screening", []):
                if "why" in sc:
                    out.append((sc["why"], rel))
        version(st)
        for v in st.get("variants", []):
            version(v)
    return out


def html_texts(root):
    out = []
    path = os.path.join(root, "web/ui/index.html")
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        html = f.read()
    for m in re.finditer(r"<([a-z0-9]+)[^>]*\bdata-i18n\b[^>]*>(.*?)</\1>",
                         html, re.S):
        text = " ".join(m.group(2).split())
        if text:
            out.append((text, "web/ui/index.html"))
    return out


def main():
    root, out = sys.argv[1], sys.argv[2]
    sources = []
    for d in C_DIRS:
        for ext in ("c", "h"):
            sources += glob.glob(os.path.join(root, d, "*." + ext))
    sources += glob.glob(os.path.join(root, "web/ui/*.js"))
    sources = sorted(os.path.relpath(p, root) for p in sources)
    with tempfile.TemporaryDirectory() as tmp:
        code = os.path.join(tmp, "code.pot")
        subprocess.run(["xgettext", "--from-code=UTF-8", "--package-name=limber",
                        "--add-comments=TRANSLATORS:", "--no-wrap",
                        "--sort-by-file", "--force-po",
                        "-o", code] + KEYWORDS + sources,
                       cwd=root, check=True)
        # The catalog's and the page's texts, as a .po of their own, joined
        # by msgcat so that a text in two places is one entry.
        extra = os.path.join(tmp, "extra.pot")
        seen = {}
        for text, ref in catalog_texts(root) + html_texts(root):
            seen.setdefault(text, [])
            if ref not in seen[text]:
                seen[text].append(ref)
        with open(extra, "w", encoding="utf-8") as f:
            f.write('msgid ""\nmsgstr ""\n'
                    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
            for text, refs in seen.items():
                f.write("#: %s\n" % " ".join(refs))
                if "%" in text:
                    f.write("#, no-c-format\n")
                f.write("msgid %s\nmsgstr \"\"\n\n" % po_quote(text))
        joined = os.path.join(tmp, "joined.pot")
        subprocess.run(["msgcat", "--no-wrap", "--use-first", "-o", joined,
                        code, extra], check=True)
        with open(joined, encoding="utf-8") as f:
            pot = f.read()
    # No date, and a fixed first comment: the same sources give the same file.
    pot = re.sub(r'"POT-Creation-Date: [^"]*\\n"\n', "", pot)
    pot = re.sub(r"^# SOME DESCRIPTIVE TITLE\.\n(#.*\n)*",
                 "# The texts of limber, in English: the template of every "
                 "po/LANG.po.\n# Made by po/make-pot.py; docs/i18n.md says "
                 "how to add a language.\n#\n#, fuzzy\n", pot)
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        f.write(pot)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
