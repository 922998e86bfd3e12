// sw.js - the page's service worker: the page opens when the connection
// to `limber serve` is down (docs/api.md, "The page").
//
// It keeps a copy of the page's own files (the shell: the page, its
// scripts, styles and icons) in a cache named after this build's files,
// and answers with them only when the network fails. The server's answer
// always comes first when there is one: a new limber's files, or its
// page asking for the token, are never hidden behind an old copy. The
// API (/api/...) is never cached: the journal, the plan and the session
// are the server's, and a stale answer there would tell the person
// something untrue.
//
// The page's words in each language are files of their own,
// /i18n-TAG.json (i18n.js), so the copy kept is keyed by language: a page
// offline in German never gets French words for a German address. The
// page itself (/) is in English and puts its words in the language as it
// starts, so one copy serves every language.
//
// web/embed-ui.py fills in VERSION (a digest of every file of the page)
// and SHELL (their paths) as limber is built, so that a new limber is a
// new service worker with a new cache, and the old cache is removed.

const VERSION = "@VERSION@";
const SHELL = ["@SHELL@"];
const CACHE = "limber-shell-" + VERSION;

self.addEventListener("install", (ev) => {
  ev.waitUntil(caches.open(CACHE)
    .then((c) => c.addAll(SHELL.map((p) => new Request(p, { cache: "no-store" }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (ev) => {
  ev.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("limber-shell-") && k !== CACHE)
      .map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The cached copy of a request for the shell: a visit to the page (its
// address may carry ?token= or a #page) is the page itself.
async function cached(req, url) {
  const c = await caches.open(CACHE);
  if (req.mode === "navigate") return c.match("/");
  return c.match(url.pathname);
}

self.addEventListener("fetch", (ev) => {
  const req = ev.request;
  const url = new URL(req.url);
  // Left to the browser: other sites, changes, and the API.
  if (url.origin !== self.location.origin || req.method !== "GET" ||
      url.pathname.startsWith("/api/"))
    return;
  if (req.mode !== "navigate" && !SHELL.includes(url.pathname)) return;
  ev.respondWith(fetch(req).catch(async (err) => {
    const r = await cached(req, url);
    if (r) return r;
    throw err;
  }));
});
