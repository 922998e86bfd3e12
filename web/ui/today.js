// today.js - the Today page: the next-day check, the safety questions,
// the plan, then the guided session (session.js).
//
// The rules are the server's, which are the library's and the terminal's:
// the page asks, the server screens and records, and a plan is only made
// under a check that holds (12 hours for the area it asked about). The
// questions are asked again before every session; only the slow-changing
// answers ("reusable" in GET /api/questions) of a check made earlier the
// same day are carried over (docs/safety.md). When a
// session is already under way - the page was reloaded, or the phone
// slept - Today goes straight back to it.

import { h, fill, api, ApiError, announce, settings, errorBox, AREA_WORDS,
  LEVEL_WORDS, mmss, localTime } from "./dom.js";
import { sessionView } from "./session.js";

export function todayPage(main) {
  const ctl = { left: false, stop: null };
  begin(main, ctl);
  return () => { ctl.left = true; if (ctl.stop) ctl.stop(); };
}

function card(main, title, ...body) {
  const head = h("h1", { tabindex: "-1" }, title);
  fill(main, h("section", { class: "card" }, head, ...body));
  head.focus({ preventScroll: false });
  return head;
}

async function begin(main, ctl) {
  let check;
  try {
    const s = await api("/api/session");
    if (ctl.left) return;
    if (s.session && !s.session.ended) {
      ctl.stop = sessionView(main, s.session, () => begin(main, ctl));
      return;
    }
    check = await api("/api/check");
  } catch (e) {
    fill(main, errorBox(e), h("button", { class: "btn", onclick: () => begin(main, ctl) }, "Try again"));
    return;
  }
  if (ctl.left) return;
  const go = () => decide(main, ctl, check.check);
  if (check.next_day) nextDay(main, ctl, check.next_day, go);
  else go();
}

function sameDay(iso) {
  const a = new Date(iso), b = new Date();
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() &&
    a.getDate() === b.getDate();
}

function decide(main, ctl, check) {
  questions(main, ctl, check && check.holds && sameDay(check.at) ? check : null);
}

// ------------------------------------------------------------ next-day check

function nextDay(main, ctl, nd, then) {
  const scores = nd.before !== null && nd.after !== null ?
    " Your back hurt " + nd.before + " out of 10 before it and " + nd.after + " after it." : "";
  const answer = async (settled) => {
    try {
      await api("/api/next-day", { body: { session: nd.session, settled } });
    } catch (e) {
      main.prepend(errorBox(e));
      return;
    }
    if (!settled)
      announce("Noted. That session counts as one that made your back worse, so today's stretches have fewer repetitions.");
    then();
  };
  card(main, "Since your last session",
    h("p", null, "Your last session ended on " + localTime(nd.ended) + "." + scores),
    h("p", { class: "big" }, "Has the pain settled back to how it was before that session?"),
    h("div", { class: "choices two" },
      h("button", { class: "btn big", onclick: () => answer(true) }, "Yes, it has settled"),
      h("button", { class: "btn big", onclick: () => answer(false) }, "No, not yet")));
}

// ------------------------------------------------------------ the questions

function painPicker(label, onpick) {
  const id = "pain-label-" + Math.random().toString(36).slice(2);
  const buttons = [];
  for (let v = 0; v <= 10; v++) {
    const words = v === 0 ? "no pain" : v === 10 ? "the worst you can imagine" : "";
    buttons.push(h("button", { class: "pain p" + v, "data-pain": v,
      "aria-label": v + (words ? ", " + words : ""), onclick: () => onpick(v) }, String(v)));
  }
  return h("div", { class: "painpick" },
    h("p", { id, class: "big" }, label),
    h("div", { class: "scale", role: "group", "aria-labelledby": id }, buttons),
    h("p", { class: "scale-ends", "aria-hidden": "true" },
      h("span", null, "0 no pain"), h("span", null, "10 the worst you can imagine")));
}

