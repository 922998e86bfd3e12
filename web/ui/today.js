// today.js - the Today page: the next-day check, the safety questions,
// the plan, then the guided session (session.js).
//
// The rules are the server's, which are the library's and the terminal's:
// the page asks, the server screens and records, and a plan is only made
// under a check that holds (one session, within 12 hours, for the area it
// asked about). The
// questions are asked again before every session; only the slow-changing
// answers ("reusable" in GET /api/questions) of a check made earlier the
// same day are carried over (docs/safety.md). When a
// session is already under way - the page was reloaded, or the phone
// slept - Today goes straight back to it. A routine asked for by the
// address (#/start?..., app.js) is chosen in advance on the routine's
// form, after the questions.

import { h, fill, api, ApiError, announce, settings, errorBox, errorPage, AREA_WORDS,
  LEVEL_WORDS, mmss, localTime, settle, emergencyNumber, SPORTS, pending,
  loading } from "./dom.js";
import { _, N_, P_, fmt, dateTime } from "./i18n.js";
import { sessionView, pendingWarning, deliverWarning, lostSession, voiceChoice, unlockAudio } from "./session.js";
import { offlineSession } from "./session.js";
import { lostConnection } from "./offline.js";

export function todayPage(main) {
  const ctl = { left: false, stop: null };
  begin(main, ctl);
  return () => { ctl.left = true; if (ctl.stop) ctl.stop(); };
}

// The routine the address asked for (wantRoutine), used once by the
// routine's form: { area, context, minutes }, each checked, or null.
let wanted = null;

export function wantRoutine(q) {
  const area = q.get("area"), minutes = Number(q.get("minutes"));
  let context = q.get("context");
  if (context === "after-workout") context = "workout";
  wanted = {
    area: AREAS.includes(area) ? area : null,
    context: CONTEXTS.some(([v]) => v === context) ? context : null,
    minutes: Number.isInteger(minutes) && minutes >= 1 && minutes <= 60 ? minutes : null,
  };
}

// Said once, above the next card shown: what happened to a session the
// server no longer knows (lostWords).
let notice = null;

function card(main, title, ...body) {
  const head = h("h1", { tabindex: "-1" }, title);
  fill(main, notice, h("section", { class: "card" }, head, ...body));
  // Above the heading that takes the focus: said too, not only shown.
  if (notice) announce(notice.textContent);
  notice = null;
  if (title === LEVEL_WORDS.emergency) head.classList.add("alarm");
  head.focus({ preventScroll: false });
  return head;
}

// Everything the first screen needs comes in one request (GET
// /api/today): on a slow link each request is a wait, and the questions
// used to come after six others, one after another.
async function begin(main, ctl) {
  let check, asked;
  if (!main.querySelector("section.card, .loading")) loading(main);
  try {
    const t = await api("/api/today");
    if (ctl.left) return;
    const lost = lostSession(t.session);
    // Said before the first question; another session under way is
    // simply shown.
    notice = lost && !(t.session && !t.session.ended) ? lostWords(lost) : null;
    if (t.session && !t.session.ended) {
      // The session under way is the one to follow; a routine asked
      // for meanwhile is not kept for later.
      wanted = null;
      ctl.stop = sessionView(main, t.session, () => begin(main, ctl));
      return;
    }
    check = t.check;
    asked = t.questions;
    // The questions on how it is going that are due, asked before the
    // plan (howItIsGoing).
    ctl.measures = t.measures;
    if (pendingWarning()) {
      // A warning given here that the server has not recorded yet comes
      // first: it holds the rest of the day, so the check is read again.
      card(main, _("The session stopped"),
        h("p", null, _("Recording the warning you gave in your journal…")));
      await deliverWarning();
      if (ctl.left) return;
      check = await api("/api/check");
    }
  } catch (e) {
    // No connection: the session this tab last showed, if one was under
    // way, from what the page kept (offlineSession); it catches up later.
    const last = lostConnection(e) ? offlineSession() : null;
    if (last) {
      ctl.stop = sessionView(main, last, () => begin(main, ctl));
      return;
    }
    const again = h("button", { class: "btn", onclick: () => {
      pending(again, _("Trying again…"));
      begin(main, ctl);
    } }, _("Try again"));
    errorPage(main, _("Today"), e, again);
    return;
  }
  if (ctl.left) return;
  if (check.held) return held(main, ctl, check.held);
  const go = () => decide(main, ctl, check.check, asked);
  if (check.next_day) nextDay(main, ctl, check.next_day, go);
  else go();
}

