// session.test.mjs - limber's page in a real browser: playwright-core
// driving Debian's chromium, through a short whole session at a desktop
// size (1280x800) and a phone size (390x844): the safety questions, the
// plan, the guided session (with a pause, a reload half-way and a pain
// score at every check-in), then History showing it. The catalog is the
// four built-in stretches cut to 1-second steps in the user's folder, as
// the terminal coach's tests do, and the server's session clock runs 4
// times real time (the test clock). Screenshots go to $LIMBER_SHOTS (or a temporary folder).
//
// Waits are for states, with generous timeouts, never for times.
//
// usage: node --test session.test.mjs   (LIMBER=path/to/limber)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

const LIMBER = process.env.LIMBER;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = process.env.LIMBER_SHOTS || fs.mkdtempSync(path.join(os.tmpdir(), "limber-shots-"));
const IDS = ["childs-pose", "neck-rolls", "pelvic-tilt", "seated-spinal-twist"];
const LONG = 60000;

let chromium;
let browser = null;
let why = null;

function fast(st) {
  const cut = (steps) => {
    const move = steps.filter((s) => !s.hold).map((s) => ({ ...s, seconds: 1 }));
    return move.slice(0, 1).concat(steps.filter((s) => s.hold).slice(0, 1));
  };
  st.steps = cut(st.steps);
  for (const v of st.variants || []) v.steps = cut(v.steps);
  st.dose = { reps: { start: 1, min: 1, max: 2 }, hold_s: { start: 1, min: 1, max: 30 },
    rest_s: { start: 0, min: 0, max: 30 } };
  return st;
}

// `limber serve --port 0` in a fresh home with the fast catalog.
async function serve() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "limber-web-"));
  const data = path.join(dir, "data");
  const folder = path.join(data, "limber", "stretches");
  fs.mkdirSync(folder, { recursive: true });
  const env = { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: data, LANG: "C.UTF-8",
    LIMBER_JOURNAL: path.join(dir, "journal.db"),
    // The session's clock 4 times real time, in a build with the test
    // clock (docs/testing.md): a session of a minute in a quarter of it,
    // still slow enough for every pause and tap the page waits for.
    LIMBER_TEST_CLOCK: "4",
    ASAN_OPTIONS: process.env.ASAN_OPTIONS || "", UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || "" };
  for (const id of IDS) {
    const st = JSON.parse(execFileSync(LIMBER, ["show", id, "--json"], { env }));
    fs.writeFileSync(path.join(folder, id + ".json"), JSON.stringify(fast(st)));
  }
  const proc = spawn(LIMBER, ["serve", "--port", "0"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => { stderr += d; });
  const port = await new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: proc.stdout });
    const timer = setTimeout(() => reject(new Error("no address printed: " + stderr)), 20000);
    rl.on("line", (line) => {
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    proc.on("exit", (code) => reject(new Error("limber serve exited " + code + ": " + stderr)));
  });
  return {
    url: "http://127.0.0.1:" + port + "/",
    env,
    async stop() {
      const done = new Promise((resolve) => proc.on("exit", (code) => resolve(code)));
      proc.kill("SIGTERM");
      const code = await done;
      fs.rmSync(dir, { recursive: true, force: true });
      assert.equal(code, 0, "limber serve's exit status; stderr: " + stderr);
      assert.ok(!/AddressSanitizer|runtime error/.test(stderr), stderr);
    },
  };
}

before(async () => {
  assert.ok(LIMBER, "set LIMBER to the limber program");
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (e) {
    throw new Error("playwright-core is missing: run 'npm ci' in tests/web (test.sh does)");
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "limber-chromium-"));
  try {
    // A persistent context is a browser with a fresh --user-data-dir.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, timeout: LONG,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  } catch (e) {
    why = "chromium cannot start (" + CHROMIUM + "): " + String(e.message).split("\n")[0];
    console.log("# SKIP: " + why);
  }
});

after(async () => {
  if (browser) await browser.close();
  console.log("# screenshots in " + SHOTS);
});

