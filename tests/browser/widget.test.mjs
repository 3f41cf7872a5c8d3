// The chat widget in Debian's Chromium against the real server: one visitor's
// conversation through a reload and a server restart, then a phone-sized
// screen. The steps run in order and share the page. Screenshots go to
// build/test-artifacts/ (GUTBOT_ARTIFACTS overrides).
import assert from "node:assert/strict";
import {mkdir, mkdtemp, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {after, before, describe, it} from "node:test";
import {chromium} from "playwright-core";

import {repoRoot, startServer} from "./gutbot_server.mjs";

const artifacts = path.resolve(repoRoot, process.env.GUTBOT_ARTIFACTS || "build/test-artifacts");
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

describe("web widget", {timeout: 180000}, () => {
  let tmp, db, server, base, context, page;

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "gutbot-browser-"));
    db = path.join(tmp, "gutbot.db");
    server = await startServer({db});
    base = `http://127.0.0.1:${server.port}`;
    context = await chromium.launchPersistentContext(path.join(tmp, "profile"), {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: {width: 1280, height: 800},
    });
    context.setDefaultTimeout(20000);
    page = await context.newPage();
    await mkdir(artifacts, {recursive: true});
  });

  after(async () => {
    await context?.close();
    await server?.stop();
    if (tmp) await rm(tmp, {recursive: true, force: true});
  });

  const launcher = () => page.getByRole("button", {name: "Chat with gutbot"});
  const dialog = () => page.getByRole("dialog", {name: "gutbot"});
  const input = () => page.getByRole("textbox", {name: "Your message"});
  const botMessages = () => page.getByRole("log").locator(".message.bot");
  const userMessages = () => page.getByRole("log").locator(".message.user");
  const texts = locator => locator.locator("p.text").allTextContents();
  const isFocused = locator => locator.evaluate(element => element.getRootNode().activeElement === element);

  async function ask(text) {
    const count = await botMessages().count();
    await input().fill(text);
    await input().press("Enter");
    const reply = botMessages().nth(count);
    await reply.waitFor();
    return reply;
  }

  it("is served as JavaScript that caches for a while", async () => {
    const response = await fetch(`${base}/widget.js`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/javascript; charset=utf-8");
    assert.match(response.headers.get("cache-control"), /max-age=\d+/);
  });

  it("opens from a labelled button, focuses the input, and Escape closes it", async () => {
    await page.goto(`${base}/`);
    assert.equal(await launcher().getAttribute("aria-expanded"), "false");
    await launcher().click();
    await dialog().waitFor();
    assert.equal(await launcher().getAttribute("aria-expanded"), "true");
    assert.ok(await isFocused(input()), "the input has the focus");
    assert.equal(await page.getByRole("log").getAttribute("aria-live"), "polite");
    await botMessages().first().waitFor();  // the welcome

    await page.keyboard.press("Escape");
    await dialog().waitFor({state: "hidden"});
    assert.ok(await isFocused(launcher()), "the focus is back on the button");
    await page.keyboard.press("Enter");
    await dialog().waitFor();
    assert.ok(await isFocused(input()));
  });

  let zonulinReply;
  it("answers a question", async () => {
    zonulinReply = await ask("What is zonulin?");
    assert.equal(await zonulinReply.getAttribute("data-intent"), "zonulin");
    assert.match(await zonulinReply.locator("p.text").textContent(), /zonulin/i);
    assert.deepEqual(await texts(userMessages()), ["What is zonulin?"]);
    assert.equal(await input().inputValue(), "");
    assert.ok(await page.locator(".typing").isHidden(), "no typing indicator once answered");
  });

  let lastTopic;
  it("sends a suggestion when it is clicked", async () => {
    const suggestion = page.getByRole("group", {name: "Suggested questions"}).getByRole("button").first();
    const text = await suggestion.textContent();
    await suggestion.click();
    const reply = botMessages().nth(2);
    await reply.waitFor();
    assert.deepEqual(await texts(userMessages()), ["What is zonulin?", text]);
    lastTopic = await reply.getAttribute("data-topic");
    assert.ok(lastTopic);
  });

  it("shows an answer's reference numbers on request", async () => {
    const response = await fetch(`${base}/v1/ask`, {
      method: "POST",
      headers: {"content-type": "application/json"},
      body: JSON.stringify({text: "What is zonulin?"}),
    });
    const {citations} = await response.json();
    assert.ok(citations.length > 0);

    const toggle = zonulinReply.getByRole("button", {name: "Sources"});
    const references = zonulinReply.locator(".sources");
    assert.ok(await references.isHidden());
    await toggle.click();
    await references.waitFor();
    assert.equal(await references.textContent(), `References: ${citations.join(", ")}`);
    assert.equal(await zonulinReply.getByRole("button", {name: "Hide sources"}).getAttribute("aria-expanded"),
                 "true");
    await zonulinReply.evaluate(element => element.scrollIntoView({block: "end"}));
    await page.screenshot({path: path.join(artifacts, "widget.png")});
  });

  it("restores the conversation after a reload", async () => {
    const token = await page.evaluate(() => localStorage.getItem("gutbot.session"));
    assert.ok(token);
    const users = await texts(userMessages());
    const bots = (await texts(botMessages())).slice(1);  // after the welcome

    await page.reload();
    await dialog().waitFor();  // it was open before the reload
    await botMessages().nth(bots.length - 1).waitFor();
    assert.deepEqual(await texts(userMessages()), users);
    assert.deepEqual(await texts(botMessages()), bots);
    // The server refreshes the token on every resume; the session id before its first dot stays.
    const sessionId = (t) => t.split(".")[0];
    const resumed = await page.evaluate(() => localStorage.getItem("gutbot.session"));
    assert.equal(sessionId(resumed), sessionId(token));
  });

  it("reconnects after the server restarts and sends what was typed meanwhile, once", async () => {
    const port = server.port;
    await server.stop();
    await page.getByRole("status").filter({hasText: "Reconnecting"}).waitFor();

    const before = await botMessages().count();
    await input().fill("tell me more");
    await input().press("Enter");
    assert.equal(await userMessages().last().getAttribute("class"), "message user queued");

    server = await startServer({port, db});
    const reply = botMessages().nth(before);
    await reply.waitFor({timeout: 30000});
    // "tell me more" is understood in the context of the conversation so far.
    assert.equal(await reply.getAttribute("data-intent"), "more");
    assert.equal(await reply.getAttribute("data-topic"), lastTopic);
    assert.equal(await userMessages().last().getAttribute("class"), "message user");
    assert.ok(await page.getByRole("status").filter({hasText: "Reconnecting"}).isHidden());

    // Replies come in order: a duplicate answer to "tell me more" would
    // arrive before the answer to the next message.
    await ask("thanks");
    const roles = await page.getByRole("log").locator(".message").evaluateAll(
        elements => elements.slice(-4).map(element => element.className + ": " + element.querySelector("p.text").textContent));
    assert.deepEqual(roles.map(line => line.split(":")[0]), ["message user", "message bot", "message user", "message bot"]);
    assert.ok(roles[0].endsWith("tell me more"));
    assert.ok(roles[2].endsWith("thanks"));
  });

  it("fills a phone-sized screen and shows a typing indicator while waiting", async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({width: 390, height: 844});
    // Holds the server's replies until released, to see what the visitor sees meanwhile.
    let release;
    const released = new Promise(resolve => { release = resolve; });
    await phone.routeWebSocket(/\/ws/, ws => {
      const upstream = ws.connectToServer();
      ws.onMessage(message => upstream.send(message));
      upstream.onMessage(async message => {
        if (JSON.parse(message).type === "reply") await released;
        ws.send(message);
      });
    });
    page = phone;
    await phone.goto(`${base}/`);
    await dialog().waitFor();  // open, as it was in the other tab
    assert.deepEqual(await dialog().boundingBox(), {x: 0, y: 0, width: 390, height: 844});
    assert.ok(await launcher().isHidden(), "the full-screen panel has its own close button");

    const count = await botMessages().count();
    await input().fill("How long does healing take?");
    await input().press("Enter");
    await phone.locator(".typing").waitFor();
    release();
    await botMessages().nth(count).waitFor();
    await phone.locator(".typing").waitFor({state: "hidden"});
    assert.equal(await botMessages().nth(count).getAttribute("data-intent"), "healing_time");
    await phone.screenshot({path: path.join(artifacts, "widget-phone.png")});

    await phone.getByRole("button", {name: "Close chat"}).click();
    await dialog().waitFor({state: "hidden"});
    assert.ok(await isFocused(launcher()), "the focus is back on the button");
  });

  it("sets a red-flag reply apart and says what coverage an answer has", async () => {
    await launcher().click();
    await dialog().waitFor();
    const urgent = await ask("i passed out on the loo and there was blood in the bowl");
    assert.equal(await urgent.getAttribute("data-safety"), "emergency");
    assert.equal(await urgent.getAttribute("data-intent"), "urgent");
    const border = await urgent.evaluate(element => getComputedStyle(element).borderLeftStyle);
    assert.equal(border, "solid");
    const partial = await ask("is kombucha good for leaky gut");
    assert.equal(await partial.getAttribute("data-coverage"), "partial");
    assert.equal(await partial.getAttribute("data-safety"), null);
  });
});
