// pages.js - the Stretches, History and Settings pages.
//
// Stretches shows the catalog in full, each stretch with its figure moving
// through its steps (a still figure when the system asks for less
// motion). History draws pain before and after each session over time as
// a chart, with the same numbers in a table for screen readers, and lists
// the sessions. Settings are kept in this browser only.

import { h, fill, api, errorBox, errorPage, settings, saveSettings, AREA_WORDS, SPORTS, pending,
  localTime, figureUrl, reducedMotion, announce } from "./dom.js";
import { speak, voiceRate } from "./session.js";
import { _, P_, fmt, number, dateTime, language, locale, shippedLanguages } from "./i18n.js";

// ------------------------------------------------------------ stretches

function list(title, items) {
  if (!items || !items.length) return null;
  return h("div", null, h("h3", null, title), h("ul", null, items.map((x) => h("li", null, x))));
}

function steps(st, variant) {
  const src = variant ? variant.steps : st.steps;
  return h("ol", { class: "steps" }, src.map((s, i) => h("li", null,
    st.figures ? h("img", { class: "stepfig", loading: "lazy", width: 160, height: 120, alt: "",
      src: figureUrl(st.id, i, 1, variant && variant.id) }) : null,
    h("span", null, s.text, s.hold ? " (" + _("the hold") + ")" :
      /* TRANSLATORS: a step's length in seconds, shortened. */
      s.seconds ? " (" + fmt(_("%d s"), s.seconds) + ")" : ""))));
}

function stretchCard(st) {
  const anim = "/api/stretches/" + encodeURIComponent(st.id) + "/animation";
  const fig = st.figures ? h("img", { class: "fig", width: 480, height: 360,
    alt: fmt(_("Figure of %s, moving through its steps"), st.name),
    src: reducedMotion() ? figureUrl(st.id, 0, 1) : anim }) :
    h("p", { class: "nofig" }, _("No figure for this stretch."));
  const d = st.dose;
  return h("article", { class: "card stretch", id: "stretch-" + st.id },
    h("h2", null, st.name),
    h("p", { class: "summary" }, st.summary),
    h("figure", { class: "figure" }, fig),
    h("p", null, h("strong", null, _("For:") + " "), st.areas.map((a) => AREA_WORDS[a] || a).join(" " + _("and") + " "),
      ". ", h("strong", null, _("Position:") + " "), st.position, ".",
      st.sides ? " " + _("Done on each side.") : ""),
    h("p", null, h("strong", null, _("Dose:") + " "),
      /* TRANSLATORS: a stretch's dose: "start with 2 times, holding 20 seconds (from 10 to 30 as you progress)." */
      fmt(P_("start with once", "start with %d times", d.reps.start), d.reps.start) + ", " +
      fmt(P_("holding %d second", "holding %d seconds", d.hold_s.start), d.hold_s.start) + " " +
      fmt(_("(from %d to %d as you progress)."), d.hold_s.min, d.hold_s.max)),
    h("p", null, st.why),
    h("h3", null, _("How to do it")), steps(st, null),
    list(_("Keep in mind"), st.cues), list(_("Take care"), st.cautions), list(_("What it helps"), st.benefits),
    st.variants && st.variants.length ? h("div", null, h("h3", null, _("Other ways to do it")),
      st.variants.map((v) => h("details", { class: "variant" },
        h("summary", null, v.name),
        h("p", null, v.why), h("p", null, h("strong", null, _("Position:") + " "), v.position, "."),
        steps(st, v)))) : null);
}

export async function stretchesPage(main) {
  let cat;
  try {
    cat = await api("/api/stretches");
  } catch (e) {
    errorPage(main, _("Stretches"), e);
    return;
  }
  fill(main, h("h1", null, _("Stretches")),
    h("nav", { class: "toc", "aria-label": _("The stretches") }, h("ul", null,
      cat.stretches.map((st) => h("li", null, h("a", { href: "#/stretches",
        onclick: (ev) => { ev.preventDefault(); document.getElementById("stretch-" + st.id).scrollIntoView(); } },
        st.name))))),
    cat.stretches.map(stretchCard));
}

// ------------------------------------------------------------ history

const NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  return el;
}