// A session this browser had under way that the server no longer knows:
// limber was started again (or stopped) in the middle of it. What was
// done is in the journal: the server writes each stretch and score as it
// comes, and a session cut short is kept as interrupted with everything
// before (docs/coach.md, "What the journal keeps").
function lostWords(lost) {
  return h("div", { class: "notice lost", role: "status" },
    h("p", null, lost.begun ?
      _("limber was restarted, so the session in progress was lost. " +
        "Nothing you finished is lost: the stretches you finished and the pain scores you gave " +
        "are in your journal, under History.") :
      _("limber was restarted before your session began, so nothing was lost.")),
    h("p", null, _("You can start again below: the questions come first, as before every session.")));
}

function sameDay(iso) {
  const a = new Date(iso), b = new Date();
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() &&
    a.getDate() === b.getDate();
}

function decide(main, ctl, check, asked) {
  questions(main, ctl, check && check.holds && sameDay(check.at) ? check : null, asked);
}

// ------------------------------------------------------------ next-day check

function nextDay(main, ctl, nd, then) {
  const scores = nd.before !== null && nd.after !== null ?
    " " + fmt(_("Your back hurt %d out of 10 before it and %d after it."), nd.before, nd.after) : "";
  const answer = async (settled, ev) => {
    const done = pending(ev.currentTarget, _("Sending…"), buttons.filter((b) => b !== ev.currentTarget));
    try {
      await api("/api/next-day", { body: { session: nd.session, settled } });
    } catch (e) {
      done();
      main.prepend(errorBox(e));
      return;
    }
    if (!settled)
      announce(_("Noted. That session counts as one that made your back worse, so today's stretches have fewer repetitions."));
    then();
  };
  const buttons = settle(
    h("button", { class: "btn big", onclick: (ev) => answer(true, ev) }, _("Yes, it has settled")),
    h("button", { class: "btn big", onclick: (ev) => answer(false, ev) }, _("No, not yet")));
  card(main, _("Since your last session"),
    h("p", null, fmt(_("Your last session ended on %s."), localTime(nd.ended)) + scores),
    h("p", { class: "big" }, _("Has the pain settled back to how it was before that session?")),
    h("div", { class: "choices two" }, buttons));
}

// ------------------------------------------------------------ the questions

function painPicker(label, onpick) {
  const id = "pain-label-" + Math.random().toString(36).slice(2);
  const buttons = [];
  for (let v = 0; v <= 10; v++) {
    const words = v === 0 ? _("no pain") : v === 10 ? _("the worst you can imagine") : "";
    buttons.push(h("button", { class: "pain p" + v, "data-pain": v,
      "aria-label": v + (words ? ", " + words : ""), onclick: () => onpick(v) }, String(v)));
  }
  return h("div", { class: "painpick" },
    h("p", { id, class: "big" }, label),
    h("div", { class: "scale", role: "group", "aria-labelledby": id }, settle(buttons)),
    h("p", { class: "scale-ends", "aria-hidden": "true" },
      h("span", null, "0 " + _("no pain")), h("span", null, "10 " + _("the worst you can imagine"))));
}

// The areas the page offers, each with the questions the library asks for
// it (GET /api/questions?area=), as the terminal does.
const AREAS = ["upper", "lower", "both"];

