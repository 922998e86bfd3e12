// i18n.js - the page's words in the person's language.
//
// The page's texts are written in English in its scripts and marked as
// the C sources' are (util/i18n.h): _("...") for a text, P_("one", "many",
// n) for words that depend on a number, C_("context", "...") when the same
// English needs two translations. po/make-pot.py extracts them with the
// C sources' into po/limber.pot, and web/embed-ui.py turns each language
// of po/LINGUAS into /i18n-TAG.json: only the page's texts (those whose
// references name web/ui/), the language's Plural-Forms expression, its
// BCP 47 tag, its own name and its direction.
//
// The language is the one picked in Settings, else the first of the
// browser's (navigator.languages) that limber speaks, else English. Every
// request to the API says it (Accept-Language, dom.js api()), so that the
// server's texts (questions, the plan's reasons, cues) come in the same
// language. A text with no translation is given in English, as the
// program does.

// The languages built in besides English: web/embed-ui.py fills in
// [{tag, bcp47, name, rtl}] from po/LINGUAS as limber is built.
const SHIPPED = [/* @LANGS@ */];

export const ENGLISH = { tag: "en", bcp47: "en", name: "English", rtl: false };

let lang = ENGLISH;
let texts = {};
let plural = (n) => (n !== 1 ? 1 : 0);

// The languages the page can speak: English, then those built in.
export function shippedLanguages() {
  return [ENGLISH].concat(SHIPPED);
}

// The language the page speaks now ({tag, bcp47, name, rtl}).
export function language() {
  return lang;
}

// Its BCP 47 tag, for Accept-Language, <html lang> and Intl.
export function locale() {
  return lang.bcp47;
}

export function _(s) {
  const t = texts[s];
  return typeof t === "string" && t ? t : s;
}

// Marks a text for extraction where it sits in a table; translate it
// with _() where it is used.
export function N_(s) {
  return s;
}

export function P_(one, many, n) {
  const t = texts[one + "\u0000" + many];
  if (Array.isArray(t)) {
    const k = plural(n);
    if (typeof t[k] === "string" && t[k]) return t[k];
  }
  return n === 1 ? one : many;
}

export function C_(ctx, s) {
  const t = texts[ctx + "\u0004" + s];
  return typeof t === "string" && t ? t : s;
}

// A format's %s, %d and %1$s filled in from args, in the translation's
// order: "%s on the left side".
export function fmt(s, ...args) {
  let k = 0;
  return s.replace(/%(?:(\d+)\$)?([sd%])/g, (m, pos, c) => {
    if (c === "%") return "%";
    const v = args[pos ? Number(pos) - 1 : k++];
    return c === "d" && typeof v === "number" ? number(v) : String(v);
  });
}

// Numbers and dates as the language writes them.
export function number(n, options) {
  try { return new Intl.NumberFormat(lang.bcp47, options).format(n); } catch (e) { return String(n); }
}

export function dateTime(d, options) {
  try { return new Intl.DateTimeFormat(lang.bcp47, options).format(d); } catch (e) { return d.toString(); }
}

// ------------------------------------------------------------ Plural-Forms