async function shot(page, name) {
  const file = path.join(SHOTS, name + ".png");
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

// The whole journey at one size.
async function journey(t, size, name) {
  if (!browser) return t.skip(why);
  const srv = await serve();
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  // The voice is the server's: each cue the page says is fetched.
  const voice = [];
  page.on("response", (r) => { if (r.url().includes("/api/voice?")) voice.push(r.status()); });
  page.setDefaultTimeout(LONG);
  try {
    await page.setViewportSize(size);
    await page.goto(srv.url);

    // The safety questions.
    await page.getByRole("heading", { name: "Is stretching safe for you today?" }).waitFor();
    await shot(page, name + "-1-check");
    await page.locator('button[data-pain="2"]').click();
    await page.locator('button[data-area="upper"]').click();
    let asked = 0;
    for (;;) {
      const h1 = (await page.locator("main h1").first().textContent()).trim();
      const m = /^Question (\d+) of (\d+)$/.exec(h1);
      if (!m) break;
      await page.locator('button[data-answer="no"]').click();
      asked++;
      const next = Number(m[1]) < Number(m[2]) ? "Question " + (Number(m[1]) + 1) + " of " + m[2] : "Your check";
      await page.getByRole("heading", { name: next, exact: true }).waitFor();
    }
    assert.ok(asked >= 10, "questions asked: " + asked);
    await page.getByRole("heading", { name: "Your check" }).waitFor();
    assert.match(await page.locator(".verdict .level").textContent(), /^Go/);

    // The plan.
    await page.getByRole("button", { name: "Plan today's stretches" }).click();
    await page.getByRole("heading", { name: "Today's routine" }).waitFor();
    await page.locator('select[name="minutes"]').selectOption("1");
    await page.getByRole("button", { name: "Make my plan" }).click();
    await page.getByRole("heading", { name: "Your plan" }).waitFor();
    assert.match(await page.locator(".plan").textContent(), /Neck rolls/);
    await shot(page, name + "-2-plan");

    // The session: the checklist, then begin.
    await page.getByRole("button", { name: "Start the session" }).click();
    const ses = page.locator("section.session");
    await ses.and(page.locator('[data-phase="prepare"]')).waitFor();
    assert.ok(await page.locator(".checklist li").count() >= 1, "checklist");
    await shot(page, name + "-3-checklist");
    if (name === "desktop") {
      // The keyboard alone: the ready button has the focus.
      await page.keyboard.press("Enter");
    } else {
      await page.getByRole("button", { name: "I'm ready: begin" }).click();
    }
    await page.locator('section.session[data-phase="intro"], section.session[data-phase="step"], section.session[data-phase="hold"]').first().waitFor();

    // Pause and carry on.
    await page.locator('button[data-action="pause"]:not([disabled])').first().waitFor();
    await page.locator('button[data-action="pause"]').click();
    await page.locator("section.session.paused").waitFor();
    assert.equal(await page.locator(".phase").textContent(), "Paused");
    await page.getByRole("button", { name: "Carry on" }).click();
    await page.locator("section.session:not(.paused)").waitFor();

    // A step with its figure and countdown.
    await page.locator('section.session[data-phase="step"], section.session[data-phase="hold"]').first().waitFor();
    await page.locator("img.fig:not([hidden])").waitFor();
    await shot(page, name + "-4-step");
    // The live region is cleared before each cue's words (dom.js), so
    // wait for words rather than read it at one moment.
    await page.locator("#announce:not(:empty)").waitFor({ state: "attached" });

    // Check-ins until the end; a reload after the first.
    let checkins = 0;
    for (;;) {
      await page.locator('section.session[data-phase="checkin"], section.session[data-phase="done"], section.session[data-phase="stopped"]').first().waitFor();
      const phase = await ses.getAttribute("data-phase");
      if (phase !== "checkin") {
        assert.equal(phase, "done", "the session ended done");
        break;
      }
      if (checkins === 0) await shot(page, name + "-5-checkin");
      if (checkins === 1) {
        await page.reload();
        await page.locator('section.session[data-phase="checkin"]').waitFor();
      }
      if (name === "desktop") {
        await page.keyboard.press("2");     // the keyboard alone
      } else {
        await page.locator('.checkin button[data-pain="2"]').click();
      }
      checkins++;
      await page.locator('section.session:not([data-phase="checkin"])').waitFor();
    }
    assert.ok(checkins >= 2, "check-ins: " + checkins);
    await page.getByRole("heading", { name: "Well done" }).waitFor();
    await shot(page, name + "-6-done");

    // History shows it.
    await page.getByRole("link", { name: "See your history" }).click();
    await page.getByRole("heading", { name: "History", exact: true }).waitFor();
    await page.locator("svg.chart").waitFor();
    const row = await page.locator(".sessions li").first().textContent();
    assert.match(row, /done/);
    assert.match(row, /pain 2 → 2/);
    assert.equal(await page.locator(".chart circle.dot.before").count(), 1);
    assert.equal(await page.locator(".chart circle.dot.after").count(), 1);
    await shot(page, name + "-7-history");

    // The other pages.
    await page.getByRole("link", { name: "Stretches" }).click();
    await page.getByRole("heading", { name: "Child's pose" }).waitFor();
    await shot(page, name + "-8-stretches");
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    await page.getByLabel("Larger text").check();
    await page.locator('p[role="status"]', { hasText: "Saved" }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains("large")), true);

    if (name === "phone") {
      // Dark, with less motion: the same page, turned.
      await page.emulateMedia({ colorScheme: "dark", reducedMotion: "reduce" });
      await page.getByRole("link", { name: "Today" }).click();
      await page.locator("main h1").first().waitFor();
      await shot(page, name + "-9-dark");
    }
    assert.deepEqual(errors, [], "errors in the page");
    assert.ok(voice.length > 0, "the page fetched no cue's voice");
    assert.deepEqual(voice.filter((s) => s !== 200 && s !== 204), [], "voice answers");
  } finally {
    await page.close();
    await srv.stop();
  }
}