async function questions(main, ctl, earlier, given) {
  let list, severe;
  const forArea = {};
  try {
    // Which questions an area asks, in what order, and which "yes" ends
    // the asking are the library's rules, served to the page so that it
    // cannot ask differently from the terminal. All three areas are read
    // at once, so that choosing one never waits for the network: with
    // the first screen (GET /api/today), or else in one go here.
    let r = given;
    if (!r) {
      loading(main);
      const [all, ...areas] = await Promise.all([api("/api/questions"),
        ...AREAS.map((area) => api("/api/questions?area=" + area))]);
      r = { questions: all.questions, severe_pain: all.severe_pain, asked: {} };
      AREAS.forEach((area, i) => { r.asked[area] = areas[i].questions; });
    }
    list = r.questions;
    severe = r.severe_pain;
    AREAS.forEach((area) => { forArea[area] = r.asked[area]; });
  } catch (e) {
    errorPage(main, _("Today"), e);
    return;
  }
  if (ctl.left) return;
  // Answered earlier today and slow to change: carried, not asked again.
  const kept = earlier ? list.filter((q) => q.reusable) : [];
  const carried = kept.filter((q) => earlier.yes.includes(q.id)).map((q) => q.id);
  const a = { pain: null, area: null, yes: carried.slice() };
  let asked = [];

  const askPain = () => card(main, _("Is stretching safe for you today?"),
    earlier ? h("p", null, fmt(_("You answered the safety questions at %s. Your answers on a knee problem, " +
      "pregnancy, osteoporosis and joint flexibility still hold; " +
      "the other questions are asked before every session."), localTime(earlier.at))) :
      h("p", null, _("A few questions first. Answer them as things are right now.")),
    painPicker(_("How much does your back hurt right now?"), (v) => { a.pain = v; askArea(); }));

  // Severe pain is reason enough to see a clinician: only the questions
  // that could mean help is needed sooner are asked (docs/safety.md).
  const isSevere = () => a.pain !== null && a.pain >= severe;

  const askArea = () => card(main, _("Where does it hurt?"),
    h("div", { class: "choices" }, settle(
      AREAS.map((area) =>
        h("button", { class: "btn big", "data-area": area, onclick: () => {
          a.area = area;
          asked = forArea[area].filter((q) => !kept.some((k) => k.id === q.id) &&
            (!isSevere() || q.severe));
          ask(0, false);
        } }, area === "upper" ? _("Neck and upper back") : area === "lower" ? _("Lower back") : _("Both"))))),
    h("button", { class: "btn quiet", onclick: askPain }, _("Back")));

  // fixing: an answer changed from the review goes back to the review.
  const ask = (i, fixing) => {
    if (i >= asked.length) return review();
    const q = asked[i];
    const answer = (yes) => {
      a.yes = a.yes.filter((id) => id !== q.id);
      if (yes) a.yes.push(q.id);
      // Someone who should be calling for help is not kept answering.
      if (yes && q.ends) return submit();
      if (fixing) return review();
      ask(i + 1, false);
    };
    card(main, fmt(_("Question %d of %d"), i + 1, asked.length),
      i === 0 && isSevere() ? h("p", { class: "notice" }, fmt(_("Pain of %d out of 10 is reason enough " +
        "to see a doctor or physiotherapist before stretching. " +
        "So only the questions about signs that need help sooner are asked now."), a.pain)) : null,
      h("p", { class: "big question" }, q.text),
      h("div", { class: "choices two" }, settle(
        h("button", { class: "btn big", "data-answer": "no", onclick: () => answer(false) }, _("No")),
        h("button", { class: "btn big", "data-answer": "yes", onclick: () => answer(true) }, _("Yes")))),
      h("button", { class: "btn quiet", onclick: () => (fixing ? review() : i > 0 ? ask(i - 1, false) : askArea()) },
        fixing ? _("Keep the answer") : _("Back")));
  };

  // Before the answers are sent, they are shown together once: an
  // answer given by a slip of the finger is seen and can be changed.
  const review = () => {
    const yesCount = asked.filter((q) => a.yes.includes(q.id)).length;
    const send = h("button", { class: "btn big primary", "data-action": "send-answers",
      onclick: () => submit(pending(send, _("Sending your answers…"))) }, _("These answers are right"));
    card(main, _("Check your answers"),
      h("p", null, yesCount ? fmt(P_("You answered yes to %d question and no to the rest. " +
        "Please look over them before they are sent.",
      "You answered yes to %d questions and no to the rest. Please look over them before they are sent.",
      yesCount), yesCount) :
        _("You answered no to every question. Please look over them before they are sent.")),
      h("ol", { class: "review" }, asked.map((q, i) => {
        const yes = a.yes.includes(q.id);
        return h("li", { class: yes ? "yes" : "no" },
          h("span", { class: "q" }, q.text),
          h("span", { class: "a" }, yes ? _("Yes") : _("No")),
          h("button", { class: "btn quiet change", "aria-label": fmt(_("Change the answer to question %d"), i + 1),
            onclick: () => ask(i, true) }, _("Change")));
      })),
      settle(send));
  };

  // done: puts back the button that sent (pending in dom.js); a yes
  // that ends the asking sends from its own answer button.
  const submit = async (done) => {
    let v;
    const at = new Date();
    const yes = done ? null : main.querySelector('button[data-answer="yes"]');
    if (yes) done = pending(yes, _("Sending…"), [...main.querySelectorAll("button")].filter((b) => b !== yes));
    try {
      v = await api("/api/check", { body: { pain: a.pain, area: a.area, yes: a.yes } });
    } catch (e) {
      if (done) done();
      main.prepend(errorBox(e));
      return;
    }
    if (ctl.left) return;
    const told = { at, pain: a.pain, area: a.area,
      yes: list.filter((q) => a.yes.includes(q.id)) };
    verdict(main, ctl, v.verdict, v.allows, a.area, a.pain, told);
  };

  askPain();
}

