// The content owner's console (GET /admin) in Debian's Chromium against the
// real server: visitors' conversations made over the widget's WebSocket
// protocol, then the console refusing to show them without the right token,
// and with it the unanswered questions by topic, a "not helpful" rating and
// its conversation, the charts, the export and the reload; at last a
// phone-sized screen. The steps run in order and share the page.
// Screenshots go to build/test-artifacts/ (GUTBOT_ARTIFACTS overrides).
import assert from "node:assert/strict";
import {cp, mkdir, mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {after, before, describe, it} from "node:test";

import {artifacts, launchChromium} from "./chromium.mjs";
import {ADMIN_TOKEN, repoRoot, startServer} from "./gutbot_server.mjs";

const OUT_OF_SCOPE = "what's the capital of peru";
const PARTIAL = "is kombucha good for leaky gut";
const NORMAL = "what is zonulin";
const RED_FLAG = "there is blood in my stool";
const COMMENT = "Too technical, I wanted a short answer";
// What a visitor writes is text to the console, never markup.
const MARKUP = `does <img src=x onerror="window.injected=1"> help the gut lining`;

// Sends `frames` over one WebSocket from a page of the server (so its origin
// is the server's own) and resolves to the answer to each, in order.
function converse(page, frames) {
  return page.evaluate(async frames => {
    const socket = new WebSocket(`ws://${location.host}/ws`);
    const received = [];
    let waiting = null;
    socket.onmessage = event => {
      received.push(JSON.parse(event.data));
      if (waiting) waiting();
    };
    const next = async () => {
      while (!received.length) await new Promise(resolve => { waiting = resolve; });
      waiting = null;
      return received.shift();
    };
    await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
    await next();  // the welcome
    const answers = [];
    for (const frame of frames) {
      socket.send(JSON.stringify(frame));
      answers.push(await next());
    }
    socket.close();
    return answers;
  }, frames);
}

describe("content owner's console", {timeout: 180000}, () => {
  let tmp, kb, server, base, context, page;

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "gutbot-console-"));
    // A copy of the shipped knowledge base, which the reload step breaks and mends.
    kb = path.join(tmp, "kb");
    await cp(path.join(repoRoot, "knowledge/leaky-gut"), kb, {recursive: true});
    server = await startServer({db: path.join(tmp, "gutbot.db"), env: {GUTBOT_KNOWLEDGE_BASE: kb}});
    base = `http://127.0.0.1:${server.port}`;
    context = await launchChromium(path.join(tmp, "profile"));
    context.setDefaultTimeout(20000);
    page = await context.newPage();
    await mkdir(artifacts, {recursive: true});

    // Two visitors: one asks four questions and rates the first answer down,
    // the other asks the out-of-scope question again, capitalised, and one
    // with markup in it.
    await page.goto(`${base}/healthz`);
    const replies = await converse(page, [
      {type: "message", id: "m1", text: NORMAL},
      {type: "message", id: "m2", text: OUT_OF_SCOPE},
      {type: "message", id: "m3", text: PARTIAL},
      {type: "message", id: "m4", text: RED_FLAG},
      {type: "feedback", id: "m1", rating: "down", comment: COMMENT},
    ]);
    assert.deepEqual(replies.slice(0, 3).map(reply => reply.coverage), ["full", "none", "partial"]);
    assert.equal(replies[3].safety, "emergency");
    assert.equal(replies[4].type, "feedback_saved");
    const second = await converse(page, [
      {type: "message", id: "n1", text: "What's the capital of Peru?"},
      {type: "message", id: "n2", text: MARKUP},
    ]);
    assert.equal(second[0].coverage, "none");
    assert.notEqual(second[1].coverage, "full");
  });

  after(async () => {
    await context?.close();
    await server?.stop();
    if (tmp) await rm(tmp, {recursive: true, force: true});
  });

  const tokenInput = () => page.getByLabel("Admin token");
  const signInButton = () => page.getByRole("button", {name: "Sign in"});
  const signOutButton = () => page.getByRole("button", {name: "Sign out"});
  const consoleArea = () => page.locator("#console");
  const unanswered = () => page.locator("#unanswered");
  const ratings = () => page.locator("#ratings");
  const storedToken = () => page.evaluate(() => ({
    session: Object.values({...sessionStorage}).includes("browser-test-admin-token"),
    local: localStorage.length,
  }));

  // Nothing a visitor wrote is anywhere in the page.
  async function assertNoData() {
    assert.ok(await consoleArea().isHidden(), "the console is hidden");
    const body = await page.locator("body").innerText();
    for (const text of [OUT_OF_SCOPE, "kombucha", NORMAL, COMMENT]) {
      assert.ok(!body.toLowerCase().includes(text.toLowerCase()), `"${text}" is not shown`);
    }
    assert.equal(await page.locator("svg.chart, table, .rating").count(), 0, "no chart, table or rating");
  }

  // Signs in with the mouse, or with `keyboard` by Enter in the field.
  async function signIn(token, {keyboard = false} = {}) {
    await tokenInput().fill(token);
    if (keyboard) await tokenInput().press("Enter");
    else await signInButton().click();
  }

  it("is a page of the server's own, not framable, not cached", async () => {
    const response = await page.goto(`${base}/admin`);
    assert.equal(response.status(), 200);
    const headers = response.headers();
    assert.match(headers["content-security-policy"], /frame-ancestors 'none'/);
    assert.match(headers["content-security-policy"], /connect-src 'self'/);
    assert.doesNotMatch(headers["content-security-policy"], /script-src[^;]*unsafe-inline/);
    assert.equal(headers["cache-control"], "no-store");
    const outside = [];
    page.on("request", request => { if (!request.url().startsWith(base)) outside.push(request.url()); });
    await page.reload();
    await tokenInput().waitFor();
    assert.deepEqual(outside.filter(url => !url.startsWith("data:")), [], "no request leaves the server");
  });

  it("shows no data without the token, and the API refuses it too", async () => {
    await tokenInput().waitFor();
    await assertNoData();
    for (const report of ["/admin/unanswered", "/admin/report", "/admin/feedback"]) {
      const status = await page.evaluate(async url => (await fetch(url)).status, report);
      assert.equal(status, 401, `${report} without the token`);
    }
  });

  it("refuses a wrong token with a clear message and shows nothing", async () => {
    await signIn("not-the-admin-token");
    await page.getByRole("alert").filter({hasText: "The server refused this token"}).waitFor();
    await assertNoData();
    assert.ok(await tokenInput().evaluate(input => input === document.activeElement), "the focus is back in the field");
    assert.ok(await signOutButton().isHidden());
    assert.deepEqual(await storedToken(), {session: false, local: 0});
  });

  it("signs in with the right token, kept in this tab's sessionStorage only", async () => {
    await signIn(ADMIN_TOKEN, {keyboard: true});
    await signOutButton().waitFor();
    assert.ok(await consoleArea().isVisible());
    assert.deepEqual(await storedToken(), {session: true, local: 0});
    assert.ok(await page.getByRole("heading", {name: "gutbot console"}).evaluate(h => h === document.activeElement),
              "the focus moves to the console's heading");
    // A reload of the tab stays signed in.
    await page.reload();
    await signOutButton().waitFor();
    await unanswered().locator("table").first().waitFor();
  });

  it("lists the unanswered question and the partial one under its nearest topic", async () => {
    // Where the server puts each question: the UI must group it there.
    const listed = await page.evaluate(async token => (await fetch("/admin/unanswered", {
      headers: {Authorization: `Bearer ${token}`},
    })).json(), ADMIN_TOKEN);
    const entry = words => listed.questions.find(q => q.example.toLowerCase().includes(words));
    const [peruEntry, kombuchaEntry] = [entry("capital of peru"), entry("kombucha")];
    assert.equal(peruEntry.coverage, "none");
    assert.equal(kombuchaEntry.coverage, "partial");
    assert.ok(kombuchaEntry.topic && kombuchaEntry.topic !== peruEntry.topic, "the partial one has a nearest topic");

    const none = unanswered().locator("section.topic-group", {hasText: "capital of peru"});
    await none.waitFor();
    assert.equal(await none.getAttribute("data-topic"), peruEntry.topic);
    assert.match(await none.locator("h3").innerText(), new RegExp(peruEntry.title || "No nearest topic"));
    // Both wordings are one normalised question asked twice.
    const peru = none.locator("tbody tr", {hasText: "capital of peru"});
    assert.equal(await peru.count(), 1);
    assert.equal((await peru.locator("td.number").innerText()).trim(), "2");
    assert.match(await peru.innerText(), /none/);

    const partial = unanswered().locator("section.topic-group", {hasText: "kombucha"});
    assert.equal(await partial.getAttribute("data-topic"), kombuchaEntry.topic);
    assert.match(await partial.locator("h3").innerText(), new RegExp(kombuchaEntry.title));
    const row = partial.locator("tbody tr", {hasText: "kombucha"});
    assert.match(await row.innerText(), /partial/);
    assert.match(await row.innerText(), /kombucha\s*$/, "what the article does not mention");
    assert.ok(!(await unanswered().innerText()).includes(NORMAL), "an answered question is not listed");
    assert.ok(await unanswered().locator("th[scope=col]").count() > 0, "the tables have headers");
    assert.ok((await unanswered().innerText()).includes(`<img src=x onerror="window.injected=1">`), "shown as text");
    assert.equal(await page.locator("#console img").count(), 0);
    assert.equal(await page.evaluate(() => window.injected), undefined);
  });

  it("shows the 'not helpful' rating, and its conversation on demand", async () => {
    const rating = ratings().locator(".rating", {hasText: COMMENT});
    await rating.waitFor();
    assert.match(await rating.locator(".question").innerText(), new RegExp(NORMAL, "i"));
    assert.ok((await rating.locator(".answer").innerText()).length > 20, "the answer is shown");
    assert.match(await rating.innerText(), /\bws\b/);
    const toggle = rating.getByRole("button", {name: "Show conversation"});
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    await toggle.click();
    const turns = rating.locator("ol.turns");
    await turns.waitFor();
    const shown = await turns.innerText();
    // The rated turn and the three after it; the other visitor's not.
    for (const text of [NORMAL, OUT_OF_SCOPE, PARTIAL, RED_FLAG]) assert.ok(shown.includes(text), `"${text}" shown`);
    assert.ok(!shown.includes("Capital of Peru?"), "another conversation is not mixed in");
    assert.match(await turns.locator("li.rated").innerText(), new RegExp(NORMAL, "i"));
    const hide = rating.getByRole("button", {name: "Hide conversation"});
    assert.equal(await hide.getAttribute("aria-expanded"), "true");
    await hide.press("Enter");  // keyboard works as the mouse does
    await turns.waitFor({state: "hidden"});
  });

  it("draws the charts in inline SVG with their figures as text", async () => {
    for (const id of ["coverage-chart", "intents-chart", "safety-chart"]) {
      const chart = page.locator(`#${id} svg.chart`);
      await chart.waitFor();
      assert.ok(await chart.locator("rect.bar").count() > 0, `${id} has bars`);
      assert.ok((await chart.getAttribute("aria-label")).length > 10, `${id} has a label`);
      assert.equal(await chart.locator(":scope > title").count(), 1, `${id} has a title`);
      assert.ok(await page.locator(`#${id} table th`).count() > 0, `${id} has its figures in a table`);
    }
    assert.equal(await page.locator("#coverage-chart rect.bar.none").count() > 0, true, "a day with unanswered messages");
    assert.equal(await page.locator("#coverage-chart rect.bar.partial").count() > 0, true, "a day with partial answers");
    assert.match(await page.locator("#safety-chart svg.chart").getAttribute("aria-label"), /emergency/);
    assert.match(await page.locator("#totals").innerText(), /6 messages/);

    // The days selector: one column a day of the chosen range.
    const report = await page.evaluate(async token => (await fetch("/admin/report?days=7", {
      headers: {Authorization: `Bearer ${token}`},
    })).json(), ADMIN_TOKEN);
    await page.getByLabel("Show the last").selectOption("7");
    await page.waitForFunction(n => document.querySelectorAll("#coverage-chart svg g.day").length === n,
                               report.per_day.length);
  });

  it("exports the unanswered questions as JSON Lines in the dev-set format", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", {name: /Export/}).click(),
    ]);
    assert.equal(download.suggestedFilename(), "unanswered.jsonl");
    const saved = path.join(tmp, "unanswered.jsonl");
    await download.saveAs(saved);
    const lines = (await readFile(saved, "utf8")).split("\n").filter(line => line.trim());
    assert.ok(lines.length >= 2, "both questions are exported");
    const texts = lines.map(line => {
      const entry = JSON.parse(line);
      assert.deepEqual(Object.keys(entry).sort(), ["intents", "text"]);
      assert.equal(typeof entry.text, "string");
      assert.deepEqual(entry.intents, []);
      return entry.text.toLowerCase();
    });
    assert.ok(texts.some(text => text.includes("capital of peru")));
    assert.ok(texts.some(text => text.includes("kombucha")));
  });

  it("reloads the knowledge base and shows the check's result", async () => {
    const reload = page.getByRole("button", {name: "Reload the knowledge base"});
    const result = page.locator("#reload-result");
    // A broken base is refused with its problem named.
    const file = path.join(kb, "topics/basics.json");
    const original = await readFile(file, "utf8");
    const broken = JSON.parse(original);
    delete broken.topics[0].title;
    await writeFile(file, JSON.stringify(broken));
    await reload.click();
    await result.locator(".error").waitFor();
    assert.match(await result.innerText(), /missing title/);
    // Mended, it is taken, with its figures.
    await writeFile(file, original);
    await reload.click();
    await result.locator(".reload-ok").waitFor();
    assert.match(await result.innerText(), /topics\s+\d+/);
    // The console with everything in view: a rating's conversation opened again.
    await ratings().getByRole("button", {name: "Show conversation"}).click();
    await ratings().locator("ol.turns").waitFor();
    await page.screenshot({path: path.join(artifacts, "console.png"), fullPage: true});
  });

  it("fits a phone-sized screen", async () => {
    await page.setViewportSize({width: 390, height: 844});
    // Drawn anew at this width, as a phone would: the old chart goes.
    const drawn = await page.locator("#coverage-chart svg").elementHandle();
    await page.getByRole("button", {name: "Refresh"}).click();
    await page.waitForFunction(chart => !chart.isConnected, drawn);
    await page.locator("#coverage-chart svg").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `nothing overflows horizontally (${overflow} px)`);
    await page.screenshot({path: path.join(artifacts, "console-phone.png"), fullPage: true});
    await page.setViewportSize({width: 1280, height: 800});
  });

  it("signs out and forgets the token", async () => {
    await signOutButton().click();
    await tokenInput().waitFor();
    await assertNoData();
    assert.deepEqual(await storedToken(), {session: false, local: 0});
    await page.reload();
    await tokenInput().waitFor();
    await assertNoData();
  });
});