// Pain before and after each session, and logged scores, over time.
// width: the room it is drawn in, in CSS pixels. The drawing is made that
// wide (up to 640) so that its 12-unit labels are 12 px on a phone too,
// where a 640-wide drawing was shrunk to half (7 px labels).
function chart(sessions, scores, days, width) {
  const W = Math.round(Math.min(640, Math.max(240, width || 640)));
  const H = Math.max(200, Math.round(W * 0.41)), L = 34, R = 12, T = 12, B = 30;
  const ticks = W < 480 ? 2 : 4;
  // A day's margin on the right, so today's scores are not on the edge.
  const now = Date.now() + 86400000, from = now - (days + 1) * 86400000;
  const x = (t) => L + (W - L - R) * (t - from) / (now - from);
  const y = (v) => T + (H - T - B) * (10 - v) / 10;
  const g = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "chart", role: "img",
    "aria-labelledby": "chart-title" });
  g.appendChild(svg("title", { id: "chart-title" }, fmt(P_("Pain before and after each session, 0 to 10, over the last %d day",
    "Pain before and after each session, 0 to 10, over the last %d days", days), days)));
  for (let v = 0; v <= 10; v += 2) {
    g.appendChild(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }));
    g.appendChild(svg("text", { x: L - 8, y: y(v) + 4, class: "axis", "text-anchor": "end" }, number(v)));
  }
  for (let k = 0; k <= ticks; k++) {
    const t = from + (now - from) * k / ticks;
    g.appendChild(svg("text", { x: x(t), y: H - 8, class: "axis",
      "text-anchor": k === 0 ? "start" : k === ticks ? "end" : "middle" },
    dateTime(new Date(t), { month: "short", day: "numeric" })));
  }
  const byKind = (kind) => scores.filter((p) => p.kind === kind)
    .map((p) => [Date.parse(p.at), p.value]).sort((a, b) => a[0] - b[0]);
  const line = (pts, cls) => {
    if (pts.length > 1)
      g.appendChild(svg("polyline", { class: "line " + cls,
        points: pts.map(([t, v]) => x(t).toFixed(1) + "," + y(v).toFixed(1)).join(" ") }));
    // Before is a ring, after a dot inside it: both show when they meet.
    for (const [t, v] of pts)
      g.appendChild(svg("circle", { class: "dot " + cls, cx: x(t).toFixed(1), cy: y(v).toFixed(1),
        r: cls === "before" ? 7 : 4 }));
  };
  // A session's before and after joined, so rising pain stands out.
  for (const s of sessions) {
    if (s.before === null || s.after === null) continue;
    const t = Date.parse(s.started);
    g.appendChild(svg("line", { class: "span " + (s.after > s.before ? "worse" : "same"),
      x1: x(t), x2: x(t), y1: y(s.before), y2: y(s.after) }));
  }
  line(byKind("before"), "before");
  line(byKind("after"), "after");
  line(byKind("logged"), "logged");
  return g;
}

// The change in pain from before a session to after it, on average, in
// words: "2 points lower", never a bare "−2.0".
export function changeWords(change) {
  if (change === null || change === undefined) return "–";
  const size = Math.round(Math.abs(change) * 10) / 10;
  if (size === 0) return _("No change");
  // One point, and any other size (2, 0.5, 1.5), as the English says it.
  const n = size === 1 ? 1 : Number.isInteger(size) ? size : 2;
  return fmt(change < 0 ? P_("%s point lower", "%s points lower", n) : P_("%s point higher", "%s points higher", n),
    number(size));
}

// A pain score's kind (GET /api/history), in words.
const KINDS = { before: () => _("before"), after: () => _("after"), logged: () => _("logged") };

function sessionRow(s) {
  const words = { done: _("done"), stopped: _("stopped"), interrupted: _("interrupted"), running: _("under way") };
  const done = s.stretches.filter((x) => !x.skipped).map((x) => x.name);
  return h("li", { class: "sess " + s.state },
    h("p", null, h("strong", null, localTime(s.started)), " · " + (words[s.state] || s.state),
      s.before !== null ? " · " + fmt(_("pain %s"), s.before + (s.after !== null ? " → " + s.after : "")) : ""),
    done.length ? h("p", { class: "small" }, done.join(", ")) : null,
    // Why it stopped, in the server's words ("You stopped it."), not the
    // journal's "user: ..." (limber_stop_reason_words).
    s.reason ? h("p", { class: "small reason" }, s.reason_words || s.reason) : null);
}