function verdictBlock(v, quiet) {
  const level = v.verdict;
  const cls = level === "go" ? "good" : level === "caution" ? "warn" : "bad";
  return h("div", { class: "verdict " + cls },
    quiet ? h("h2", null, _("What your answers mean")) : h("p", { class: "level" }, LEVEL_WORDS[level] || level),
    v.reasons.length ? h("ul", { class: "reasons" },
      v.reasons.map((r) => h("li", null, r.advice))) : null,
    /* TRANSLATORS: %s: the exercises' names, with commas between them. */
    v.changed.length ? h("p", null, fmt(_("Changed for you: %s."),
      v.changed.map((c) => c.stretch.replace(/-/g, " ")).join(", "))) : null,
    /* TRANSLATORS: %s: the exercises' names, with commas between them. */
    v.excluded.length ? h("p", null, fmt(_("Left out: %s."),
      v.excluded.map((x) => x.replace(/-/g, " ")).join(", "))) : null);
}

// The stop rules are the library's words (LIMBER_STOP_RULES_TEXT), sent
// with every verdict that allows stretching, so that the page, the
// terminal and the audio say them alike.
function stopRules(v) {
  return h("p", { class: "rules" }, v.stop_rules + " " + _("The red button in the session does that."));
}

function verdict(main, ctl, v, allows, area, pain, told) {
  if (!allows) {
    const level = v.verdict;
    const holds = level === "emergency" || level === "urgent";
    if (level === "emergency") {
      card(main, LEVEL_WORDS.emergency, callNow(told), verdictBlock(v, true),
        mistakeOffer(main, ctl));
    } else {
      card(main, _("Not today"), verdictBlock(v),
        h("p", null, _("No session today. This is what the safety questions are for; " +
          "limber does not replace a doctor or physiotherapist.")),
        level === "urgent" ? h("p", null, _("If you cannot reach a doctor today:"), " ",
          h("a", { href: "tel:" + emergencyNumber(), "data-action": "call" },
            fmt(_("call %s"), emergencyNumber())), ".") : null,
        holds ? mistakeOffer(main, ctl) : null);
    }
    announce(LEVEL_WORDS[level] || level, holds);
    return;
  }
  card(main, _("Your check"), verdictBlock(v), stopRules(v),
    h("button", { class: "btn big primary", onclick: () =>
      howItIsGoing(main, ctl, () => routine(main, ctl, area, pain)) }, _("Plan today's stretches")));
}

// ------------------------------------------------------------ how it is going

// The outcome measures, when due (GET /api/today's "measures"), asked
// as the terminal asks them (cli/measures.c, docs/coach.md): PEG-3 once a
// week, then every two weeks how well the person can do up to three
// activities the pain makes hard (the Patient-Specific Functional
// Scale). The words are our own, never the instruments' published ones
// (docs/report.md, "Outcome measures"). "Not now" records a skip, so
// that they are not asked again until due. Each asking is sent once
// whole (POST /api/measures), and "noted" is said only once the server
// has answered that it is in the journal.

// PEG-3's three questions, each 0 to 10, with what its ends mean.
const PEG = [
  ["pain", N_("Over the past week, how much did it hurt, on average?"), N_("no pain"), N_("the worst you can imagine")],
  ["enjoyment", N_("Over the past week, how much did the pain get in the way of enjoying life?"),
    N_("not at all"), N_("completely")],
  ["activity", N_("Over the past week, how much did the pain get in the way of the things you do in a day, " +
    "at home, at work or out?"), N_("not at all"), N_("completely")],
];
const PSFS_LOW = N_("cannot do it at all");
const PSFS_HIGH = N_("as well as before the pain");

// A 0 to 10 scale of big buttons, as the check-in's, under its question.
// highIsWorse: 7 to 10 are marked as the check-in marks strong pain; not
// where 10 is the best (an activity done as well as before).
function scalePicker(question, low, high, highIsWorse, onpick) {
  const id = "scale-label-" + Math.random().toString(36).slice(2);
  const buttons = [];
  for (let v = 0; v <= 10; v++) {
    const words = v === 0 ? low : v === 10 ? high : "";
    buttons.push(h("button", { class: highIsWorse ? "pain p" + v : "pain", "data-score": v,
      "aria-label": v + (words ? ", " + words : ""), onclick: (ev) => onpick(v, ev.currentTarget) }, String(v)));
  }
  return h("div", { class: "painpick" },
    h("p", { id, class: "big question" }, question),
    h("div", { class: "scale", role: "group", "aria-labelledby": id }, settle(buttons)),
    h("p", { class: "scale-ends", "aria-hidden": "true" },
      h("span", null, "0 " + low), h("span", null, "10 " + high)));
}

// Said above the next card, and to screen readers (card()).
function told(text) {
  notice = h("p", { class: "notice told", role: "status" }, text);
}

