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
    h("span", null, s.text, s.hold ? " (the hold)" : s.seconds ? " (" + s.seconds + " s)" : ""))));
}

function stretchCard(st) {
  const anim = "/api/stretches/" + encodeURIComponent(st.id) + "/animation";
  const fig = st.figures ? h("img", { class: "fig", width: 480, height: 360,
    alt: "Figure of " + st.name + ", moving through its steps",
    src: reducedMotion() ? figureUrl(st.id, 0, 1) : anim }) :
    h("p", { class: "nofig" }, "No figure for this stretch.");
  const d = st.dose;
  return h("article", { class: "card stretch", id: "stretch-" + st.id },
    h("h2", null, st.name),
    h("p", { class: "summary" }, st.summary),
    h("figure", { class: "figure" }, fig),
    h("p", null, h("strong", null, "For: "), st.areas.map((a) => AREA_WORDS[a] || a).join(" and "),
      ". ", h("strong", null, "Position: "), st.position, ".",
      st.sides ? " Done on each side." : ""),
    h("p", null, h("strong", null, "Dose: "), "start with " +
      (d.reps.start === 1 ? "once" : d.reps.start + " times") + ", holding " + d.hold_s.start +
      (d.hold_s.start === 1 ? " second" : " seconds") + " (from " + d.hold_s.min + " to " +
      d.hold_s.max + " as you progress)."),
    h("p", null, st.why),
    h("h3", null, "How to do it"), steps(st, null),
    list("Keep in mind", st.cues), list("Take care", st.cautions), list("What it helps", st.benefits),
    st.variants && st.variants.length ? h("div", null, h("h3", null, "Other ways to do it"),
      st.variants.map((v) => h("details", { class: "variant" },
        h("summary", null, v.name),
        h("p", null, v.why), h("p", null, h("strong", null, "Position: "), v.position, "."),
        steps(st, v)))) : null);
}