async function questions(main, ctl, earlier) {
  let list;
  try {
    list = (await api("/api/questions")).questions;
  } catch (e) {
    fill(main, errorBox(e));
    return;
  }
  if (ctl.left) return;
  // Answered earlier today and slow to change: carried, not asked again.
  const kept = earlier ? list.filter((q) => q.reusable) : [];
  const carried = kept.filter((q) => earlier.yes.includes(q.id)).map((q) => q.id);
  const a = { pain: null, area: null, yes: carried.slice() };
  let asked = [];

  const askPain = () => card(main, "Is stretching safe for you today?",
    earlier ? h("p", null, "You answered the safety questions at " + localTime(earlier.at) +
      ". Your answers on a knee problem, pregnancy, osteoporosis and joint flexibility still hold; " +
      "the other questions are asked before every session.") :
      h("p", null, "A few questions first. Answer them as things are right now."),
    painPicker("How much does your back hurt right now?", (v) => { a.pain = v; askArea(); }));

  const askArea = () => card(main, "Where does it hurt?",
    h("div", { class: "choices" },
      ["upper", "lower", "both"].map((area) =>
        h("button", { class: "btn big", "data-area": area, onclick: () => {
          a.area = area;
          asked = list.filter((q) => !(q.area === "upper" && area === "lower") &&
            !kept.includes(q));
          ask(0);
        } }, area === "upper" ? "Neck and upper back" : area === "lower" ? "Lower back" : "Both"))),
    h("button", { class: "btn quiet", onclick: askPain }, "Back"));

  const ask = (i) => {
    if (i >= asked.length) return submit();
    const q = asked[i];
    const answer = (yes) => {
      a.yes = a.yes.filter((id) => id !== q.id);
      if (yes) a.yes.push(q.id);
      // Someone who should be calling for help is not kept answering.
      if (yes && (q.level === "emergency" || q.level === "urgent")) return submit();
      ask(i + 1);
    };
    card(main, "Question " + (i + 1) + " of " + asked.length,
      h("p", { class: "big question" }, q.text),
      h("div", { class: "choices two" },
        h("button", { class: "btn big", "data-answer": "no", onclick: () => answer(false) }, "No"),
        h("button", { class: "btn big", "data-answer": "yes", onclick: () => answer(true) }, "Yes")),
      h("button", { class: "btn quiet", onclick: () => (i > 0 ? ask(i - 1) : askArea()) }, "Back"));
  };

  const submit = async () => {
    let v;
    try {
      v = await api("/api/check", { body: { pain: a.pain, area: a.area, yes: a.yes } });
    } catch (e) {
      main.prepend(errorBox(e));
      return;
    }
    if (ctl.left) return;
    verdict(main, ctl, v.verdict, v.allows, a.area, a.pain);
  };

  askPain();
}

function verdictBlock(v) {
  const level = v.verdict;
  const cls = level === "go" ? "good" : level === "caution" ? "warn" : "bad";
  return h("div", { class: "verdict " + cls },
    h("p", { class: "level" }, LEVEL_WORDS[level] || level),
    v.reasons.length ? h("ul", { class: "reasons" },
      v.reasons.map((r) => h("li", null, r.advice))) : null,
    v.changed.length ? h("p", null, "Changed for you: " +
      v.changed.map((c) => c.stretch.replace(/-/g, " ")).join(", ") + ".") : null,
    v.excluded.length ? h("p", null, "Left out: " +
      v.excluded.map((x) => x.replace(/-/g, " ")).join(", ") + ".") : null);
}

function stopRules() {
  return h("p", { class: "rules" }, "Stretch only to a gentle pull, never into pain. " +
    "Stop at once if you feel sharp or shooting pain, numbness, tingling or dizziness: " +
    "the red button in the session does that.");
}

function verdict(main, ctl, v, allows, area, pain) {
  if (!allows) {
    card(main, "Not today", verdictBlock(v),
      h("p", null, "No session today. This is what the safety questions are for; " +
        "limber does not replace a doctor or physiotherapist."));
    announce(LEVEL_WORDS[v.verdict] || v.verdict, v.verdict === "emergency" || v.verdict === "urgent");
    return;
  }
  card(main, "Your check", verdictBlock(v), stopRules(),
    h("button", { class: "btn big primary", onclick: () => routine(main, ctl, area, pain) }, "Plan today's stretches"));
}

// ------------------------------------------------------------ the plan