// The bytes of a name as the server counts them (UTF-8).
const bytes = (s) => new TextEncoder().encode(s).length;

async function howItIsGoing(main, ctl, then) {
  const due = ctl.measures;
  if (!due || (!due.peg && !due.psfs)) return then();
  // Asked once a page load: later plans today go straight on.
  ctl.measures = null;

  // One asking sent; false (the error shown over the card, its button
  // back) when the journal did not take it.
  const send = async (body, button) => {
    const done = button ? pending(button, _("Sending…"),
      [...main.querySelectorAll("button")].filter((b) => b !== button)) : null;
    try {
      await api("/api/measures", { body });
    } catch (e) {
      if (done) done();
      main.querySelector(".notice.bad")?.remove();
      main.prepend(errorBox(e));
      return false;
    }
    return !ctl.left;
  };
  const notNow = (field, words, next) => {
    const b = h("button", { class: "btn quiet", "data-action": "not-now", onclick: async () => {
      if (!(await send({ [field]: { skipped: true } }, b))) return;
      told(words);
      next();
    } }, _("Not now"));
    return b;
  };

  const afterPeg = () => (due.psfs ? psfs() : then());

  // PEG-3: three questions, one a card; the answers go together.
  const peg = (i, answers) => {
    const [key, question, low, high] = PEG[i];
    const pick = async (v, button) => {
      const a = { ...answers, [key]: v };
      if (i + 1 < PEG.length) return peg(i + 1, a);
      if (!(await send({ peg: a }, button))) return;
      told(_("Noted in your journal."));
      afterPeg();
    };
    card(main, fmt(_("The past week: %d of %d"), i + 1, PEG.length),
      i === 0 ? h("p", null, _("Three questions on the past week, asked once a week: your answers " +
        "show whether the stretching is helping.")) : null,
      scalePicker(_(question), _(low), _(high), true, pick),
      h("div", { class: "later-choices" },
        notNow("peg", _("Not now, then: these three are asked again in a week."), afterPeg),
        i > 0 ? h("button", { class: "btn quiet", onclick: () => peg(i - 1, answers) }, _("Back")) : null));
  };

  // The activities: named the first time (or when changed), then scored.
  const psfs = () => (due.activities.length ? listed() : naming([]));

  const psfsNotNow = () => notNow("psfs", _("Not now, then: the activities are asked about again in two weeks."), then);

  const listed = () => card(main, _("The activities you named"),
    h("p", null, _("Every two weeks: how well can you do them now?")),
    h("ul", { class: "activities" }, due.activities.map((a) => h("li", null, a))),
    h("div", { class: "choices" }, settle(
      h("button", { class: "btn big primary", "data-action": "score", onclick: () => scoring(due.activities, 0, []) },
        _("Score them")),
      h("button", { class: "btn big", "data-action": "change", onclick: () => naming(due.activities) },
        _("Name other ones")))),
    psfsNotNow());

  const naming = (old) => {
    const max = due.activities_max || 3;
    const inputs = [];
    for (let i = 0; i < max; i++)
      inputs.push(h("input", { type: "text", name: "activity", autocomplete: "off",
        value: old[i] || "", "aria-describedby": "activity-help" }));
    const problem = h("p", { class: "notice bad", role: "alert", hidden: true });
    const form = h("form", { class: "activities-form", novalidate: true },
      h("p", { id: "activity-help" }, _("Name up to three everyday activities that the pain makes hard for you, " +
        "in a few words each (such as putting on socks, or carrying the shopping). One is enough.")),
      inputs.map((input, i) => h("label", { class: "field" },
        i > 0 ? fmt(_("Activity %d (if there is one)"), i + 1) : fmt(_("Activity %d"), i + 1), input)),
      problem,
      h("button", { class: "btn big primary", type: "submit" }, _("Go on to score them")));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      for (const input of inputs) input.removeAttribute("aria-invalid");
      const wrong = (input, words) => {
        problem.textContent = words;
        problem.hidden = false;
        input.setAttribute("aria-invalid", "true");
        input.focus();
      };
      const names = [];
      for (const input of inputs) {
        const name = input.value.trim();
        if (!name) continue;
        if (bytes(name) > (due.name_max || 100))
          return wrong(input, _("Please name it in fewer words."));
        if (names.some((n) => n.toLowerCase() === name.toLowerCase()))
          return wrong(input, _("You named that one already."));
        names.push(name);
      }
      if (!names.length) return wrong(inputs[0], _("Please name at least one activity, or choose Not now."));
      scoring(names, 0, []);
    });
    card(main, _("Activities the pain makes hard"), form, psfsNotNow());
  };

  const scoring = (names, i, scores) => {
    const pick = async (v, button) => {
      const s = scores.concat(v);
      if (i + 1 < names.length) return scoring(names, i + 1, s);
      if (!(await send({ psfs: names.map((activity, k) => ({ activity, score: s[k] })) }, button))) return;
      told(_("Noted in your journal."));
      then();
    };
    card(main, fmt(_("Activity %d of %d"), i + 1, names.length),
      h("p", null, _("How well can you do this now?")),
      scalePicker(names[i], _(PSFS_LOW), _(PSFS_HIGH), false, pick),
      h("div", { class: "later-choices" }, psfsNotNow(),
        h("button", { class: "btn quiet", onclick: () => (i > 0 ? scoring(names, i - 1, scores.slice(0, -1)) :
          due.activities.length ? listed() : naming(names)) }, _("Back"))));
  };

  if (due.peg) peg(0, {});
  else psfs();
}

