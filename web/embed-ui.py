#!/usr/bin/env python3
"""Write a C file holding the page's files as web_files[].

Byte arrays rather than string literals, as data/embed.py does: ISO C only
promises string literals of 4095 characters. Each file is served at
/NAME with a Content-Type from its extension.

The service worker, sw.js, is filled in here: VERSION becomes a digest of
every other file, so that a limber whose page changed brings a new service
worker and a new cache, and SHELL the paths it keeps for when the network
is down (the page at /, each file but itself). The manifest's icons are
those built: without cairo no PNG is made (web/meson.build), and the
manifest names only the SVG.

The page's words in each language of po/LINGUAS (web/ui/i18n.js): every
po/LANG.po given becomes /i18n-TAG.json, holding only the texts the page
shows (the entries whose references name web/ui/) with the language's
Plural-Forms expression, and i18n.js is told which languages there are
(their tag, BCP 47 tag, own name and direction, from the .po header).
Each language has an address of its own, so that no cache, the service
worker's included, can give one language's words for another's.
usage: embed-ui.py OUT.c FILE... [--po po/LINGUAS po/LANG.po...]
"""
import hashlib
import json
import os
import sys

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".png": "image/png",
    ".json": "application/json",
}

WORKER = "sw.js"
MANIFEST = "limber.webmanifest"
I18N = "i18n.js"