// A Plural-Forms expression ("n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2")
// read into a function of n by a small parser of C's operators, since
// the page's Content-Security-Policy allows no eval(). null when it
// cannot be read.
export function pluralFunction(expr) {
  const toks = String(expr).match(/\s*(\d+|n|\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()])/g);
  if (!toks || toks.join("").replace(/\s/g, "") !== String(expr).replace(/\s/g, "")) return null;
  const t = toks.map((x) => x.trim());
  let i = 0;
  const peek = () => t[i];
  const take = (x) => { if (t[i] !== x) throw new Error("plural"); i++; };
  const BIN = [["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"]];
  const OPS = {
    "||": (a, b) => (a || b ? 1 : 0), "&&": (a, b) => (a && b ? 1 : 0),
    "==": (a, b) => (a === b ? 1 : 0), "!=": (a, b) => (a !== b ? 1 : 0),
    "<": (a, b) => (a < b ? 1 : 0), ">": (a, b) => (a > b ? 1 : 0),
    "<=": (a, b) => (a <= b ? 1 : 0), ">=": (a, b) => (a >= b ? 1 : 0),
    "+": (a, b) => a + b, "-": (a, b) => a - b, "*": (a, b) => a * b,
    "/": (a, b) => (b ? Math.trunc(a / b) : 0), "%": (a, b) => (b ? a % b : 0),
  };
  function unary() {
    const x = peek();
    if (x === "!") { i++; const f = unary(); return (n) => (f(n) ? 0 : 1); }
    if (x === "(") { i++; const f = cond(); take(")"); return f; }
    if (x === "n") { i++; return (n) => n; }
    if (/^\d+$/.test(x || "")) { i++; const v = Number(x); return () => v; }
    throw new Error("plural");
  }
  function binary(level) {
    if (level === BIN.length) return unary();
    let f = binary(level + 1);
    while (BIN[level].includes(peek())) {
      const op = OPS[t[i++]], a = f, b = binary(level + 1);
      f = (n) => op(a(n), b(n));
    }
    return f;
  }
  function cond() {
    const c = binary(0);
    if (peek() !== "?") return c;
    i++;
    const a = cond();
    take(":");
    const b = cond();
    return (n) => (c(n) ? a(n) : b(n));
  }
  try {
    const f = cond();
    return i === t.length ? f : null;
  } catch (e) {
    return null;
  }
}

// ------------------------------------------------------------ choosing

// The shipped language that best serves a list of BCP 47 wishes: the
// same tag, else the same language ("de-AT" takes "de", "pt" the first
// "pt-*"), else null.
export function pickLanguage(wishes, langs = SHIPPED) {
  for (const w of wishes) {
    const want = String(w || "").toLowerCase().replace(/_/g, "-");
    if (!want) continue;
    if (want === "en" || want.startsWith("en-")) return ENGLISH;
    const same = langs.find((l) => l.bcp47.toLowerCase() === want || l.tag.toLowerCase() === want);
    if (same) return same;
    const base = want.split("-")[0];
    const near = langs.find((l) => l.bcp47.toLowerCase().split("-")[0] === base);
    if (near) return near;
  }
  return null;
}

// Choose the language (chosen: the tag picked in Settings, or "" for the
// browser's), fetch its texts and mark the document with it. English
// needs nothing fetched; a language whose texts cannot be had is English.
export async function useLanguage(chosen) {
  const wishes = (chosen ? [chosen] : []).concat(navigator.languages || [navigator.language]);
  let next = pickLanguage(wishes) || ENGLISH;
  let table = {};
  let pl = (n) => (n !== 1 ? 1 : 0);
  if (next !== ENGLISH) {
    try {
      const r = await fetch("/i18n-" + next.tag + ".json", { credentials: "same-origin" });
      if (!r.ok) throw new Error(String(r.status));
      const j = await r.json();
      table = j.texts || {};
      const f = pluralFunction(j.plural || "n != 1");
      if (f) pl = (n) => Number(f(Math.abs(Math.trunc(n))));
    } catch (e) {
      next = ENGLISH;
      table = {};
    }
  }
  lang = next;
  texts = table;
  plural = pl;
  document.documentElement.lang = lang.bcp47;
  document.documentElement.dir = lang.rtl ? "rtl" : "ltr";
  translateDocument(document);
  return lang;
}

// The page's own HTML (index.html): each element with data-i18n keeps
// its English text there and shows it in the language.
export function translateDocument(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    if (!el.dataset.i18nEn) el.dataset.i18nEn = el.textContent.replace(/\s+/g, " ").trim();
    el.textContent = _(el.dataset.i18nEn);
  }
}