// ------------------------------------------------------------ getting help

// The emergency screen's lead: the call, the number it dials (a setting,
// 112 unless changed: docs/safety.md), and what to tell the call handler.
function callNow(told) {
  const num = emergencyNumber();
  const tell = [];
  if (told) {
    /* TRANSLATORS: said to an emergency call handler; %s: where ("lower back"), %d: 0 to 10. */
    tell.push(fmt(_("You have %s pain, %d out of 10 now."), AREA_WORDS[told.area], told.pain));
    for (const q of told.yes) {
      const sign = q.sign || q.text;
      tell.push(sign.charAt(0).toUpperCase() + sign.slice(1).replace(/[.?]$/, "") + ".");
    }
    tell.push(_("When each of these began, as closely as you can."));
  }
  return h("div", { class: "call" },
    h("a", { class: "btn huge alarm", href: "tel:" + num, "data-action": "call" }, fmt(_("Call %s"), num)),
    h("p", { class: "small" }, fmt(_("This button dials %s, the emergency number set in"), num), " ",
      h("a", { href: "#/settings" }, _("Settings")),
      num === "112" ? ". " + _("112 reaches emergency services across Europe and from most mobile phones " +
        "elsewhere. If your country uses another number, call that.") : "."),
    tell.length ? h("h2", null, _("What to tell them")) : null,
    tell.length ? h("ul", { class: "tell" }, tell.map((t) => h("li", null, t))) : null,
    told ? h("p", { class: "small" }, fmt(_("You answered these questions at %s."),
      dateTime(told.at, { hour: "numeric", minute: "2-digit" }))) : null);
}

// "That answer was a mistake": asked to be sure, journalled by the
// server as the terminal does (POST /api/mistake), then the questions
// again. Only for a verdict's hold: a warning stop cannot be taken back.
function mistakeOffer(main, ctl) {
  const confirm = () => {
    const no = h("button", { class: "btn big", onclick: () => {
      pending(no, _("Going back…"), [yes]);
      begin(main, ctl);
    } }, _("No, go back"));
    const yes = h("button", { class: "btn big primary", "data-action": "mistake-yes", onclick: async () => {
      const done = pending(yes, _("Sending…"), [no]);
      let r;
      try {
        r = await api("/api/mistake", { body: {} });
      } catch (e) {
        done();
        main.prepend(errorBox(e));
        return;
      }
      if (ctl.left) return;
      if (r.held) return held(main, ctl, r.held);
      announce(_("Noted in your journal. The questions are asked again."));
      begin(main, ctl);
    } }, _("Yes, it was a mistake"));
    card(main, _("Was that answer a mistake?"),
      h("p", null, _("Say so only if you answered yes where the true answer is no. " +
        "It is written in your journal, and then the questions are asked again.")),
      h("div", { class: "choices two" }, settle(yes, no)));
  };
  return h("div", { class: "mistake" },
    h("p", { class: "small" }, _("Answered yes by a slip of the finger?")),
    h("button", { class: "btn quiet", "data-action": "mistake", onclick: confirm }, _("That answer was a mistake")));
}

// The rest of the day is held (a warning stop, or an urgent or emergency
// verdict earlier today): the server's words, and for a verdict the way
// out.
function held(main, ctl, hd) {
  const emergency = hd.level === "emergency";
  const num = emergencyNumber();
  card(main, emergency ? LEVEL_WORDS.emergency : _("Not today"),
    emergency ? callNow(null) : null,
    h("p", { class: "held-text" }, hd.message),
    emergency ? null : h("a", { class: "btn help-call", href: "tel:" + num, "data-action": "call" },
      hd.warning ? fmt(_("Call %s if it is severe"), num) : fmt(_("Call %s if you cannot reach a doctor today"), num)),
    hd.warning ? null : mistakeOffer(main, ctl));
}

