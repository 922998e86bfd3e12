// dom.js - what every page shares: building elements, speaking to screen
// readers, the settings kept in this browser, the server's API.
//
// Text from the server (the catalog, the engine's cues) is always set as
// text, never parsed as HTML: h() takes strings as text nodes.

import { _, N_, fmt, locale, dateTime } from "./i18n.js";

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  add(el, children);
  return el;
}

function add(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) add(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// Replace what an element holds.
export function fill(el, ...children) {
  el.replaceChildren();
  add(el, children);
  return el;
}

// Say something to screen readers: politely, or at once (urgent).
export function announce(text, urgent = false) {
  const el = document.getElementById(urgent ? "alert" : "announce");
  if (!el) return;
  // A change of text is what a live region announces; clear first so
  // that the same words twice are said twice.
  el.textContent = "";
  window.setTimeout(() => { el.textContent = text; }, 30);
}

// ------------------------------------------------------------ the API

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || fmt(_("the server answered %s"), status));
    this.status = status;
    this.body = body || {};
    this.code = this.body.error || "http-" + status;
  }
}

export async function api(path, options = {}) {
  // The page's language, so that the server's words (questions, the
  // plan's reasons, cues) come in it too.
  const opts = { method: options.method || "GET", headers: { "Accept-Language": locale() },
    credentials: "same-origin", cache: "no-store" };
  if (options.body !== undefined) {
    opts.method = options.method || "POST";
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(options.body);
  }
  if (options.signal) opts.signal = options.signal;
  const r = await fetch(path, opts);
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

// ------------------------------------------------------------ settings

const KEY = "limber.settings";
const DEFAULTS = {
  voice: true,          // speak the cues
  sounds: true,         // a tone as each step begins
  rate: 1,              // speech rate
  minutes: 10,
  context: "general",
  sport: "none",        // the sport a workout's cool-down is for
  no: [],               // floor, kneeling, lying
  large: false,         // larger text
  emergency: "112",     // the local emergency number (docs/safety.md)
  lang: "",             // the page's language (i18n.js): "" for the browser's
};

// The emergency number a call button dials: digits, with + * # allowed.
export function emergencyNumber() {
  const n = String(settings().emergency || "").replace(/[\s-]/g, "");
  return /^[0-9+*#]{2,15}$/.test(n) ? n : DEFAULTS.emergency;
}

// A double tap must not answer two questions: the answer buttons of a
// screen just shown take no tap for a moment, and look it (docs/api.md, "The page").
export const SETTLE_MS = 500;

export function settle(...buttons) {
  const list = buttons.flat();
  for (const b of list) { b.disabled = true; b.classList.add("settling"); }
  window.setTimeout(() => {
    for (const b of list) {
      b.classList.remove("settling");
      // A press already sent waits for its answer (pending below).
      if (b.getAttribute("aria-busy") !== "true") b.disabled = false;
    }
  }, SETTLE_MS);
  return list;
}

// A button whose press has gone to the server, until the answer: it
// takes no second press, says so to screen readers (aria-busy), and its
// words say what is happening ("Sending…"), since on a slow link the
// answer can take seconds. others: buttons that must wait with it (the
// other answer of a question). Returns done(), which puts them back.
export function pending(button, words, others = []) {
  const was = button.textContent;
  const all = [button, ...others];
  const before = all.map((b) => b.disabled);
  button.setAttribute("aria-busy", "true");
  button.classList.add("pending");
  for (const b of all) b.disabled = true;
  if (words) button.textContent = words;
  return () => {
    button.removeAttribute("aria-busy");
    button.classList.remove("pending");
    if (words && button.textContent === words) button.textContent = was;
    all.forEach((b, i) => { b.disabled = before[i]; });
  };
}

// What <main> shows while a page's first answer is on its way: never a
// blank page, and said to screen readers once (role="status").
export function loading(main, words = _("Loading…")) {
  // The screen's heading until the answer comes: a page always has one.
  return fill(main, h("h1", { class: "loading" }, h("span", { role: "status" }, words)));
}

export function settings() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
    return Object.assign({}, DEFAULTS, saved);
  } catch (e) {
    return Object.assign({}, DEFAULTS);
  }
}

export function saveSettings(s) {
  try { window.localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* private mode */ }
  applySettings(s);
}

export function applySettings(s) {
  document.documentElement.classList.toggle("large", !!s.large);
}

// ------------------------------------------------------------ words

// The sports a workout's cool-down can be for (limber plan --sport).
// (Their words are translated where they are shown: _(t).)
export const SPORTS = [["none", N_("None in particular")], ["running", N_("Running")],
  ["cycling", N_("Cycling")], ["lifting", N_("Lifting weights")], ["racket", N_("Racket sports")]];

// Read in the page's language each time (getters), as the language can
// change while the page is open.
export const AREA_WORDS = {
  /* TRANSLATORS: where pain is, read in "You have %s pain". */
  get upper() { return _("neck and upper back"); },
  get lower() { return _("lower back"); },
  get both() { return _("neck, upper and lower back"); },
};

export const LEVEL_WORDS = {
  get go() { return _("Go: stretching is fine today"); },
  get caution() { return _("Caution: stretching is fine, with some changes"); },
  get "see-clinician"() { return _("See a doctor or physiotherapist before stretching"); },
  get urgent() { return _("See a doctor today"); },
  get emergency() { return _("Call your local emergency number now"); },
};

export function mmss(seconds) {
  seconds = Math.max(0, Math.round(seconds));
  return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
}

export function localTime(iso) {
  const d = new Date(iso);
  return dateTime(d, { dateStyle: "medium", timeStyle: "short" });
}

export function figureUrl(stretch, step, side, variant) {
  let u = "/api/stretches/" + encodeURIComponent(stretch) + "/figure?step=" + step;
  if (side === 2) u += "&side=2";
  if (variant) u += "&variant=" + encodeURIComponent(variant);
  return u;
}

export function reducedMotion() {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

// The server does not know this browser's token: it was started with a
// new one (a restart with --new-token, or a new --lan code), or the
// address is an old one. The same words as the page server.c gives a
// browser opening the address (token_html).
export const TOKEN_WORDS = [N_("limber was started again with a new code, or this address is an old one, " +
  "so this page cannot reach your journal. Nothing in your journal is lost."),
N_("On a phone, scan the new QR code that limber serve shows. On the computer, open the address " +
  "limber serve printed: it ends in ?token= and a long code.")];

export function tokenError(err) {
  return err instanceof ApiError && err.code === "token-required";
}

// An error as a message box.
export function errorBox(err) {
  if (tokenError(err))
    return h("div", { class: "notice token-lost", role: "alert" },
      TOKEN_WORDS.map((t) => h("p", null, _(t))));
  const msg = err instanceof ApiError ? err.message :
    _("The server cannot be reached. Is 'limber serve' still running?");
  return h("div", { class: "notice bad", role: "alert" }, msg);
}

// An error that takes the whole page, under the page's name as its
// heading: a page always has one, for those who move by headings.
export function errorPage(main, title, err, ...more) {
  return fill(main, h("h1", null, title), errorBox(err), ...more);
}