function routine(main, ctl, area, pain) {
  const s = settings();
  const areas = area === "both" ? ["both", "upper", "lower"] : [area];
  const form = h("form", { class: "routine" },
    areas.length > 1 ? h("fieldset", null, h("legend", null, "Stretch for"),
      areas.map((x, i) => h("label", { class: "opt" },
        h("input", { type: "radio", name: "area", value: x, checked: i === 0 }), " ", AREA_WORDS[x]))) : null,
    h("label", { class: "field" }, "Time you have",
      h("select", { name: "minutes" }, [1, 2, 3, 5, 10, 15, 20, 30, 45, 60].map((m) =>
        h("option", { value: m, selected: m === Number(s.minutes) }, m + (m === 1 ? " minute" : " minutes"))))),
    h("fieldset", null, h("legend", null, "When"),
      [["general", "Any time"], ["after-workout", "After a workout"], ["desk", "At a desk"]].map(([v, t]) =>
        h("label", { class: "opt" }, h("input", { type: "radio", name: "context", value: v,
          checked: v === s.context }), " ", t))),
    h("fieldset", null, h("legend", null, "Today I cannot"),
      [["floor", "get down to the floor and up again"], ["kneeling", "put weight on my knees"],
        ["lying", "lie flat on my back"]].map(([v, t]) =>
        h("label", { class: "opt" }, h("input", { type: "checkbox", name: "no", value: v,
          checked: s.no.includes(v) }), " ", t))),
    h("button", { class: "btn big primary", type: "submit" }, "Make my plan"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const req = {
      area: fd.get("area") || area,
      minutes: Number(fd.get("minutes")),
      context: fd.get("context") || "general",
      no: fd.getAll("no"),
      pain,
    };
    plan(main, ctl, req);
  });
  card(main, "Today's routine", form);
}

async function plan(main, ctl, req) {
  const q = new URLSearchParams({ area: req.area, minutes: req.minutes, context: req.context, pain: req.pain });
  if (req.no.length) q.set("no", req.no.join(","));
  let p;
  try {
    p = await api("/api/plan?" + q.toString());
  } catch (e) {
    if (e instanceof ApiError && e.code === "blocked") {
      verdict(main, ctl, e.body.verdict, false, req.area, req.pain);
    } else if (e instanceof ApiError && e.code === "check-needed") {
      questions(main, ctl);
    } else {
      main.prepend(errorBox(e));
    }
    return;
  }
  if (ctl.left) return;
  showPlan(main, ctl, p.plan, req);
}

function showPlan(main, ctl, p, req) {
  const items = p.items.map((it, i) => h("li", { class: "item" },
    h("h2", null, (i + 1) + ". " + (it.variant_name || it.name)),
    h("p", { class: "dose" }, [
      it.reps === 1 ? "once" : it.reps + " times",
      it.sides === 2 ? " on each side" : "",
      ", holding " + it.hold_s + " seconds",
      it.rest_s ? ", resting " + it.rest_s + " seconds between" : "",
      " · about " + mmss(it.seconds),
    ].join("")),
    h("p", null, it.why)));
  const start = async (btn) => {
    btn.disabled = true;
    let s;
    try {
      s = await api("/api/session", { body: req });
    } catch (e) {
      btn.disabled = false;
      if (e instanceof ApiError && e.code === "session-running") return begin(main, ctl);
      main.prepend(errorBox(e));
      return;
    }
    if (ctl.left) return;
    ctl.stop = sessionView(main, s.session, () => begin(main, ctl));
  };
  card(main, "Your plan",
    h("p", { class: "summary" }, p.items.length + (p.items.length === 1 ? " stretch" : " stretches") +
      (p.rounds > 1 ? ", gone through " + p.rounds + " times" : "") +
      ", about " + mmss(p.seconds) + " in all."),
    p.note ? h("p", { class: "notice" }, p.note) : null,
    p.items.length ? h("ol", { class: "plan" }, items) : null,
    p.left_out && p.left_out.length ? h("details", null, h("summary", null, "Left out today"),
      h("ul", null, p.left_out.map((x) => h("li", null, x.why)))) : null,
    stopRules(),
    p.items.length ? h("button", { class: "btn big primary", onclick: (ev) => start(ev.currentTarget) },
      "Start the session") : null,
    h("button", { class: "btn quiet", onclick: () => routine(main, ctl, req.area, req.pain) }, "Change the routine"));
}