def po_entries(path):
    """The entries of a .po file: dicts of refs, flags, ctxt, id, plural
    and strs (msgstr, or msgstr[N] in order)."""
    entries, cur, field = [], None, None

    def unquote(s):
        return json.loads(s)

    def flush():
        if cur is not None and "id" in cur:
            entries.append(cur)

    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line in lines + [""]:
        line = line.strip()
        if not line:
            flush()
            cur, field = None, None
            continue
        if cur is None:
            cur = {"refs": [], "flags": [], "strs": {}}
        if line.startswith("#~"):
            cur["obsolete"] = True
        elif line.startswith("#:"):
            cur["refs"] += line[2:].split()
        elif line.startswith("#,"):
            cur["flags"] += [x.strip() for x in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field is None:
                sys.exit("embed-ui.py: %s: a string outside an entry" % path)
            if isinstance(field, int):
                cur["strs"][field] += unquote(line)
            else:
                cur[field] += unquote(line)
        else:
            key, _, rest = line.partition(" ")
            if key.startswith("msgstr["):
                field = int(key[7:-1])
                cur["strs"][field] = unquote(rest)
            elif key == "msgstr":
                field = 0
                cur["strs"][0] = unquote(rest)
            elif key in ("msgctxt", "msgid", "msgid_plural"):
                field = {"msgctxt": "ctxt", "msgid": "id",
                         "msgid_plural": "plural"}[key]
                cur[field] = unquote(rest)
            else:
                sys.exit("embed-ui.py: %s: cannot read %r" % (path, line))
    return entries


def page_language(path):
    """(description, JSON) of one language for the page."""
    entries = po_entries(path)
    head = {}
    for e in entries:
        if e["id"] == "" and "ctxt" not in e:
            for line in e["strs"].get(0, "").split("\n"):
                k, sep, v = line.partition(":")
                if sep:
                    head[k.strip()] = v.strip()
    tag = head.get("Language") or os.path.splitext(os.path.basename(path))[0]
    plural = "n != 1"
    pf = head.get("Plural-Forms", "")
    if "plural=" in pf:
        plural = pf.split("plural=", 1)[1].strip().rstrip(";").strip()
    texts = {}
    for e in entries:
        if (e["id"] == "" or e.get("obsolete") or "fuzzy" in e["flags"]
                or not any(r.startswith("web/ui/") for r in e["refs"])):
            continue
        key = e["id"]
        if "plural" in e:
            key += "\0" + e["plural"]
            forms = [e["strs"][k] for k in sorted(e["strs"])]
            if not all(forms):
                continue
            value = forms
        else:
            value = e["strs"].get(0, "")
            if not value:
                continue
        if "ctxt" in e:
            key = e["ctxt"] + "\x04" + key
        texts[key] = value
    desc = {"tag": tag, "bcp47": tag.replace("_", "-").split("@")[0],
            "name": head.get("X-Limber-Name", tag),
            "rtl": head.get("X-Limber-Direction", "").lower() == "rtl"}
    data = dict(desc, plural=plural, texts=texts)
    return desc, json.dumps(data, ensure_ascii=False, sort_keys=True,
                            separators=(",", ":")).encode()


def languages(linguas, pos):
    """The languages of LINGUAS, each from its .po among pos."""
    by_name = {os.path.splitext(os.path.basename(p))[0]: p for p in pos}
    out = []
    with open(linguas, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            for name in line.split():
                if name not in by_name:
                    sys.exit("embed-ui.py: LINGUAS names %s, and no %s.po "
                             "was given" % (name, name))
                out.append(page_language(by_name[name]))
    return out


def fill_i18n(text, langs):
    """i18n.js told which languages there are."""
    mark = "[/* @LANGS@ */]"
    if text.count(mark) != 1:
        sys.exit("embed-ui.py: %s needs %s once" % (I18N, mark))
    return text.replace(mark, json.dumps([d for d, _ in langs],
                                         ensure_ascii=False))


def fill_worker(text, names, contents):
    """sw.js with its VERSION and SHELL put in."""
    digest = hashlib.sha256()
    names = sorted(names)  # the languages' files come after the rest
    for name in names:
        if name != WORKER:
            digest.update(name.encode() + b"\0" + contents[name] + b"\0")
    shell = ["/"] + ["/" + n for n in names
                     if n not in (WORKER, "index.html")]
    for mark, value in (('"@VERSION@"', json.dumps(digest.hexdigest()[:16])),
                        ('["@SHELL@"]', json.dumps(shell))):
        if text.count(mark) != 1:
            sys.exit("embed-ui.py: %s needs %s once" % (WORKER, mark))
        text = text.replace(mark, value)
    return text


def fill_manifest(text, names):
    """The manifest, naming only the icons there are."""
    m = json.loads(text)
    m["icons"] = [i for i in m.get("icons", []) if i["src"][1:] in names]
    return json.dumps(m, indent=1) + "\n"


def main():
    args = sys.argv[2:]
    langs = []
    if "--po" in args:
        k = args.index("--po")
        langs = languages(args[k + 1], args[k + 2:])
        args = args[:k]
    out, files = sys.argv[1], sorted(args, key=os.path.basename)
    lines = ['/* Generated by web/embed-ui.py from web/ui/; do not edit. */',
             '#define LIMBER_WEB_INTERNAL',
             '#include "web.h"', '']
    names = [os.path.basename(p) for p in files]
    contents = {}
    for path in files:
        with open(path, 'rb') as f:
            contents[os.path.basename(path)] = f.read()
    for desc, data in langs:
        name = "i18n-%s.json" % desc["tag"]
        names.append(name)
        files.append(name)
        contents[name] = data
    if I18N in contents:
        contents[I18N] = fill_i18n(contents[I18N].decode(), langs).encode()
    # The manifest first: the worker's digest is of the files as served.
    if MANIFEST in contents:
        contents[MANIFEST] = fill_manifest(contents[MANIFEST].decode(),
                                           names).encode()
    if WORKER in contents:
        contents[WORKER] = fill_worker(contents[WORKER].decode(), names,
                                       contents).encode()
    for i, path in enumerate(files):
        data = contents[os.path.basename(path)]
        lines.append('static const unsigned char file%d[] = {' % i)
        for off in range(0, len(data), 16):
            lines.append('\t' + ', '.join('0x%02x' % b for b in data[off:off + 16]) + ',')
        lines.append('\t0x00,')
        lines.append('};')
    lines.append('')
    lines.append('const struct web_file web_files[] = {')
    for i, path in enumerate(files):
        name = os.path.basename(path)
        ctype = TYPES[os.path.splitext(name)[1]]
        lines.append('\t{ "/%s", "%s", file%d, sizeof file%d - 1 },'
                     % (name, ctype, i, i))
    lines.append('};')
    lines.append('const size_t web_nfiles = %d;' % len(files))
    with open(out + '.tmp', 'w') as f:
        f.write('\n'.join(lines) + '\n')
    os.replace(out + '.tmp', out)


main()
