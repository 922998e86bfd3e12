// app.js - the page's entry: a router over the address's #fragment.
//
// Four pages: Today (the check, the plan and the guided session),
// Stretches, History and Settings. Each page is a function that fills
// <main> and may return a function that stops what it started (the
// session's polling), called when another page is shown.
//
// #/start?area=upper&context=desk&minutes=5 is Today with that routine
// chosen in advance (`limber serve --open` from a reminder's "Start
// now"): the safety questions still come first, as for every session.

import { applySettings, settings, loading } from "./dom.js";
import { todayPage, wantRoutine } from "./today.js";
import { stretchesPage, historyPage, settingsPage } from "./pages.js";
import { registerWorker } from "./offline.js";
import { _, N_, fmt, useLanguage, language } from "./i18n.js";

const PAGES = {
  today: { title: N_("Today"), show: todayPage },
  stretches: { title: N_("Stretches"), show: stretchesPage },
  history: { title: N_("History"), show: historyPage },
  settings: { title: N_("Settings"), show: settingsPage },
};

let leave = null;

function route() {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  let name = (path || "today").split("/")[0];
  if (name === "start") {
    wantRoutine(new URLSearchParams(query || ""));
    // Taken once: a reload or Back is Today as usual.
    history.replaceState(null, "", location.pathname + location.search + "#/today");
    name = "today";
  }
  const page = PAGES[name] || PAGES.today;
  const key = PAGES[name] ? name : "today";
  if (leave) { try { leave(); } catch (e) { /* ignore */ } }
  leave = null;
  for (const a of document.querySelectorAll("nav a")) {
    if (a.dataset.page === key) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  /* TRANSLATORS: the browser tab's title: the page's name, and limber. */
  document.title = fmt(_("%s · limber"), _(page.title));
  const main = document.getElementById("main");
  // Never a blank page while the page's first answer is on its way.
  loading(main);
  document.body.dataset.page = key;
  const r = page.show(main);
  Promise.resolve(r).then((stop) => { if (typeof stop === "function") leave = stop; });
}

// The token leaves the address bar once its cookie is set (server.c).
if (new URLSearchParams(location.search).has("token"))
  history.replaceState(null, "", location.pathname + location.hash);
// --lan's addresses end in #ca= and the SHA-256 of limber's certificate
// authority (cmd-serve.c), to compare with what the phone showed when it
// trusted it: kept for Settings to show, and out of the router's way.
const ca = /^#ca=([0-9A-Fa-f]{64})$/.exec(location.hash);
if (ca) {
  try { localStorage.setItem("limber-ca", ca[1].toUpperCase()); } catch (e) { /* not kept: not shown */ }
  history.replaceState(null, "", location.pathname + location.search);
}

applySettings(settings());
registerWorker();
// The page's language (i18n.js) before its first words: English at once,
// another language once its texts have come. Settings shows the page
// again when the language is changed there (the listener below).
useLanguage(settings().lang).catch(() => null).then(() => {
  const nav = document.querySelector("header nav");
  if (nav) nav.setAttribute("aria-label", _("Pages"));
  window.addEventListener("hashchange", () => {
    route();
    document.getElementById("main").focus({ preventScroll: true });
  });
  // Settings' language changed: the page again in the new one, with the
  // focus back on the choice.
  window.addEventListener("limber-language", () => {
    const was = language();
    useLanguage(settings().lang).catch(() => null).then(() => {
      if (language() === was) return;
      if (nav) nav.setAttribute("aria-label", _("Pages"));
      route();
      const select = document.querySelector('select[name="lang"]');
      if (select) select.focus();
    });
  });
  route();
});