// ------------------------------------------------------------ the plan

// The contexts the server knows (docs/api.md), in the terminal's words
// (limber plan --help).
const CONTEXTS = [["general", N_("Any time"), null],
  ["workout", N_("After a workout"), N_("a cool-down after exercise")],
  ["desk", N_("At a desk"), N_("2 to 5 minutes, seated or standing")]];
// A cool-down's sport, read in "A cool-down after %s.".
const SPORT_WORDS = { running: N_("running"), cycling: N_("cycling"), lifting: N_("lifting weights"),
  racket: N_("racket sports") };
// The plan's stage (docs/planner.md): what the planner puts in at each.
const STAGE_WORDS = { 1: N_("gentle (movement and stretches)"), 2: N_("building (strength added)"),
  3: N_("stronger (strength and control)") };
const KIND_WORDS = { stretch: N_("Stretch"), mobility: N_("Movement"), strength: N_("Strength"),
  "motor-control": N_("Control") };

// The catalog's names by id: a plan names the exercises it leaves for
// another day or leaves out by id alone. Read once a page load; without
// it the ids are shown, as words.
let namesOnce = null;
function stretchNames() {
  if (!namesOnce) {
    namesOnce = api("/api/stretches").then((c) =>
      Object.fromEntries(c.stretches.map((st) => [st.id, st.name])), () => {
      namesOnce = null;
      return {};
    });
  }
  return namesOnce;
}

function routine(main, ctl, area, pain) {
  const s = settings();
  const want = wanted || {};
  wanted = null;
  const areas = area === "both" ? ["both", "upper", "lower"] : [area];
  const first = areas.includes(want.area) ? want.area : areas[0];
  // A setting saved before "workout" was the context's name.
  const context = want.context || (s.context === "after-workout" ? "workout" : s.context);
  const minutes = want.minutes || Number(s.minutes);
  const choices = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60];
  if (!choices.includes(minutes)) {
    choices.push(minutes);
    choices.sort((x, y) => x - y);
  }
  // The sport a cool-down is for: asked only for a workout (the server
  // refuses a sport with another context), so hidden and left out of
  // the form's data otherwise (a disabled fieldset's inputs are).
  const sports = h("fieldset", { class: "sport" }, h("legend", null, _("After which sport")),
    SPORTS.map(([v, t]) => h("label", { class: "opt" }, h("input", { type: "radio", name: "sport",
      value: v, checked: v === (s.sport || "none") }), " ", _(t))));
  const showSports = () => {
    const workout = form.querySelector('input[name="context"]:checked')?.value === "workout";
    sports.hidden = !workout;
    sports.disabled = !workout;
  };
  const form = h("form", { class: "routine" },
    areas.length > 1 ? h("fieldset", null, h("legend", null, _("Stretch for")),
      areas.map((x) => h("label", { class: "opt" },
        h("input", { type: "radio", name: "area", value: x, checked: x === first }), " ", AREA_WORDS[x]))) : null,
    h("label", { class: "field" }, _("Time you have"),
      h("select", { name: "minutes" }, choices.map((m) =>
        h("option", { value: m, selected: m === minutes }, fmt(P_("%d minute", "%d minutes", m), m))))),
    h("fieldset", null, h("legend", null, _("When")),
      CONTEXTS.map(([v, t, hint]) =>
        h("label", { class: "opt" }, h("input", { type: "radio", name: "context", value: v,
          checked: v === context }), " ",
          h("span", null, _(t), hint ? h("span", { class: "hint" }, " (" + _(hint) + ")") : null)))),
    sports,
    h("fieldset", null, h("legend", null, _("Today I cannot")),
      [["floor", _("get down to the floor and up again")], ["kneeling", _("put weight on my knees")],
        ["lying", _("lie flat on my back")]].map(([v, t]) =>
        h("label", { class: "opt" }, h("input", { type: "checkbox", name: "no", value: v,
          checked: s.no.includes(v) }), " ", t))),
    h("button", { class: "btn big primary", type: "submit" }, _("Make my plan")));
  showSports();
  form.addEventListener("change", showSports);
  const make = form.querySelector('button[type="submit"]');
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (make.getAttribute("aria-busy") === "true") return;
    const fd = new FormData(form);
    const req = {
      area: fd.get("area") || area,
      minutes: Number(fd.get("minutes")),
      context: fd.get("context") || "general",
      no: fd.getAll("no"),
      pain,
    };
    const sport = fd.get("sport");
    if (sport && sport !== "none") req.sport = sport;
    plan(main, ctl, req, pending(make, _("Making your plan…")));
  });
  card(main, _("Today's routine"), form);
}

