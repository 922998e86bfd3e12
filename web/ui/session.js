// session.js - the guided session in the browser.
//
// The session runs on the server, on the library's engine: this page only
// shows it, speaks it and sends what the person presses. It asks for the
// cues it has not seen (GET /api/session?since=N&wait=20); the server
// answers as soon as a cue comes, so cues arrive on time without a busy
// poll. Between answers the countdown runs down on the page's own clock
// from the state's time left. A reload or a dropped connection loses
// nothing: the page asks for the state again and carries on from there.
//
// Made to be used from the floor: one large figure, a large countdown,
// big buttons, every cue spoken (the server's voice) and announced to
// screen readers, a tone as each step begins, and the screen kept awake.

import { h, fill, api, ApiError, announce, settings, figureUrl, mmss,
  reducedMotion, emergencyNumber, pending, tokenError, errorBox } from "./dom.js";
import { lostConnection } from "./offline.js";
import { _, N_, P_, fmt, locale } from "./i18n.js";

// A phase's name over the countdown (translated where it is shown).
const LABELS = {
  prepare: N_("Get ready"), intro: N_("Coming up"), step: N_("Move"), hold: N_("Hold"),
  switch: N_("Change sides"), rest: N_("Rest"), checkin: N_("Check-in"), done: N_("Done"),
  stopped: N_("Stopped"),
};

// Under the countdown's number, as many seconds as it shows.
const CAPTIONS = {
  intro: (n) => P_("second until it begins", "seconds until it begins", n),
  step: (n) => P_("second for this step", "seconds for this step", n),
  hold: (n) => P_("second to hold", "seconds to hold", n),
  switch: (n) => P_("second to change sides", "seconds to change sides", n),
  rest: (n) => P_("second of rest", "seconds of rest", n),
};

// Cues that begin something: a tone, when the voice is off.
const BEGINS = new Set(["intro", "step", "hold-start", "hold-end", "switch",
  "rest", "checkin", "stopped", "done"]);
// Every cue with words, the checklist (and its stop rules) first.
const SPOKEN = new Set(["checklist", "intro", "step", "hold-start", "countdown",
  "hold-end", "switch", "rest", "next", "checkin", "paused", "resumed",
  "skipped", "stopped", "done"]);
// The only cues that cut what is being said: the person paused, skipped or
// stopped (a warning hushes at once, in warnNow).
const CUTS = new Set(["paused", "skipped", "stopped"]);

function timed(phase) {
  return ["intro", "step", "hold", "switch", "rest"].includes(phase);
}

// ------------------------------------------------------------ sound and voice

let audio = null;

export function unlockAudio() {
  if (audio || !window.AudioContext) return;
  try { audio = new AudioContext(); } catch (e) { audio = null; }
}

function tone(kind) {
  if (!audio || !settings().sounds) return;
  const freq = kind === "hold-start" ? 660 : kind === "hold-end" ? 440 :
    kind === "stopped" ? 330 : kind === "done" ? 880 : 550;
  const t = audio.currentTime;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.frequency.value = freq;
  osc.type = "sine";
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.35);
  osc.connect(gain).connect(audio.destination);
  osc.start(t);
  osc.stop(t + 0.4);
}

// The voice is the server's (GET /api/voice, espeak-ng), the same on every
// device: each cue's sound is a WAV, played one after another, as made
// (at its own speed). The server paced the session by these very sounds at
// the rate the page asked for (voiceChoice), so each has room before the
// next: nothing is cut as a step begins. cut (pause, skip, stop, a
// warning) drops what is waiting and stops what is playing.
//
// Each clip is fetched and decoded ahead (clips, below) or as its cue
// arrives, then started on the audio clock (Web Audio) the moment the one
// before it ends: an <audio> element leaves tens of milliseconds between
// clips, which add up over a run of cues said back to back (the
// checklist, a rest and what comes next). Without Web Audio, <audio> elements play them in turn.
const voiceQueue = [];
let voicePlaying = null;    // the <audio> playing, without Web Audio
let voiceEnd = 0;           // Web Audio: when the last clip started ends
let voiceSources = [];      // Web Audio: the clips started, for hush()
let voiceGen = 0;           // hush() makes clips still on their way stale
let voicePumping = false;

// Settings' Slower, Normal and Faster (0.8, 1, 1.2) in words a minute.
export function voiceRate() {
  const r = Math.round(175 * (Number(settings().rate) || 1));
  return Math.min(450, Math.max(80, r));
}

// What POST /api/session's "voice" says (docs/api.md).
export function voiceChoice() {
  return settings().voice ? { rate: voiceRate() } : null;
}

function playNext() {
  if (voicePlaying || !voiceQueue.length) return;
  const a = voiceQueue.shift().audio;
  voicePlaying = a;
  const done = () => { if (voicePlaying === a) { voicePlaying = null; playNext(); } };
  a.onended = done;
  a.onerror = done;
  a.play().catch(done);
}

async function pump() {
  if (voicePumping) return;
  voicePumping = true;
  const gen = voiceGen;
  while (voiceQueue.length && gen === voiceGen) {
    const buf = await voiceQueue[0].ready;
    if (gen !== voiceGen) break;
    const due = voiceQueue.shift().due;
    if (!buf) continue;
    const src = audio.createBufferSource();
    src.buffer = buf;
    src.connect(audio.destination);
    // Never before its cue's time (the first words of a session are due
    // a moment after it is made), nor over the clip before it.
    const at = Math.max(audio.currentTime + 0.01, voiceEnd, due);
    src.start(at);
    voiceEnd = at + buf.duration;
    voiceSources.push(src);
    src.onended = () => { voiceSources = voiceSources.filter((x) => x !== src); };
  }
  voicePumping = false;
  if (voiceQueue.length && gen !== voiceGen) pump();
}

export function hush() {
  voiceQueue.length = 0;
  voiceGen++;
  if (voicePlaying) { voicePlaying.pause(); voicePlaying = null; }
  for (const src of voiceSources) { try { src.stop(); } catch (e) { /* not started */ } }
  voiceSources = [];
  voiceEnd = 0;
}