// The history comes a page at a time (GET /api/history: limit, and the
// cursor next for older ones), the latest first; earlier holds the pages
// shown so far when older ones are asked for.
const HISTORY_PAGE = 500;

export async function historyPage(main, earlier) {
  const days = Number(new URLSearchParams(location.hash.split("?")[1] || "").get("days")) || 30;
  let hist, stats;
  try {
    const q = "/api/history?days=" + days + "&limit=" + HISTORY_PAGE +
      (earlier ? "&before=" + encodeURIComponent(earlier.next) : "");
    [hist, stats] = await Promise.all([api(q), earlier ? earlier.stats : api("/api/stats")]);
  } catch (e) {
    errorPage(main, _("History"), e);
    return;
  }
  // Oldest first, as the server gives each page.
  if (earlier) {
    hist.sessions = hist.sessions.concat(earlier.sessions);
    hist.scores = hist.scores.concat(earlier.scores);
  }
  const older = hist.next ? h("p", { class: "older" },
    fmt(P_("Older entries of this %d day are not shown yet.", "Older entries of these %d days are not shown yet.", days), days), " ",
    h("button", { class: "btn", type: "button",
      onclick: (ev) => {
        pending(ev.currentTarget, _("Loading older entries…"));
        historyPage(main, { next: hist.next, sessions: hist.sessions, scores: hist.scores, stats });
      } }, _("Show older entries"))) : null;
  const table = h("table", { class: "data" },
    h("caption", null, _("Pain scores")),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, _("When")), h("th", { scope: "col" }, _("Kind")),
      h("th", { scope: "col" }, _("Pain")))),
    h("tbody", null, hist.scores.map((p) => h("tr", null, h("td", null, localTime(p.at)),
      h("td", null, KINDS[p.kind] ? KINDS[p.kind]() : p.kind), h("td", null, p.value)))));
  const figures = [
    [_("Sessions"), number(stats.sessions)],
    [_("Days in a row"), number(stats.streak_days)],
    [_("Gone through to the end"), stats.completion_rate !== null ?
      number(Math.round(100 * stats.completion_rate) / 100, { style: "percent" }) : "–"],
    // Read as one sentence: "2 points lower after a session than before it".
    [stats.mean_change === null || Math.round(Math.abs(stats.mean_change) * 10) === 0 ?
      _("in pain from before a session to after it, on average") :
      _("after a session than before it, on average"), changeWords(stats.mean_change)],
  ];
  const form = logForm(main);
  // The chart is drawn for the room it has, again when that changes.
  const room = hist.scores.length ? h("div", { class: "chart-room" }) : null;
  fill(main, h("h1", null, _("History")),
    // Records from a clock that was ahead take no part in the rules: say so.
    hist.future_message ? h("p", { class: "notice", role: "note" }, hist.future_message) : null,
    h("div", { class: "figures" }, figures.map(([k, v]) =>
      h("div", { class: "figure-box" }, h("span", { class: "num" }, String(v)), h("span", null, k)))),
    h("section", { class: "card" },
      h("h2", null, _("Pain before and after")),
      h("p", { class: "span-select" }, _("Show the last") + " ",
        [30, 90, 365].map((d) => h("a", { href: "#/history?days=" + d,
          "aria-current": d === days ? "true" : null }, fmt(P_("%d day", "%d days", d), d))), "."),
      room ||
        h("p", null, _("Nothing recorded yet. Pain scores appear here after your first session.")),
      h("p", { class: "legend" }, h("span", { class: "key before" }, _("before a session")),
        h("span", { class: "key after" }, _("after")), h("span", { class: "key logged" }, _("logged by hand"))),
      hist.scores.length ? h("details", null, h("summary", null, _("The numbers")), table) : null,
      older),
    h("section", { class: "card" }, h("h2", null, _("Sessions")),
      hist.sessions.length ? h("ol", { class: "sessions", reversed: true },
        hist.sessions.slice().reverse().map(sessionRow)) : h("p", null, _("No sessions yet.")),
      older ? h("p", { class: "small" }, _("Older sessions come with “Show older entries” above.")) : null),
    form);
  if (room) {
    const draw = () => {
      const w = room.clientWidth;
      if (!w || String(w) === room.dataset.width) return;
      room.dataset.width = String(w);
      room.replaceChildren(chart(hist.sessions, hist.scores, days, w));
    };
    draw();
    new ResizeObserver(draw).observe(room);
  }
}