async function plan(main, ctl, req, done) {
  const q = new URLSearchParams({ area: req.area, minutes: req.minutes, context: req.context, pain: req.pain });
  if (req.no.length) q.set("no", req.no.join(","));
  if (req.sport) q.set("sport", req.sport);
  let p, names;
  try {
    [p, names] = await Promise.all([api("/api/plan?" + q.toString()), stretchNames()]);
  } catch (e) {
    done();
    if (e instanceof ApiError && e.code === "held") {
      held(main, ctl, e.body);
    } else if (e instanceof ApiError && e.code === "blocked") {
      verdict(main, ctl, e.body.verdict, false, req.area, req.pain);
    } else if (e instanceof ApiError && e.code === "check-needed") {
      questions(main, ctl);
    } else {
      main.prepend(errorBox(e));
    }
    return;
  }
  if (ctl.left) return;
  showPlan(main, ctl, p.plan, p.verdict, req, names);
}

function showPlan(main, ctl, p, v, req, names) {
  const name = (id) => names[id] || id.replace(/-/g, " ");
  // Left out for the same reason: one line, as the terminal groups them.
  const outFor = new Map();
  for (const x of p.left_out || [])
    outFor.set(x.why, (outFor.get(x.why) || []).concat(name(x.stretch)));
  const later = (p.later || []).map(name);
  const items = p.items.map((it, i) => h("li", { class: "item", "data-stretch": it.stretch },
    h("h2", null, (i + 1) + ". " + (it.variant_name || it.name)),
    h("p", { class: "dose" }, [
      KIND_WORDS[it.kind] ? _(KIND_WORDS[it.kind]) + " · " : "",
      /* TRANSLATORS: an exercise's dose in a plan: "3 times on each side, holding 20 seconds". */
      fmt(it.sides === 2 ? P_("once on each side", "%d times on each side", it.reps) :
        P_("once", "%d times", it.reps), it.reps),
      ", ", fmt(P_("holding %d second", "holding %d seconds", it.hold_s), it.hold_s),
      it.rest_s ? ", " + fmt(P_("resting %d second between", "resting %d seconds between", it.rest_s), it.rest_s) : "",
      " · ", fmt(_("about %s"), mmss(it.seconds)),
    ].join("")),
    h("p", { class: "why" }, it.why)));
  const start = async (btn) => {
    // The sound starts with the tap, so that it is running when the
    // first words come back (starting it then takes a good part of the
    // 250 ms a cue may be late).
    if (voiceChoice()) unlockAudio();
    const done = pending(btn, _("Starting…"));
    let s;
    try {
      s = await api("/api/session", { body: { ...req, voice: voiceChoice() } });
    } catch (e) {
      done();
      if (e instanceof ApiError && e.code === "session-running") return begin(main, ctl);
      if (e instanceof ApiError && e.code === "held") return held(main, ctl, e.body);
      main.prepend(errorBox(e));
      return;
    }
    if (ctl.left) return;
    ctl.stop = sessionView(main, s.session, () => begin(main, ctl));
  };
  card(main, _("Your plan"),
    h("p", { class: "summary" }, fmt(P_("%d exercise", "%d exercises", p.items.length), p.items.length) +
      (p.rounds > 1 ? ", " + fmt(P_("gone through %d time", "gone through %d times", p.rounds), p.rounds) : "") +
      // The session's length, intros and rests included (session_seconds):
      // the one the session's own bar shows.
      ", " + fmt(_("about %s in all."), mmss(p.session_seconds ?? p.seconds))),
    p.sport ? h("p", { class: "sport" }, fmt(_("A cool-down after %s."),
      SPORT_WORDS[p.sport] ? _(SPORT_WORDS[p.sport]) : p.sport)) : null,
    STAGE_WORDS[p.stage] ? h("p", { class: "stage" }, fmt(_("Stage: %s."), _(STAGE_WORDS[p.stage]))) : null,
    p.note ? h("p", { class: "notice" }, p.note) : null,
    p.items.length ? h("ol", { class: "plan" }, items) : null,
    later.length ? h("p", { class: "later" }, fmt(_("For another day: %s."), later.join(", "))) : null,
    outFor.size ? h("details", null, h("summary", null, _("Left out today")),
      h("ul", { class: "left-out" }, [...outFor].map(([why, who]) =>
        h("li", null, who.join(", ") + ": " + why)))) : null,
    stopRules(v),
    p.items.length ? h("button", { class: "btn big primary", onclick: (ev) => start(ev.currentTarget) },
      _("Start the session")) : null,
    h("button", { class: "btn quiet", onclick: () => routine(main, ctl, req.area, req.pain) }, _("Change the routine")));
}