function fetchClip(url) {
  // The page's language: the clip speaks the session's words in it.
  return fetch(url, { headers: { "Accept-Language": locale() } }).then((r) => (r.status === 200 ? r.arrayBuffer() : null))
    .then((b) => (b ? audio.decodeAudioData(b) : null)).catch(() => null);
}

// Clips made ahead: the server says what comes next ("coming": the rest
// of a timed phase and its end, or what an answer brings), and the page
// fetches and decodes their sound while the phase runs, so that a cue's
// words start as it arrives, not a fetch and a decode later, which on a
// busy phone or server is the larger part of a second. Keyed by session
// and words (a clip is made of its kind's tone and its words at the
// session's rate); the last few dozen are kept.
const clips = new Map();
const CLIPS_KEPT = 24;

function clipKey(serial, kind, text) {
  return serial + "\n" + kind + "\n" + text;
}

function prefetch(serial, next, coming) {
  if (!settings().voice || !coming || !window.AudioContext) return;
  unlockAudio();
  if (!audio) return;
  coming.forEach((c, k) => {
    const key = clipKey(serial, c.kind, c.text);
    if (!SPOKEN.has(c.kind) || clips.has(key)) return;
    // Asked for as "coming" while the session has made next cues: once
    // it has moved on, the server gives no sound (204) and the cue's own clip
    // is fetched when it comes.
    const clip = fetchClip("/api/voice?serial=" + serial + "&next=" + next + "&coming=" + k);
    clips.set(key, clip);
    clip.then((b) => { if (!b && clips.get(key) === clip) clips.delete(key); });
  });
  while (clips.size > CLIPS_KEPT) clips.delete(clips.keys().next().value);
}

// inMs: how long until the cue is due, by the server's clock.
export function speak(url, cut, key, inMs) {
  if (!settings().voice || !url) return;
  if (cut) hush();
  unlockAudio();
  if (!audio) {
    // Fetched now, so that it is ready when its turn comes.
    const a = new Audio(url);
    a.preload = "auto";
    voiceQueue.push({ audio: a });
    playNext();
    return;
  }
  if (audio.state === "suspended") audio.resume().catch(() => {});
  const made = key ? clips.get(key) : null;
  const ready = made ? made.then((b) => b || fetchClip(url)) : fetchClip(url);
  // Due on the audio clock: when its words should reach the speaker,
  // which sounds a clip the output's latency after it is started.
  const lag = (audio.outputLatency || 0) + (audio.baseLatency || 0);
  voiceQueue.push({ ready, due: audio.currentTime + Math.max(0, inMs || 0) / 1000 - lag });
  pump();
}

function cueUrl(serial, index) {
  return "/api/voice?serial=" + serial + "&cue=" + index;
}

// ------------------------------------------------------------ a warning that must arrive

// The sharp-pain button must work when the server is slow or gone: the
// page shows the stop advice at once (the library's words, sent with the
// session as warning_advice) and keeps the warning in this browser until
// the server has it, sending it again with longer and longer waits, also
// after a reload (docs/api.md, "The page").
const PENDING = "limber.warning";

export function pendingWarning() {
  try { return JSON.parse(window.localStorage.getItem(PENDING) || "null"); } catch (e) { return null; }
}

function setPending(p) {
  try {
    if (p) window.localStorage.setItem(PENDING, JSON.stringify(p));
    else window.localStorage.removeItem(PENDING);
  } catch (e) { /* private mode: it is sent while the page is open */ }
}

function warnedBy(s) {
  return !!(s && s.ended && s.result && s.result.reason === "warning");
}

const sleep = (ms) => new Promise((res) => window.setTimeout(res, ms));
let delivering = null;
const listeners = new Set();

// Send the pending warning until the server has recorded it. Each
// listener hears ("trying" | "taken" | "recorded", session or null):
// "taken" when the server has it (and has stopped the session) but it is
// not in the journal yet, which another program may be holding.
export function deliverWarning(listener) {
  if (listener) listeners.add(listener);
  if (!delivering) delivering = deliverLoop().finally(() => { delivering = null; });
  return delivering;
}

export function stopListening(listener) {
  listeners.delete(listener);
}

function tell(kind, s) {
  for (const f of listeners) { try { f(kind, s); } catch (e) { /* a view gone */ } }
}

async function deliverLoop() {
  let wait = 250;
  for (;;) {
    const p = pendingWarning();
    if (!p) return;
    const abort = new AbortController();
    const timer = window.setTimeout(() => abort.abort(), 5000);
    // The server stops the session on it if it is still under way there,
    // else records it late (POST /api/session/warning, docs/api.md).
    const body = { value: p.value, serial: p.serial, at: p.at };
    if (p.journal) body.session = p.journal;
    let r = null;
    try {
      r = await api("/api/session/warning", { signal: abort.signal, body });
    } catch (e) {
      r = null;
    } finally {
      window.clearTimeout(timer);
    }
    if (r && r.recorded) {
      setPending(null);
      tell("recorded", r.session || null);
      return;
    }
    tell(r ? "taken" : "trying", (r && r.session) || null);
    await sleep(wait);
    wait = Math.min(wait * 2, 8000);
  }
}

// ------------------------------------------------------------ a session the server forgot

// The session under way, as this browser last saw it: when the server
// no longer knows it (it was started again), Today says so in words
// rather than asking "How is your back today?" as if nothing happened.
const RUNNING = "limber.running";

function remember(s) {
  try {
    if (s && !s.ended)
      window.localStorage.setItem(RUNNING, JSON.stringify({ serial: s.serial, journal: s.journal,
        begun: s.state.phase !== "prepare" }));
    else window.localStorage.removeItem(RUNNING);
  } catch (e) { /* private mode: nothing to say after a restart */ }
}

