// app.js - the page's entry: a router over the address's #fragment.
//
// Four pages: Today (the check, the plan and the guided session),
// Stretches, History and Settings. Each page is a function that fills
// <main> and may return a function that stops what it started (the
// session's polling), called when another page is shown.

import { applySettings, settings, loading } from "./dom.js";
import { todayPage } from "./today.js";
import { stretchesPage, historyPage, settingsPage } from "./pages.js";
import { registerWorker } from "./offline.js";

const PAGES = {
  today: { title: "Today", show: todayPage },
  stretches: { title: "Stretches", show: stretchesPage },
  history: { title: "History", show: historyPage },
  settings: { title: "Settings", show: settingsPage },
};

let leave = null;

function route() {
  const name = (location.hash.replace(/^#\/?/, "") || "today").split("/")[0];
  const page = PAGES[name] || PAGES.today;
  const key = PAGES[name] ? name : "today";
  if (leave) { try { leave(); } catch (e) { /* ignore */ } }
  leave = null;
  for (const a of document.querySelectorAll("nav a")) {
    if (a.dataset.page === key) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.title = page.title + " · limber";
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
window.addEventListener("hashchange", () => {
  route();
  document.getElementById("main").focus({ preventScroll: true });
});
route();