function logForm(main) {
  let value = null;
  const status = h("p", { role: "status" });
  const buttons = [];
  for (let p = 0; p <= 10; p++)
    buttons.push(h("button", { type: "button", class: "pain p" + p, "aria-pressed": "false",
      onclick: (ev) => {
        value = p;
        for (const b of buttons) b.setAttribute("aria-pressed", b === ev.currentTarget ? "true" : "false");
      } }, String(p)));
  const note = h("input", { type: "text", name: "note", maxlength: 2000, autocomplete: "off" });
  const form = h("form", { class: "card log" },
    h("h2", { id: "log-title" }, _("Write down your pain now")),
    h("div", { class: "scale", role: "group", "aria-labelledby": "log-title" }, buttons),
    h("label", { class: "field" }, _("A note (if you like)"), note),
    h("button", { class: "btn", type: "submit" }, _("Record it")), status);
  const record = form.querySelector('button[type="submit"]');
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (value === null) { status.textContent = _("Choose a number from 0 to 10 first."); return; }
    if (record.getAttribute("aria-busy") === "true") return;
    const body = { value };
    if (note.value.trim()) body.note = note.value.trim();
    const done = pending(record, _("Recording…"));
    try {
      const r = await api("/api/pain", { body });
      done();
      status.textContent = r.severe ? _("Recorded. Pain this strong needs a doctor or physiotherapist before any stretching.") :
        _("Recorded.");
      announce(status.textContent);
      window.setTimeout(() => historyPage(main), 800);
    } catch (e) {
      done();
      status.textContent = e.message;
    }
  });
  return form;
}

// ------------------------------------------------------------ settings

// The languages Settings offers: those the server lists (GET /api/info),
// each one the page has words for too; until it answers, or when it
// lists none, those built into the page (English alone in a limber
// without translations).
function languageSelect(s) {
  const mine = shippedLanguages();
  const options = (langs) => [h("option", { value: "", selected: !s.lang }, _("The browser's language"))]
    .concat(langs.map((l) => h("option", { value: l.tag, lang: l.bcp47, selected: l.tag === s.lang }, l.name)));
  const select = h("select", { name: "lang" }, options(mine));
  api("/api/info").then((info) => {
    if (!info || !Array.isArray(info.languages) || !info.languages.length) return;
    const langs = info.languages.map((l) => mine.find((m) => m.tag === l.tag || m.bcp47 === l.bcp47))
      .filter((l) => l);
    if (!langs.length || document.activeElement === select) return;
    const was = select.value;
    select.replaceChildren(...options(langs));
    select.value = was;
  }, () => null);
  return select;
}