// The session this browser had under way, when the server's (s, from
// GET /api/today) is not it; null otherwise. Forgets it either way once
// it is over.
export function lostSession(s) {
  let mine = null;
  try { mine = JSON.parse(window.localStorage.getItem(RUNNING) || "null"); } catch (e) { mine = null; }
  if (!mine) return null;
  const same = s && s.serial === mine.serial &&
    (mine.journal === null || s.journal === null || s.journal === mine.journal);
  if (same && !s.ended) return null;
  remember(null);
  return same ? null : mine;
}

// ------------------------------------------------------------ a reload without the network

// The last state of the session under way that this tab had, kept in
// sessionStorage (this tab's alone, gone when it closes), so that a
// reload while the connection is down still shows the session: the step,
// its countdown and the sharp-pain button with its advice. Kept for an
// hour at most: a session left longer is over on the server anyway.
const LAST = "limber.last";
const LAST_MS = 3600 * 1000;

function keepLast(s) {
  try {
    if (s && !s.ended) window.sessionStorage.setItem(LAST, JSON.stringify({ at: Date.now(), s }));
    else window.sessionStorage.removeItem(LAST);
  } catch (e) { /* private mode, or full: a reload offline shows less */ }
}

// That state as it would be now, counted on from when it was kept, for
// sessionView (which then says the connection is lost); null if none.
export function offlineSession() {
  let k = null;
  try { k = JSON.parse(window.sessionStorage.getItem(LAST) || "null"); } catch (e) { k = null; }
  const gone = k ? Date.now() - k.at : -1;
  if (!k || !k.s || !k.s.state || k.s.ended || gone < 0 || gone > LAST_MS) return null;
  const s = k.s, st = s.state;
  if (!st.paused && timed(st.phase)) {
    const d = Math.min(gone, st.left_ms);
    st.left_ms -= d;
    st.elapsed_ms += d;
  }
  s.cues = [];
  s.offline = true;
  return s;
}

// ------------------------------------------------------------ the view