test("a whole session in the browser", { concurrency: 2 }, async (t) => {
  await Promise.all([
    t.test("at a desktop size, 1280x800, with the keyboard", (tt) =>
      journey(tt, { width: 1280, height: 800 }, "desktop")),
    t.test("at a phone size, 390x844, by taps", (tt) =>
      journey(tt, { width: 390, height: 844 }, "phone")),
  ]);
});

test("a stopped session: the sharp-pain button stops at once", async (t) => {
  if (!browser) return t.skip(why);
  const srv = await serve();
  const page = await browser.newPage();
  page.setDefaultTimeout(LONG);
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    // A check through the API, as the page would make it.
    const r = await page.request.post(srv.url + "api/check", {
      data: { pain: 2, area: "upper" },
      headers: { Origin: srv.url.replace(/\/$/, "") },
    });
    assert.equal(r.status(), 200);
    await page.goto(srv.url);
    // The questions are asked again before every session; the earlier
    // check's slow-changing answers are only carried (docs/safety.md).
    await page.getByRole("heading", { name: "Is stretching safe for you today?" }).waitFor();
    assert.match(await page.locator("main").textContent(), /still hold/);
    await page.locator('button[data-pain="2"]').click();
    await page.locator('button[data-area="upper"]').click();
    for (;;) {
      const h1 = (await page.locator("main h1").first().textContent()).trim();
      const m = /^Question (\d+) of (\d+)$/.exec(h1);
      if (!m) break;
      await page.locator('button[data-answer="no"]').click();
      const next = Number(m[1]) < Number(m[2]) ? "Question " + (Number(m[1]) + 1) + " of " + m[2] : "Your check";
      await page.getByRole("heading", { name: next, exact: true }).waitFor();
    }
    await page.getByRole("button", { name: "Plan today's stretches" }).click();
    await page.getByRole("button", { name: "Make my plan" }).click();
    await page.getByRole("button", { name: "Start the session" }).click();
    await page.getByRole("button", { name: "I'm ready: begin" }).click();
    await page.getByRole("button", { name: "Sharp pain, numbness or dizziness" }).click();
    await page.locator('section.session[data-phase="stopped"]').waitFor();
    await page.getByRole("heading", { name: "The session stopped" }).waitFor();
    assert.match(await page.locator("#alert").textContent({ timeout: LONG }) || "", /.*/);
    await shot(page, "phone-stopped");
    const out = execFileSync(LIMBER, ["history", "--json"], { env: srv.env });
    const last = JSON.parse(out).sessions.at(-1);
    assert.equal(last.state, "stopped");
    assert.match(last.reason, /^warning: /);
  } finally {
    await page.close();
    await srv.stop();
  }
});
