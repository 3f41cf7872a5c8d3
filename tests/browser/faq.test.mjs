// The FAQ in Debian's Chromium against the real server: GET /faq with
// JavaScript off, its FAQPage JSON-LD, the /faq.js block on another site's
// page (search, a red flag, keyboard and roles), and both following a
// reloaded knowledge base. Screenshots go to build/test-artifacts/
// (GUTBOT_ARTIFACTS overrides).
import assert from "node:assert/strict";
import {cp, mkdir, mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {after, before, describe, it} from "node:test";

import {artifacts, launchBrowser, startHostSite} from "./chromium.mjs";
import {ADMIN_TOKEN, repoRoot, startServer} from "./gutbot_server.mjs";


describe("FAQ page and block", {timeout: 180000}, () => {
  let tmp, kb, server, base, browser, faq;
  const hostPages = new Map();
  let hostServer, hostBase;

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "gutbot-faq-"));
    hostServer = await startHostSite(hostPages);
    hostBase = hostServer.base;
    // A copy of the shipped knowledge base, changed and reloaded below.
    kb = path.join(tmp, "kb");
    await cp(path.join(repoRoot, "knowledge/leaky-gut"), kb, {recursive: true});
    server = await startServer({
      db: path.join(tmp, "gutbot.db"),
      env: {GUTBOT_SERVER_ALLOWED_ORIGINS: hostBase, GUTBOT_KNOWLEDGE_BASE: kb},
    });
    base = `http://127.0.0.1:${server.port}`;
    browser = await launchBrowser();
    faq = await (await fetch(`${base}/v1/faq`)).json();
    await mkdir(artifacts, {recursive: true});
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    hostServer?.close();
    if (tmp) await rm(tmp, {recursive: true, force: true});
  });

  async function newPage({javaScriptEnabled = true} = {}) {
    const context = await browser.newContext({javaScriptEnabled, viewport: {width: 1100, height: 900}});
    context.setDefaultTimeout(20000);
    return context.newPage();
  }

  // Another site's page with the block's tag.
  async function hostPage(pathname, origin = hostBase) {
    hostPages.set(pathname, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Clinic</title></head>` +
        `<body><h1>A clinic's page</h1><script src="${base}/faq.js" defer></script></body></html>`);
    const page = await newPage();
    await page.goto(origin + pathname);
    return page;
  }

  const search = page => page.getByRole("searchbox", {name: "Search the questions"});
  const answer = page => page.getByRole("region", {name: "Answer to your search"});

  it("serves a page that lists every topic, grouped by section, without JavaScript", async () => {
    assert.ok(faq.entries.length > 40 && faq.sections.length > 3);
    const page = await newPage({javaScriptEnabled: false});
    const response = await page.goto(`${base}/faq`);
    assert.equal(response.status(), 200);
    await page.screenshot({path: path.join(artifacts, "faq-page.png")});
    const csp = response.headers()["content-security-policy"];
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    for (const section of faq.sections) {
      const region = page.getByRole("region", {name: section.title, exact: true});
      const inSection = faq.entries.filter(entry => entry.section === section.id);
      assert.ok(inSection.length > 0, section.id);
      assert.equal(await region.getByRole("article").count(), inSection.length, section.id);
    }
    for (const entry of faq.entries) {
      const article = page.locator(`article#${entry.id}`);
      assert.equal(await article.getByRole("heading", {level: 3}).textContent(), entry.question);
      assert.ok((await article.textContent()).includes(entry.answer), entry.id);
      const source = await article.locator(".source").textContent();
      assert.ok(source.includes(faq.source.title), source);
      if (entry.references.length) assert.ok(source.includes(entry.references.join(", ")), source);
    }
    // The detail opens without any script.
    const stress = page.locator("article#cause_stress");
    const detail = faq.entries.find(entry => entry.id === "cause_stress").detail;
    assert.equal(await stress.getByText(detail).isVisible(), false);
    await stress.locator("summary").click();
    assert.equal(await stress.getByText(detail).isVisible(), true);
    // An anchor per question: a chat answer can link to /faq#topic.
    await page.goto(`${base}/faq#supplement_glutamine`);
    assert.ok(await page.locator("article#supplement_glutamine:target").isVisible());
    await page.context().close();
  });

  it("describes the same questions in FAQPage JSON-LD", async () => {
    const page = await newPage({javaScriptEnabled: false});
    await page.goto(`${base}/faq`);
    const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
    assert.equal(ld["@context"], "https://schema.org");
    assert.equal(ld["@type"], "FAQPage");
    assert.deepEqual(ld.mainEntity.map(question => question.name), faq.entries.map(entry => entry.question));
    for (const question of ld.mainEntity) {
      assert.equal(question["@type"], "Question");
      assert.equal(question.acceptedAnswer["@type"], "Answer");
      assert.ok(question.acceptedAnswer.text.length > 40);
    }
    await page.context().close();
  });

  it("embeds in another site's page, answers a search as the visitor types and opens the entry", async () => {
    const page = await hostPage("/clinic.html");
    const asked = [];
    page.on("request", request => {
      if (request.method() === "POST" && request.url().endsWith("/v1/ask")) asked.push(request.postDataJSON().text);
    });
    await page.getByRole("heading", {name: "Questions about leaky gut"}).waitFor();
    assert.equal(await page.locator("details.entry").count(), faq.entries.length);
    await search(page).pressSequentially("what should I eat", {delay: 40});
    const reply = answer(page).locator(".reply");
    await reply.waitFor();
    assert.equal(await reply.getAttribute("data-coverage"), "full");
    assert.equal(await reply.getAttribute("data-safety"), null);
    assert.deepEqual(asked, ["what should I eat"], "one request once typing pauses");
    const go = answer(page).getByRole("button", {name: /Read it in the list/});
    const topic = await reply.getAttribute("data-intent");
    assert.ok(topic, "the answer names its topic");
    await go.click();
    const opened = page.locator("details.entry[open]");
    assert.equal(await opened.count(), 1);
    assert.ok(await opened.locator(".sources").isVisible());
    // Any other entry opens on a click too.
    await page.evaluate(() => window.scrollTo(0, 0));
    const first = page.locator("details#faq-what_is_leaky_gut");
    await first.locator("summary").click();
    assert.equal(await first.evaluate(details => details.open), true);
    await page.screenshot({path: path.join(artifacts, "faq-block.png")});
    await page.context().close();
  });

  it("answers a red-flag search with the urgent text and no FAQ entry", async () => {
    const page = await hostPage("/red-flag.html");
    await page.locator("details.entry").first().waitFor();
    await search(page).fill("blood in my stool");
    await search(page).press("Enter");
    const reply = answer(page).locator(".reply");
    await reply.waitFor();
    assert.equal(await reply.getAttribute("data-safety"), "emergency");
    assert.equal(await reply.locator(".safety-label").textContent(), "Get help now");
    assert.equal(await answer(page).getByRole("button").count(), 0, "no way to an FAQ entry");
    const border = await reply.evaluate(element => getComputedStyle(element).borderLeftColor);
    assert.equal(border, "rgb(179, 38, 30)");
    await page.screenshot({path: path.join(artifacts, "faq-block-red-flag.png")});
    await page.context().close();
  });

  it("works from the keyboard and names its parts for screen readers", async () => {
    const page = await hostPage("/keyboard.html");
    await page.locator("details.entry").first().waitFor();
    assert.equal(await page.getByRole("search").count(), 1);
    assert.equal(await answer(page).getAttribute("aria-live"), "polite");
    for (const section of faq.sections) {
      assert.equal(await page.getByRole("region", {name: section.title, exact: true}).count(), 1, section.title);
    }
    await page.keyboard.press("Tab");
    assert.ok(await search(page).evaluate(element => element.getRootNode().activeElement === element));
    await page.keyboard.press("Tab");  // the search button
    await page.keyboard.press("Tab");  // the first question
    const first = page.locator("details.entry").first();
    assert.ok(await first.locator("summary").evaluate(element => element.getRootNode().activeElement === element));
    await page.keyboard.press("Enter");
    assert.equal(await first.evaluate(details => details.open), true);
    await page.keyboard.press("Space");
    assert.equal(await first.evaluate(details => details.open), false);
    await page.context().close();
  });

  it("stands on the same page as the chat widget, each in its own scope", async () => {
    const page = await newPage();
    const errors = [];
    page.on("pageerror", error => errors.push(error.message));
    hostPages.set("/both.html", `<!doctype html><html lang="en"><body><h1>Both</h1>` +
        `<script src="${base}/widget.js" defer></script><script src="${base}/faq.js" defer></script></body></html>`);
    await page.goto(`${hostBase}/both.html`);
    await page.getByRole("button", {name: "Chat with gutbot"}).waitFor();
    await page.locator("details.entry").first().waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it("tells the visitor when the site's origin is not allowed", async () => {
    const warnings = [];
    const origin = hostBase.replace("127.0.0.1", "localhost");
    const page = await newPage();
    page.on("console", message => { if (message.type() === "warning") warnings.push(message.text()); });
    hostPages.set("/other.html", `<!doctype html><body><script src="${base}/faq.js"></script></body>`);
    await page.goto(`${origin}/other.html`);
    await page.getByRole("status").filter({hasText: "not available on this page"}).waitFor();
    assert.ok(warnings.some(text => text.includes("server.allowed_origins")), warnings.join("\n"));
    await page.context().close();
  });

  it("follows a reloaded knowledge base, with ETags and 304s", async () => {
    const before = await fetch(`${base}/faq`);
    const etag = before.headers.get("etag");
    assert.ok(etag);
    assert.equal((await fetch(`${base}/faq`, {headers: {"if-none-match": etag}})).status, 304);
    const script = await fetch(`${base}/faq.js`);
    assert.match(script.headers.get("content-type"), /javascript/);
    const scriptTag = script.headers.get("etag");
    assert.equal((await fetch(`${base}/faq.js`, {headers: {"if-none-match": scriptTag}})).status, 304);

    const file = path.join(kb, "topics/causes.json");
    const topics = JSON.parse(await readFile(file, "utf8"));
    const question = "Stress <script>alert(1)</script> & over-training?";
    topics.topics.find(topic => topic.id === "cause_stress").question = question;
    await writeFile(file, JSON.stringify(topics));
    const reloaded = await fetch(`${base}/admin/reload`, {method: "POST", headers: {authorization: `Bearer ${ADMIN_TOKEN}`}});
    assert.equal(reloaded.status, 200, await reloaded.text());

    const after = await fetch(`${base}/faq`, {headers: {"if-none-match": etag}});
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get("etag"), etag);
    const html = await after.text();
    assert.ok(html.includes("Stress &lt;script&gt;alert(1)&lt;/script&gt; &amp; over-training?"));
    assert.ok(!html.includes("<script>alert(1)"));
    const page = await hostPage("/reloaded.html");
    const summary = page.locator("details#faq-cause_stress summary");
    await summary.waitFor();
    assert.equal(await summary.textContent(), question);
    await page.context().close();
  });
});