export function sessionView(main, first, onleave) {
  const v = {
    serial: first.serial, next: first.next, s: first, recvAt: performance.now(),
    // The server's clock on this page's: the least of (arrival - now_ms)
    // over the answers, the one that took least time on its way.
    offset: performance.now() - (first.now_ms || 0),
    stopped: false, abort: null, timer: null, wake: null, figKey: "",
    checklist: [], note: "", one: null, sending: false, warned: false,
    noteAt: null, waited: false,
    // The connection to the server is down: the page goes on from the
    // last state it had (see "the server" below).
    lost: false, retry: null,
    // Paused at a check-in: the engine waits for the answer anyway, so
    // only the page holds still (no scores to knock) until "Carry on".
    held: false,
  };

  // The parts of the screen, made once and updated in place.
  const el = {};
  el.where = h("p", { class: "where" });
  el.phase = h("p", { class: "phase" });
  el.name = h("h1", { class: "name", tabindex: "-1" });
  el.img = h("img", { class: "fig", alt: "", width: 480, height: 360, hidden: true });
  el.nofig = h("p", { class: "nofig", hidden: true }, _("No figure for this step."));
  // Over a figure shown ahead of time: whose start it is.
  el.ahead = h("figcaption", { class: "ahead", hidden: true });
  el.figure = h("figure", { class: "figure" }, el.img, el.nofig, el.ahead);
  el.count = h("p", { class: "count", "aria-hidden": "true" });
  el.caption = h("p", { class: "caption" });
  el.clock = h("div", { class: "clock" }, el.count, el.caption);
  el.text = h("p", { class: "text", id: "session-text" });
  el.list = h("ul", { class: "checklist" });
  el.noteP = h("p", { class: "note" });
  el.nextP = h("p", { class: "next" });
  el.bar = h("div", { class: "bar-fill" });
  el.barText = h("span", { class: "bar-text" });
  el.progress = h("div", { class: "progress", role: "progressbar", "aria-label": _("Session progress"),
    "aria-valuemin": 0, "aria-valuemax": 100 }, h("div", { class: "track" }, el.bar), el.barText);
  el.conn = h("p", { class: "conn", role: "status" });
  el.sent = h("p", { class: "sent", role: "status", hidden: true });
  // After a warning stop: the emergency number, a tap away.
  el.help = h("a", { class: "btn help-call", "data-action": "call", hidden: true,
    href: "tel:" + emergencyNumber() }, fmt(_("Call %s if it is severe"), emergencyNumber()));
  el.journal = h("p", { class: "notice bad", hidden: true });
  // Said once when the screen cannot be kept on (keepAwake).
  // Not a .notice: those are the journal's (the tests find them so).
  el.awake = h("p", { class: "awake", role: "status", hidden: true });

  el.ready = h("button", { class: "btn huge primary", "data-action": "ready",
    onclick: () => send("ready") }, _("I'm ready: begin"));
  el.notNow = h("button", { class: "btn quiet", "data-action": "not-now", onclick: () => send("stop") }, _("Not now"));
  el.pause = h("button", { class: "btn huge", "data-action": "pause", onclick: () => togglePause() }, _("Pause"));
  el.skip = h("button", { class: "btn huge", "data-action": "skip", onclick: () => send("skip") }, _("Skip"));
  el.stop = h("button", { class: "btn huge", "data-action": "stop", onclick: () => send("stop") }, _("Stop"));
  el.warn = h("button", { class: "btn huge alarm", "data-action": "warning",
    onclick: () => warnNow() }, _("Sharp pain, numbness or dizziness"));
  el.controls = h("div", { class: "controls" }, el.pause, el.skip, el.stop);
  // Kept at the window's foot (style.css): always at hand.
  el.keep = h("div", { class: "keep" }, el.controls, el.warn);

  const painButtons = [];
  for (let p = 0; p <= 10; p++)
    painButtons.push(h("button", { class: "pain p" + p, "data-pain": p,
      "aria-label": fmt(_("%d out of 10"), p), onclick: () => send("pain", p) }, String(p)));
  el.before = h("p", { class: "before" });
  el.checkin = h("div", { class: "checkin", hidden: true },
    h("div", { class: "scale", role: "group", "aria-labelledby": "session-text" }, painButtons),
    h("p", { class: "scale-ends", "aria-hidden": "true" },
      h("span", null, "0 " + _("no pain")), h("span", null, "10 " + _("the worst you can imagine"))),
    el.before,
    el.noAnswer = h("button", { class: "btn", "data-action": "no-answer", onclick: () => send("skip") },
      _("No answer, go on")));
  el.prepare = h("div", { class: "prepare", hidden: true }, el.list, el.ready, el.notNow);
  el.end = h("div", { class: "end", hidden: true });
  el.keys = h("p", { class: "keys" },
    /* TRANSLATORS: the keys n, q, ! and 0 to 9 stay as they are; "space" is the space bar, by its name in your language. */
    _("Keys: space pause or carry on · n skip · q stop · ! sharp pain, numbness or dizziness · 0 to 9 your pain at a check-in (1 then 0 for 10)"));

  const root = h("section", { class: "session", "aria-label": _("Guided session") },
    h("div", { class: "head" }, el.where, el.phase),
    el.name,
    el.figure,
    // Beside the figure on a wide screen, under it on a phone (style.css).
    // The connection's state by the countdown it concerns.
    h("div", { class: "panel" }, el.clock, el.conn,
      el.text, el.noteP, el.awake, el.prepare, el.checkin, el.nextP,
      el.progress, el.keep, el.help, el.sent, el.end, el.journal, el.keys));
  fill(main, root);
  document.body.classList.add("in-session");

  // ---------------------------------------------------------- input

  // The button a press (or its key) goes with, and what it says while
  // the server has not answered (pending in dom.js); a score keeps its
  // number and says so under the scale.
  const SENDING = { ready: _("Starting…"), pause: _("Pausing…"), resume: _("Carrying on…"),
    skip: _("Skipping…"), stop: _("Stopping…") };

  function buttonFor(input, value) {
    const phase = v.s.state.phase;
    if (input === "ready") return el.ready;
    if (input === "pause" || input === "resume") return el.pause;
    if (input === "skip") return phase === "checkin" ? el.noAnswer : el.skip;
    if (input === "stop") return phase === "prepare" ? el.notNow : el.stop;
    if (input === "pain") return painButtons[value] || null;
    return null;
  }

  async function send(input, value) {
    unlockAudio();
    if (v.warned) return;
    const body = { input };
    if (value !== undefined) body.value = value;
    const b = buttonFor(input, value);
    if (b && b.getAttribute("aria-busy") === "true") return;
    const words = input === "skip" && b === el.noAnswer ? _("Going on…") :
      input === "stop" && b === el.notNow ? _("One moment…") : SENDING[input];
    const done = b ? pending(b, input === "pain" ? null : words, input === "pain" ? painButtons : []) : () => {};
    if (input === "pain") el.before.textContent = fmt(_("Sending %d out of 10…"), value);
    try {
      const r = await api("/api/session/input", { body });
      done();
      take(r.session, false);
    } catch (e) {
      done();
      if (input === "pain") draw();
      if (e instanceof ApiError && e.code === "input-refused") return;
      if (tokenError(e)) return tokenLost(e);
      if (lostConnection(e)) return connection(true, true);
      el.conn.textContent = e.message;
    }
  }

  // The warning: the advice on the screen first, whatever the server
  // does, then the warning sent until it is in the journal.
  function warnNow() {
    if (v.warned || v.s.ended) return;
    v.warned = true;
    setPending({ serial: v.serial, value: 0, at: Date.now(), journal: v.s.journal || null });
    drawWarned();
    connection(v.lost);
    hush();
    tone("stopped");
    announce(v.s.warning_advice || "", true);
    el.name.focus({ preventScroll: true });
    deliverWarning(heard);
  }

  function heard(kind, s) {
    if (v.stopped) return;
    if (kind === "recorded") {
      el.sent.textContent = _("The warning is in your journal.");
      el.conn.textContent = "";
      if (s && s.serial === v.serial) take(s, false);
    } else if (kind === "taken") {
      el.sent.textContent = _("The server has the warning and has stopped the session. " +
        "It is not in your journal yet; it is sent again until it is.");
      if (s && s.serial === v.serial) take(s, false);
    } else {
      el.sent.textContent = _("The server has not answered yet. The warning is kept here " +
        "and sent again until it is in your journal.");
    }
  }

  // The stopped screen, drawn here: nothing in it waits for the server.
  function drawWarned() {
    root.dataset.phase = "stopped";
    root.classList.remove("paused");
    el.phase.textContent = _(LABELS.stopped);
    el.name.textContent = _("The session stopped");
    el.where.textContent = "";
    el.text.textContent = v.s.warning_advice || "";
    el.text.hidden = false;
    el.noteP.textContent = "";
    el.nextP.hidden = true;
    for (const x of [el.prepare, el.checkin, el.keep, el.figure, el.clock,
      el.progress, el.keys]) x.hidden = true;
    root.classList.remove("with-figure");
    // The advice first: the connection's line goes under the warning's.
    el.sent.after(el.conn);
    el.help.hidden = false;
    if (el.sent.hidden) {
      el.sent.hidden = false;
      el.sent.textContent = _("Recording the warning in your journal…");
    }
    if (v.timer) { window.clearInterval(v.timer); v.timer = null; }
  }

  function togglePause() {
    if (v.s.state.phase === "checkin") {
      v.held = !v.held;
      if (v.held) hush();
      announce(v.held ? _("Paused. The session waits for you; carry on when you are ready.") : _("Carrying on."));
      draw();
      if (!v.held) painButtons[0].focus({ preventScroll: true });
      return;
    }
    send(v.s.state.paused ? "resume" : "pause");
  }

  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t && ["INPUT", "SELECT", "TEXTAREA"].includes(t.tagName)) return;
    const st = v.s.state;
    if (v.s.ended || v.warned) return;
    if (v.one !== null) {
      window.clearTimeout(v.one);
      v.one = null;
      send("pain", ev.key === "0" ? 10 : 1);
      if (ev.key === "0") { ev.preventDefault(); return; }
    }
    if (ev.key === " " && !(t && t.tagName === "BUTTON")) {
      ev.preventDefault();
      if (st.phase === "prepare") send("ready");
      else if (timed(st.phase) || st.phase === "checkin") togglePause();
    } else if (ev.key === "n" || ev.key === "N") {
      if (st.phase !== "prepare") send("skip");
    } else if (ev.key === "q" || ev.key === "Q") {
      send("stop");
    } else if (ev.key === "!") {
      warnNow();
    } else if (/^[0-9]$/.test(ev.key) && st.phase === "checkin" && !v.held) {
      ev.preventDefault();
      if (ev.key === "1") {
        v.one = window.setTimeout(() => { v.one = null; send("pain", 1); }, 1000);
      } else {
        send("pain", Number(ev.key));
      }
    }
  }
  document.addEventListener("keydown", onKey);

  // ---------------------------------------------------------- cues

  function cues(list, nowMs, first) {
    for (const [i, c] of list.entries()) {
      if (c.kind === "checklist") v.checklist.push(c.text);
      // After a warning here, the advice has been said: nothing more.
      if (v.warned) continue;
      if (c.kind === "intro") { v.note = ""; v.noteAt = null; }
      if (c.kind === "pain" && c.pain_kind === "during") {
        v.note = c.text;
        // Not in the journal yet: its words are put right once it is.
        v.noteAt = c.saved === false ? first + i : null;
      }
      // Cues the server played while nobody listened are not said again.
      const fresh = nowMs - c.at_ms < 3000;
      // Spoken, a cue is heard whole: no tone of the page's over words.
      const voiced = settings().voice && v.s.voice && SPOKEN.has(c.kind);
      if (BEGINS.has(c.kind) && fresh && !voiced) tone(c.kind);
      if (voiced && fresh)
        speak(cueUrl(v.serial, first + i), CUTS.has(c.kind), clipKey(v.serial, c.kind, c.text),
          c.at_ms + v.offset - performance.now());
      if (c.kind !== "checklist" && c.kind !== "stretch-done")
        announce(c.text, c.kind === "stopped");
    }
  }

  // ---------------------------------------------------------- drawing

  function itemOf(st) {
    return st.item !== null && v.s.plan.items[st.item] ? v.s.plan.items[st.item] : null;
  }

  // The stretch and side the figure shows, and whether it shows them
  // ahead of time. A rest or a change of sides shows where the next part
  // starts, as its "Next: ..." line says: the rest after a check-in the
  // next stretch (the state's item is still the one just done, and its rep
  // 0), a rest within a stretch the next repetition or side.
  function figureItem(st) {
    const items = v.s.plan.items;
    if (st.phase === "rest" && !st.rep) {
      const n = st.item + 1 < items.length ? st.item + 1 : st.round < st.rounds ? 0 : -1;
      return n >= 0 ? { it: items[n], side: 1, ahead: true } : null;
    }
    const it = itemOf(st);
    if (!it) return null;
    if (st.phase === "rest")
      return { it, side: st.rep < st.reps ? st.side || 1 : Math.min((st.side || 1) + 1, st.sides || 1), ahead: true };
    if (st.phase === "switch") return { it, side: st.side || 1, ahead: true };
    return { it, side: st.side || 1, ahead: false };
  }

  function figure(st) {
    const f = figureItem(st);
    if (!f || v.s.ended) return;
    const it = f.it;
    el.ahead.hidden = !f.ahead;
    el.ahead.textContent = st.phase === "rest" && !st.rep ? fmt(_("Next: %s"), it.variant_name || it.name) :
      _("How the next part starts");
    let url = null;
    if (st.phase === "intro") {
      url = reducedMotion() ? figureUrl(it.stretch, 0, 1, it.variant) :
        "/api/stretches/" + encodeURIComponent(it.stretch) + "/animation" +
        (it.variant ? "?variant=" + encodeURIComponent(it.variant) : "");
    } else if (f.ahead) {
      url = figureUrl(it.stretch, 0, f.side, it.variant);
    } else if (st.step !== null && st.step >= 0) {
      url = figureUrl(it.stretch, st.step, f.side, it.variant);
    }
    if (!url || url === v.figKey) return;
    v.figKey = url;
    const img = new Image();
    img.onload = () => {
      if (v.figKey !== url) return;
      el.img.src = url;
      el.img.hidden = false;
      el.nofig.hidden = true;
      el.img.classList.remove("swap");
      void el.img.offsetWidth;
      el.img.classList.add("swap");
    };
    img.onerror = () => {
      if (v.figKey !== url) return;
      el.img.hidden = true;
      // Figures come from the server: none without the connection.
      el.nofig.textContent = v.lost ? _("No figure offline.") : _("No figure for this step.");
      el.nofig.hidden = false;
    };
    img.src = url;
    el.img.alt = fmt(f.ahead ? _("%s: how it starts") : _("%s: the figure of this step"), it.variant_name || it.name);
  }

  function clock() {
    const st = v.s.state;
    const gone = st.paused || !timed(st.phase) ? 0 : performance.now() - v.recvAt;
    const left = Math.max(0, st.left_ms - gone);
    if (timed(st.phase)) {
      const secs = Math.ceil(left / 1000);
      el.count.textContent = secs >= 60 ? mmss(secs) : String(secs);
      const cap = CAPTIONS[st.phase] ? CAPTIONS[st.phase](secs) : "";
      el.caption.textContent = st.paused ? _("paused") :
        v.lost && secs === 0 ? _("waiting for the connection") : cap;
      el.clock.hidden = false;
    } else {
      el.clock.hidden = true;
    }
    const total = st.total_ms || 1;
    const elapsed = Math.min(total, st.elapsed_ms + (timed(st.phase) && !st.paused ? Math.min(gone, st.left_ms) : 0));
    const pct = Math.round(100 * elapsed / total);
    el.bar.style.width = pct + "%";
    el.progress.setAttribute("aria-valuenow", pct);
    /* TRANSLATORS: the session's progress: "1:20 of 5:00". */
    el.barText.textContent = fmt(_("%s of %s"), mmss(elapsed / 1000), mmss(total / 1000));
  }

  function draw() {
    const s = v.s, st = s.state, it = itemOf(st);
    remember(s);
    // Warned here, and the server has not said so yet: stay stopped.
    if (v.warned && !warnedBy(s)) return drawWarned();
    root.dataset.phase = st.phase;
    if (st.phase !== "checkin") v.held = false;
    root.classList.toggle("paused", !!st.paused || v.held);
    // A stop the person chose, or a session never begun, is calm: no red.
    root.classList.toggle("calm", !!(s.ended && s.result &&
      ["user", "interrupted"].includes(s.result.reason)));
    const where = [];
    if (st.phase === "prepare") {
      where.push(fmt(P_("%d stretch", "%d stretches", s.plan.items.length), s.plan.items.length) +
        ", " + fmt(_("about %s"), mmss(st.total_ms / 1000)));
    } else if (st.item !== null) {
      where.push(fmt(_("Stretch %d of %d"), st.item + 1, st.nitems));
      if (st.rounds > 1) where.push(fmt(_("round %d of %d"), st.round, st.rounds));
      if (st.reps > 1 && st.rep) where.push(fmt(_("repetition %d of %d"), st.rep, st.reps));
      if (st.sides > 1 && st.side) where.push(st.side === 1 ? _("first side") : _("second side"));
    }
    el.where.textContent = where.join(" · ");
    el.phase.textContent = st.paused || v.held ? _("Paused") : LABELS[st.phase] ? _(LABELS[st.phase]) : st.phase;
    el.name.textContent = st.phase === "prepare" ? _("Get your space ready") :
      st.phase === "checkin" ? (s.plan.area === "upper" ? _("How does it feel in your neck and upper back?") :
        s.plan.area === "lower" ? _("How does it feel in your lower back?") : _("How does it feel in your back?")) :
      s.ended ? (st.phase === "done" ? _("Well done") : _("The session stopped")) :
      it ? (it.variant_name || it.name) : "";
    el.text.textContent = st.phase === "prepare" ? "" : st.text || "";
    el.text.hidden = st.phase === "prepare";
    el.noteP.textContent = st.phase === "rest" ? v.note : "";
    el.nextP.textContent = st.next || "";
    el.nextP.hidden = !st.next;

    el.prepare.hidden = st.phase !== "prepare";
    if (st.phase === "prepare") {
      const items = v.checklist.length ? v.checklist : [st.text || ""];
      fill(el.list, items.map((t) => h("li", null, t)));
    }
    el.checkin.hidden = st.phase !== "checkin" || v.held;
    if (v.held) el.text.textContent = _("The session waits for you. Carry on when you are ready.");
    el.before.textContent = fmt(_("Before you started: %d out of 10."), st.pain_before);
    const active = !s.ended;
    // At a check-in too: Pause and Stop always at hand ("No answer, go
    // on" is its skip).
    el.keep.hidden = !active;
    el.controls.hidden = !active || st.phase === "prepare";
    el.skip.hidden = st.phase === "checkin";
    el.pause.textContent = st.paused || v.held ? _("Carry on") : _("Pause");
    el.pause.setAttribute("aria-pressed", st.paused || v.held ? "true" : "false");
    el.pause.disabled = !timed(st.phase) && st.phase !== "checkin";
    el.skip.disabled = !(timed(st.phase) && !(st.phase === "rest" && !st.rep));
    el.warn.hidden = !active;
    el.help.hidden = !warnedBy(s);
    el.figure.hidden = st.phase === "prepare" || st.phase === "checkin" || s.ended;
    // The figure takes the room the rest leaves (style.css, "the session").
    root.classList.toggle("with-figure", !el.figure.hidden);
    el.progress.hidden = s.ended;
    el.keys.hidden = s.ended;
    journalNotice(s);
    figure(st);
    clock();
    if (s.ended) end();
  }

  // What is not in the journal yet, or will not be: said plainly, by
  // the answers it concerns, never "noted" or "in your journal" before
  // it is (docs/api.md, "Records that wait").
  function journalNotice(s) {
    // Refused by the journal, not only queued (a warning's, for a moment).
    const p = s.journal_pending && s.journal_pending.refused ? s.journal_pending : null;
    let text = "";
    if (s.journal_error)
      text = fmt(_("Part of this session could not be written in your journal: %s."), s.journal_error);
    if (p) {
      /* TRANSLATORS: %s: why, in the server's words. */
      text += (text ? " " : "") + fmt(s.ended ? _("Not in your journal yet, because %s. The server keeps trying until it is in.") :
        _("Not in your journal yet, because %s. The server keeps trying until it is in; you can carry on."), p.message);
      v.waited = true;
    } else if (v.waited && !s.journal_error) {
      text = _("Everything you gave is in your journal now.");
    }
    el.journal.hidden = !text;
    el.journal.textContent = text;
    el.journal.classList.toggle("bad", !!(p || s.journal_error));
    // The score shown during the rest, once it is in: as the engine said it.
    if (v.noteAt !== null && (!s.journal_pending || s.journal_pending.from > v.noteAt)) {
      const at = v.noteAt;
      v.noteAt = null;
      api("/api/session?since=" + at).then((r) => {
        const c = r.session && r.session.serial === v.serial ? r.session.cues[0] : null;
        if (c && c.kind === "pain" && c.saved !== false) { v.note = c.text; draw(); }
      }).catch(() => {});
    }
  }

  // What was done, as History counts it: a session that reached its end
  // went through to the end, even with stretches skipped on the way. A
  // stretch is done in full when nothing of it was skipped or cut short
  // by a stop, in part when a repetition or side of it was done before
  // that (reps_done, sides_done), else skipped.
  function doneWords(s, r) {
    const n = s.plan.items.length, rounds = s.plan.rounds, planned = n * rounds;
    const items = r.items || [];
    const did = (x) => x.reps_done > 0 || x.sides_done > 0;
    const full = items.filter((x) => !x.skipped && !x.stopped).length;
    const part = items.filter((x) => (x.skipped || x.stopped) && did(x)).length;
    const skipped = items.filter((x) => x.skipped && !did(x)).length;
    /* TRANSLATORS: what a session planned: "6 stretches planned (3 exercises done 2 times)". */
    const what = fmt(P_("%d stretch planned", "%d stretches planned", planned), planned) +
      (rounds > 1 ? " (" + fmt(P_("%d exercise done %d times", "%d exercises done %d times", n), n, rounds) + ")" : "");
    if (s.state.phase === "done") {
      if (full === planned) return fmt(_("You went through to the end and finished all %s."), what);
      const parts = [full ? fmt(_("%d in full"), full) : "", part ? fmt(_("%d in part"), part) : "",
        skipped ? fmt(_("%d skipped"), skipped) : ""].filter(Boolean);
      /* TRANSLATORS: the last two of a list: "2 in full, 1 in part and 1 skipped". */
      const listed = parts.length > 1 ? fmt(_("%s and %s"), parts.slice(0, -1).join(", "), parts[parts.length - 1]) :
        parts.join("");
      return fmt(_("You went through to the end of the %s: %s."), what, listed);
    }
    const you = r.reason === "user";
    if (!full && !part)
      return you ? _("You stopped before a stretch was finished.") : _("The session stopped before a stretch was finished.");
    const more = part ? fmt(_(", and part of %d more"), part) : "";
    return fmt(you ? _("Before you stopped, you finished %d of the %s%s.") :
      _("Before the session stopped, you finished %d of the %s%s."), full, what, more);
  }

  function end() {
    const s = v.s, r = s.result || {};
    const inJournal = s.journal && !s.journal_pending && !s.journal_error;
    // "Not now" at the checklist: nothing began, so nothing to rest from.
    const unbegun = r.reason === "user" && r.started_ms === null;
    if (unbegun) {
      el.phase.textContent = _("Not started");
      el.name.textContent = _("Another time");
      el.text.textContent = _("Nothing was started. Your plan will be here when you are ready.");
    } else if (r.reason === "interrupted") {
      // Ended by the server, not the person: limber was stopped (or
      // started again) while the session ran. What was done before is in
      // the journal, which the server wrote as it went.
      el.text.textContent = _("limber was stopped while the session was under way, so the session ended here. " +
        "Nothing you finished is lost: the stretches you finished and the pain scores you gave are in your journal.");
    }
    fill(el.end,
      unbegun ? null : h("p", { class: "summary" }, doneWords(s, r)),
      inJournal ? h("p", null, _("It is in your journal.")) :
        s.journal_pending && s.journal_pending.refused ?
          h("p", null, _("Not all of it is in your journal yet: the server keeps trying.")) : null,
      h("div", { class: "choices two" },
        h("a", { class: "btn big", href: "#/history" }, _("See your history")),
        h("button", { class: "btn big", onclick: () => leave(true) }, _("Back to Today"))));
    el.end.hidden = false;
    release();
  }

  // ---------------------------------------------------------- the server

  function take(s, withCues) {
    if (!s) return;
    if (s.serial !== v.serial) {
      // Another session was started elsewhere: follow it.
      v.serial = s.serial;
      v.checklist = [];
    }
    const phaseBefore = v.s.state.phase;
    if (typeof s.now_ms === "number") v.offset = Math.min(v.offset, performance.now() - s.now_ms);
    if (withCues) {
      cues(s.cues, s.now_ms, s.next - s.cues.length);
      v.next = s.next;
      if (s.voice && !s.ended) prefetch(s.serial, s.next, s.coming);
    }
    v.s = s;
    v.recvAt = performance.now();
    keepLast(s);
    draw();
    if (s.state.phase !== phaseBefore) focusFor(s.state.phase);
  }

  // A check-in's answers are never under the buttons kept at the
  // window's foot: on a short window the page scrolls just far enough
  // to show "No answer, go on" above them, as the check-in begins and
  // whenever the window changes size.
  function answersInView() {
    if (el.checkin.hidden) return;
    const under = el.noAnswer.getBoundingClientRect().bottom - el.keep.getBoundingClientRect().top;
    if (under > 0) window.scrollBy(0, under + 8);
  }

  function focusFor(phase) {
    // Keyboard users land where the answer is expected.
    if (phase === "checkin") {
      painButtons[0].focus({ preventScroll: true });
      answersInView();
    }
    else if (phase === "done" || phase === "stopped") el.name.focus();
    else if (document.activeElement && document.activeElement.closest &&
      (document.activeElement.closest(".checkin") || document.activeElement.closest(".prepare")))
      el.pause.focus({ preventScroll: true });
  }

  // A dropped connection: the page keeps the step it shows and counts
  // down from the last state it had (clock()), says so, and keeps
  // asking; the server's session goes on meanwhile, and the next answer
  // brings the page to where it is. The sharp-pain button needs nothing
  // from the server (warnNow). notSent: a button's press that did not
  // get through.
  function connection(lost, notSent) {
    // A figure missed while the connection was down is asked for again.
    if (v.lost && !lost && !el.nofig.hidden) v.figKey = "";
    v.lost = lost;
    let text = "";
    if (!lost) text = "";
    else if (v.warned || v.s.ended) text = _("Connection lost. The page keeps trying.");
    else if (notSent) text = _("Not sent: the connection is lost. The session goes on; " +
      "try again when the connection is back. The sharp pain button still works.");
    else text = timed(v.s.state.phase) && !v.s.state.paused ?
      _("Connection lost. The page keeps trying, and counts down on its own. The sharp pain button still works.") :
      _("Connection lost. The page keeps trying. The sharp pain button still works.");
    el.conn.textContent = text;
    el.conn.classList.toggle("notice", !!text);
    // The caption at 0; after a warning there is no countdown to show.
    if (!v.warned) clock();
  }

  // Back online: ask at once rather than at the end of the wait.
  function onOnline() {
    if (v.retry) v.retry();
  }

  // The browser knows the network is gone: the request waiting for the
  // next cue will not bring it, so the page says so now.
  function onOffline() {
    if (v.abort && !v.stopped) v.abort.abort();
  }

  async function loop() {
    let backoff = 500;
    // After the end too, while records wait: to say when they are in.
    while (!v.stopped && (!v.s.ended || v.s.journal_pending)) {
      v.abort = new AbortController();
      // A link gone quiet (a phone's Wi-Fi dropped) may never fail a
      // request: one that outlasts its wait by far counts as lost.
      const quiet = window.setTimeout(() => v.abort.abort(), 30000);
      try {
        const r = await api("/api/session?since=" + v.next + "&wait=20", { signal: v.abort.signal });
        if (v.stopped) return;
        connection(false);
        backoff = 500;
        // A server started again knows no session; after a warning the
        // stop advice stays on the screen until the person leaves it, and
        // the warning goes on being sent (deliverWarning).
        if (!r.session) return v.warned ? undefined : leave(true);
        if (r.session.serial !== v.serial) v.next = 0;
        take(r.session, true);
      } catch (e) {
        if (v.stopped) return;
        if (tokenError(e)) return tokenLost(e);
        if (lostConnection(e)) connection(true);
        else el.conn.textContent = _("Connection lost. Trying again…");
        await new Promise((res) => {
          const t = window.setTimeout(res, backoff);
          v.retry = () => { window.clearTimeout(t); res(); };
        });
        v.retry = null;
        backoff = Math.min(backoff * 2, 5000);
      } finally {
        window.clearTimeout(quiet);
      }
    }
  }

  // ---------------------------------------------------------- awake

  // A phone's screen that turns off mid-hold loses the person their
  // place: the page holds a screen wake lock while the session runs, and
  // takes it again when it is shown again (the browser lets it go when
  // the page is hidden). Browsers give one only to a secure context
  // (https, or this computer's own address: limber serve --lan is HTTPS
  // for it), and may refuse it (a battery saver). Then the page says so,
  // once, with what the person can do.
  async function keepAwake() {
    if (v.stopped || v.s.ended || document.visibilityState !== "visible") return;
    if (!navigator.wakeLock) return mayTurnOff(window.isSecureContext ? "browser" : "insecure");
    try {
      const lock = await navigator.wakeLock.request("screen");
      if (v.stopped) { lock.release().catch(() => {}); return; }
      v.wake = lock;
      lock.addEventListener("release", () => { if (v.wake === lock) v.wake = null; });
    } catch (e) {
      v.wake = null;
      mayTurnOff("refused");
    }
  }

  const TURN_OFF = {
    insecure: N_("a browser keeps it on only for an https:// address, which limber serve --lan gives."),
    browser: N_("this browser cannot keep it on."),
    refused: N_("the browser did not let this page keep it on (a battery saver can stop it)."),
  };

  function mayTurnOff(why) {
    if (v.sleepSaid) return;
    v.sleepSaid = true;
    /* TRANSLATORS: %s: why the page cannot keep the screen on. */
    el.awake.textContent = fmt(_("Your screen may turn off during the session: %s" +
      " Set it to stay on longer in your device's settings. If it turns off, the session goes on: " +
      "wake the screen to pick it up."), _(TURN_OFF[why]));
    el.awake.hidden = false;
  }

  function onVisible() {
    if (document.visibilityState === "visible") keepAwake();
  }

  function release() {
    if (v.wake) { v.wake.release().catch(() => {}); v.wake = null; }
    if (v.timer) { window.clearInterval(v.timer); v.timer = null; }
  }

  function stop() {
    v.stopped = true;
    stopListening(heard);
    if (v.abort) v.abort.abort();
    release();
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("visibilitychange", onVisible);
    window.removeEventListener("online", onOnline);
    window.removeEventListener("offline", onOffline);
    window.removeEventListener("resize", answersInView);
    document.body.classList.remove("in-session");
    hush();
  }

  function leave(again) {
    stop();
    if (again) onleave();
  }

  // limber was started with a new token: nothing here reaches it any
  // more. After a warning the advice stays on the screen, with the words
  // under it; else the words take the page (dom.js, TOKEN_WORDS).
  function tokenLost(e) {
    if (v.warned) {
      el.conn.replaceChildren(errorBox(e));
      return;
    }
    leave(false);
    remember(null);
    fill(main, h("section", { class: "card" }, h("h1", { tabindex: "-1" }, _("limber cannot be reached from here")),
      errorBox(e)));
  }

  document.addEventListener("visibilitychange", onVisible);
  window.addEventListener("online", onOnline);
  window.addEventListener("resize", answersInView);
  window.addEventListener("offline", onOffline);
  v.timer = window.setInterval(clock, 250);
  keepAwake();

  // A warning given here before a reload, not yet in the journal.
  const p = pendingWarning();
  if (p && p.serial === v.serial && !first.ended) v.warned = true;
  // One from an earlier session (the server was started again): sent too.
  else if (p) deliverWarning();

  // Cues given with the first state (a new session's checklist).
  cues(first.cues || [], first.now_ms, (first.next || 0) - (first.cues || []).length);
  if (first.voice && !first.ended) prefetch(first.serial, first.next || 0, first.coming);
  draw();
  if (v.warned) {
    announce(v.s.warning_advice || "", true);
    deliverWarning(heard);
  }
  if (first.state.phase === "prepare" && !v.checklist.length) {
    // After a reload the checklist's cues are fetched again.
    api("/api/session?since=0").then((r) => {
      if (r.session && r.session.serial === v.serial) {
        v.checklist = r.session.cues.filter((c) => c.kind === "checklist").map((c) => c.text);
        draw();
      }
    }).catch(() => {});
  }
  focusFor(first.state.phase);
  keepLast(v.s);
  // Opened from what this tab kept (offlineSession): said at once.
  if (first.offline) connection(true);
  if (first.state.phase === "prepare") el.ready.focus({ preventScroll: true });
  loop();
  return stop;
}