export function settingsPage(main) {
  const s = settings();
  const check = (name, label) => h("label", { class: "opt" },
    h("input", { type: "checkbox", name, checked: !!s[name] }), " ", label);
  const form = h("form", { class: "card settings" },
    h("fieldset", null, h("legend", null, _("Language")),
      h("label", { class: "field" }, _("The page's language"), languageSelect(s)),
      h("p", { class: "small" }, fmt(_("Now: %s."), language().name))),
    h("fieldset", null, h("legend", null, _("During a session")),
      check("voice", _("Speak each cue aloud")),
      check("sounds", _("Play a tone as each step begins")),
      h("label", { class: "field" }, _("Speaking speed"),
        h("select", { name: "rate" }, [["0.8", _("Slower")], ["1", _("Normal")], ["1.2", _("Faster")]].map(([v, t]) =>
          h("option", { value: v, selected: Number(v) === Number(s.rate) }, t)))),
      h("button", { type: "button", class: "btn", onclick: () => { saveFrom(); speak("/api/voice?sample=1&rate=" + voiceRate() + "&lang=" + encodeURIComponent(locale()), true); } }, _("Try the voice"))),
    h("fieldset", null, h("legend", null, _("Routine")),
      h("label", { class: "field" }, _("Usual time"),
        h("select", { name: "minutes" }, [1, 2, 3, 5, 10, 15, 20, 30, 45, 60].map((m) =>
          h("option", { value: m, selected: m === Number(s.minutes) }, fmt(P_("%d minute", "%d minutes", m), m))))),
      h("label", { class: "field" }, _("Usually"),
        h("select", { name: "context" }, [["general", _("Any time")], ["workout", _("After a workout")], ["desk", _("At a desk")]].map(([v, t]) =>
          h("option", { value: v, selected: v === (s.context === "after-workout" ? "workout" : s.context) }, t)))),
      h("label", { class: "field" }, _("Usual sport, for a cool-down after a workout"),
        h("select", { name: "sport" }, SPORTS.map(([v, t]) =>
          h("option", { value: v, selected: v === s.sport }, _(t))))),
      h("p", null, _("I usually cannot:")),
      [["floor", _("get down to the floor")], ["kneeling", _("kneel")], ["lying", _("lie on my back")]].map(([v, t]) =>
        h("label", { class: "opt" }, h("input", { type: "checkbox", name: "no", value: v, checked: s.no.includes(v) }), " ", t))),
    h("fieldset", null, h("legend", null, _("Reading")), check("large", _("Larger text"))),
    h("fieldset", null, h("legend", null, _("Getting help")),
      h("label", { class: "field" }, _("Your local emergency number"),
        h("input", { name: "emergency", type: "tel", inputmode: "tel", autocomplete: "off",
          maxlength: 15, value: s.emergency, "aria-describedby": "emergency-help" })),
      h("p", { id: "emergency-help", class: "small" }, _("The call button on the emergency screen dials it. " +
        "112 reaches emergency services across Europe and from most mobile phones elsewhere; " +
        "if yours is another (999, 911, 000), put it here."))),
    h("p", { role: "status", class: "saved" }));
  const status = form.querySelector(".saved");
  function saveFrom() {
    const fd = new FormData(form);
    const next = {
      voice: fd.has("voice"), sounds: fd.has("sounds"), rate: Number(fd.get("rate")),
      minutes: Number(fd.get("minutes")),
      context: fd.get("context"), sport: fd.get("sport"), no: fd.getAll("no"), large: fd.has("large"),
      emergency: String(fd.get("emergency") || "").replace(/[\s-]/g, ""),
      lang: String(fd.get("lang") || ""),
    };
    // Another language: the page is shown again in it (app.js), here.
    const relang = next.lang !== (s.lang || "");
    s.lang = next.lang;
    if (relang) window.setTimeout(() => window.dispatchEvent(new CustomEvent("limber-language")), 0);
    if (!/^[0-9+*#]{2,15}$/.test(next.emergency)) {
      next.emergency = s.emergency;
      status.textContent = fmt(_("An emergency number is 2 to 15 digits (+, * and # allowed). The number kept is %s."),
        next.emergency);
      saveSettings(next);
      return;
    }
    s.emergency = next.emergency;
    saveSettings(next);
    status.textContent = _("Saved in this browser.");
  }
  form.addEventListener("change", saveFrom);
  form.addEventListener("submit", (ev) => ev.preventDefault());
  fill(main, h("h1", null, _("Settings")), form,
    h("section", { class: "card" }, h("h2", null, _("About")),
      h("p", null, _("Your journal stays on the computer that runs limber. These settings are kept in this browser.")),
      h("p", null, _("The same coach runs in a terminal: limber start.")),
      secureWords()));
}

// Over --lan's HTTPS: the fingerprint the QR code's address carried
// (app.js), beside what the phone showed when it trusted limber.
function secureWords() {
  if (location.protocol !== "https:") return null;
  let ca = null;
  try { ca = localStorage.getItem("limber-ca"); } catch (e) { ca = null; }
  if (!ca || !/^[0-9A-F]{64}$/.test(ca))
    return h("p", { class: "small" }, _("This page comes over HTTPS, under limber's own certificate authority; " +
      "limber serve --lan prints its fingerprint."));
  return h("p", { class: "small fingerprint" }, _("This page comes over HTTPS, under limber's own certificate " +
    "authority. Its SHA-256 fingerprint, from the QR code:") + " ", h("code", null, ca.match(/../g).join(":")),
    ". " + _("When you trusted it, your phone showed the same one."));
}