export async function stretchesPage(main) {
  let cat;
  try {
    cat = await api("/api/stretches");
  } catch (e) {
    errorPage(main, "Stretches", e);
    return;
  }
  fill(main, h("h1", null, "Stretches"),
    h("nav", { class: "toc", "aria-label": "The stretches" }, h("ul", null,
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
  g.appendChild(svg("title", { id: "chart-title" }, "Pain before and after each session, 0 to 10, over the last " + days + " days"));
  for (let v = 0; v <= 10; v += 2) {
    g.appendChild(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }));
    g.appendChild(svg("text", { x: L - 8, y: y(v) + 4, class: "axis", "text-anchor": "end" }, String(v)));
  }
  for (let k = 0; k <= ticks; k++) {
    const t = from + (now - from) * k / ticks;
    g.appendChild(svg("text", { x: x(t), y: H - 8, class: "axis",
      "text-anchor": k === 0 ? "start" : k === ticks ? "end" : "middle" },
    new Date(t).toLocaleDateString(undefined, { month: "short", day: "numeric" })));
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
  if (size === 0) return "No change";
  return String(size) + (size === 1 ? " point " : " points ") + (change < 0 ? "lower" : "higher");
}

function sessionRow(s) {
  const words = { done: "done", stopped: "stopped", interrupted: "interrupted", running: "under way" };
  const done = s.stretches.filter((x) => !x.skipped).map((x) => x.name);
  return h("li", { class: "sess " + s.state },
    h("p", null, h("strong", null, localTime(s.started)), " · " + (words[s.state] || s.state),
      s.before !== null ? " · pain " + s.before + (s.after !== null ? " → " + s.after : "") : ""),
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
    errorPage(main, "History", e);
    return;
  }
  // Oldest first, as the server gives each page.
  if (earlier) {
    hist.sessions = hist.sessions.concat(earlier.sessions);
    hist.scores = hist.scores.concat(earlier.scores);
  }
  const older = hist.next ? h("p", { class: "older" },
    "Older entries of these " + days + " days are not shown yet. ",
    h("button", { class: "btn", type: "button",
      onclick: (ev) => {
        pending(ev.currentTarget, "Loading older entries…");
        historyPage(main, { next: hist.next, sessions: hist.sessions, scores: hist.scores, stats });
      } }, "Show older entries")) : null;
  const table = h("table", { class: "data" },
    h("caption", null, "Pain scores"),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "When"), h("th", { scope: "col" }, "Kind"),
      h("th", { scope: "col" }, "Pain"))),
    h("tbody", null, hist.scores.map((p) => h("tr", null, h("td", null, localTime(p.at)),
      h("td", null, p.kind), h("td", null, p.value)))));
  const figures = [
    ["Sessions", stats.sessions],
    ["Days in a row", stats.streak_days],
    ["Gone through to the end", stats.completion_rate !== null ? Math.round(100 * stats.completion_rate) + "%" : "–"],
    // Read as one sentence: "2 points lower after a session than before it".
    [stats.mean_change === null || Math.round(Math.abs(stats.mean_change) * 10) === 0 ?
      "in pain from before a session to after it, on average" :
      "after a session than before it, on average", changeWords(stats.mean_change)],
  ];
  const form = logForm(main);
  // The chart is drawn for the room it has, again when that changes.
  const room = hist.scores.length ? h("div", { class: "chart-room" }) : null;
  fill(main, h("h1", null, "History"),
    // Records from a clock that was ahead take no part in the rules: say so.
    hist.future_message ? h("p", { class: "notice", role: "note" }, hist.future_message) : null,
    h("div", { class: "figures" }, figures.map(([k, v]) =>
      h("div", { class: "figure-box" }, h("span", { class: "num" }, String(v)), h("span", null, k)))),
    h("section", { class: "card" },
      h("h2", null, "Pain before and after"),
      h("p", { class: "span-select" }, "Show the last ",
        [30, 90, 365].map((d) => h("a", { href: "#/history?days=" + d,
          "aria-current": d === days ? "true" : null }, d + " days")), "."),
      room ||
        h("p", null, "Nothing recorded yet. Pain scores appear here after your first session."),
      h("p", { class: "legend" }, h("span", { class: "key before" }, "before a session"),
        h("span", { class: "key after" }, "after"), h("span", { class: "key logged" }, "logged by hand")),
      hist.scores.length ? h("details", null, h("summary", null, "The numbers"), table) : null,
      older),
    h("section", { class: "card" }, h("h2", null, "Sessions"),
      hist.sessions.length ? h("ol", { class: "sessions", reversed: true },
        hist.sessions.slice().reverse().map(sessionRow)) : h("p", null, "No sessions yet."),
      older ? h("p", { class: "small" }, "Older sessions come with “Show older entries” above.") : null),
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
    h("h2", { id: "log-title" }, "Write down your pain now"),
    h("div", { class: "scale", role: "group", "aria-labelledby": "log-title" }, buttons),
    h("label", { class: "field" }, "A note (if you like)", note),
    h("button", { class: "btn", type: "submit" }, "Record it"), status);
  const record = form.querySelector('button[type="submit"]');
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (value === null) { status.textContent = "Choose a number from 0 to 10 first."; return; }
    if (record.getAttribute("aria-busy") === "true") return;
    const body = { value };
    if (note.value.trim()) body.note = note.value.trim();
    const done = pending(record, "Recording…");
    try {
      const r = await api("/api/pain", { body });
      done();
      status.textContent = r.severe ? "Recorded. Pain this strong needs a doctor or physiotherapist before any stretching." : "Recorded.";
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

export function settingsPage(main) {
  const s = settings();
  const check = (name, label) => h("label", { class: "opt" },
    h("input", { type: "checkbox", name, checked: !!s[name] }), " ", label);
  const form = h("form", { class: "card settings" },
    h("fieldset", null, h("legend", null, "During a session"),
      check("voice", "Speak each cue aloud"),
      check("sounds", "Play a tone as each step begins"),
      h("label", { class: "field" }, "Speaking speed",
        h("select", { name: "rate" }, [["0.8", "Slower"], ["1", "Normal"], ["1.2", "Faster"]].map(([v, t]) =>
          h("option", { value: v, selected: Number(v) === Number(s.rate) }, t)))),
      h("button", { type: "button", class: "btn", onclick: () => { saveFrom(); speak("/api/voice?sample=1&rate=" + voiceRate(), true); } }, "Try the voice")),
    h("fieldset", null, h("legend", null, "Routine"),
      h("label", { class: "field" }, "Usual time",
        h("select", { name: "minutes" }, [1, 2, 3, 5, 10, 15, 20, 30, 45, 60].map((m) =>
          h("option", { value: m, selected: m === Number(s.minutes) }, m + (m === 1 ? " minute" : " minutes"))))),
      h("label", { class: "field" }, "Usually",
        h("select", { name: "context" }, [["general", "Any time"], ["workout", "After a workout"], ["desk", "At a desk"]].map(([v, t]) =>
          h("option", { value: v, selected: v === (s.context === "after-workout" ? "workout" : s.context) }, t)))),
      h("label", { class: "field" }, "Usual sport, for a cool-down after a workout",
        h("select", { name: "sport" }, SPORTS.map(([v, t]) =>
          h("option", { value: v, selected: v === s.sport }, t)))),
      h("p", null, "I usually cannot:"),
      [["floor", "get down to the floor"], ["kneeling", "kneel"], ["lying", "lie on my back"]].map(([v, t]) =>
        h("label", { class: "opt" }, h("input", { type: "checkbox", name: "no", value: v, checked: s.no.includes(v) }), " ", t))),
    h("fieldset", null, h("legend", null, "Reading"), check("large", "Larger text")),
    h("fieldset", null, h("legend", null, "Getting help"),
      h("label", { class: "field" }, "Your local emergency number",
        h("input", { name: "emergency", type: "tel", inputmode: "tel", autocomplete: "off",
          maxlength: 15, value: s.emergency, "aria-describedby": "emergency-help" })),
      h("p", { id: "emergency-help", class: "small" }, "The call button on the emergency screen dials it. " +
        "112 reaches emergency services across Europe and from most mobile phones elsewhere; " +
        "if yours is another (999, 911, 000), put it here.")),
    h("p", { role: "status", class: "saved" }));
  const status = form.querySelector(".saved");
  function saveFrom() {
    const fd = new FormData(form);
    const next = {
      voice: fd.has("voice"), sounds: fd.has("sounds"), rate: Number(fd.get("rate")),
      minutes: Number(fd.get("minutes")),
      context: fd.get("context"), sport: fd.get("sport"), no: fd.getAll("no"), large: fd.has("large"),
      emergency: String(fd.get("emergency") || "").replace(/[\s-]/g, ""),
    };
    if (!/^[0-9+*#]{2,15}$/.test(next.emergency)) {
      next.emergency = s.emergency;
      status.textContent = "An emergency number is 2 to 15 digits (+, * and # allowed). The number kept is " +
        next.emergency + ".";
      saveSettings(next);
      return;
    }
    s.emergency = next.emergency;
    saveSettings(next);
    status.textContent = "Saved in this browser.";
  }
  form.addEventListener("change", saveFrom);
  form.addEventListener("submit", (ev) => ev.preventDefault());
  fill(main, h("h1", null, "Settings"), form,
    h("section", { class: "card" }, h("h2", null, "About"),
      h("p", null, "Your journal stays on the computer that runs limber. These settings are kept in this browser."),
      h("p", null, "The same coach runs in a terminal: limber start."),
      secureWords()));
}

// Over --lan's HTTPS: the fingerprint the QR code's address carried
// (app.js), beside what the phone showed when it trusted limber.
function secureWords() {
  if (location.protocol !== "https:") return null;
  let ca = null;
  try { ca = localStorage.getItem("limber-ca"); } catch (e) { ca = null; }
  if (!ca || !/^[0-9A-F]{64}$/.test(ca))
    return h("p", { class: "small" }, "This page comes over HTTPS, under limber's own certificate authority; " +
      "limber serve --lan prints its fingerprint.");
  return h("p", { class: "small fingerprint" }, "This page comes over HTTPS, under limber's own certificate " +
    "authority. Its SHA-256 fingerprint, from the QR code: ", h("code", null, ca.match(/../g).join(":")),
    ". When you trusted it, your phone showed the same one.");
}
