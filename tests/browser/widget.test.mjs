// The chat widget in Debian's Chromium against the real server: one visitor's
// conversation through a reload and a server restart, then a phone-sized
// screen. The steps run in order and share the page. Screenshots go to
// build/test-artifacts/ (GUTBOT_ARTIFACTS overrides).
import assert from "node:assert/strict";
import {cp, mkdir, mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {after, before, describe, it} from "node:test";

import {artifacts, launchChromium, startHostSite} from "./chromium.mjs";
import {ADMIN_TOKEN, repoRoot, startServer} from "./gutbot_server.mjs";

describe("web widget", {timeout: 180000}, () => {
  let tmp, db, server, base, context, page;
  const socketUrls = [];
  // Another site's pages embedding the widget: its origin is allowed by the
  // bot's configuration, and the same pages at localhost are not.
  const hostPages = new Map();
  let hostServer, hostBase, serverEnv;

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "gutbot-browser-"));
    db = path.join(tmp, "gutbot.db");
    hostServer = await startHostSite(hostPages);
    hostBase = hostServer.base;
    // The shipped knowledge base with the addresses an operator would set.
    const kb = path.join(tmp, "kb");
    await cp(path.join(repoRoot, "knowledge/leaky-gut"), kb, {recursive: true});
    const manifest = JSON.parse(await readFile(path.join(kb, "kb.json"), "utf8"));
    manifest.source.url = "https://example.org/leaky-gut";
    manifest.source.companions.diet_plan.url = "https://example.org/diet-plan";
    await writeFile(path.join(kb, "kb.json"), JSON.stringify(manifest));
    serverEnv = {GUTBOT_SERVER_ALLOWED_ORIGINS: hostBase, GUTBOT_KNOWLEDGE_BASE: kb};
    server = await startServer({db, env: serverEnv});
    base = `http://127.0.0.1:${server.port}`;
    context = await launchChromium(path.join(tmp, "profile"));
    context.setDefaultTimeout(20000);
    page = await context.newPage();
    page.on("websocket", ws => socketUrls.push(ws.url()));
    await mkdir(artifacts, {recursive: true});
  });

  after(async () => {
    await context?.close();
    await server?.stop();
    hostServer?.close();
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
    assert.equal(await references.textContent(), `References ${citations.join(", ")} of the article ` +
                 "\u201cWhat is Leaky Gut?\u201d by Dr. Michael Ruscio, DNM, DC, medically reviewed by Noora Alakulppi.");
    assert.equal(await zonulinReply.getByRole("button", {name: "Hide sources"}).getAttribute("aria-expanded"),
                 "true");
    await zonulinReply.evaluate(element => element.scrollIntoView({block: "end"}));
    await page.screenshot({path: path.join(artifacts, "widget.png")});
  });

  it("restores the conversation after a reload", async () => {
    const token = await page.evaluate(() => localStorage.getItem("gutbot.session"));
    assert.ok(token);
    const users = await texts(userMessages());
    const bots = await texts(botMessages());  // the welcome first

    await page.reload();
    await dialog().waitFor();  // it was open before the reload
    await botMessages().nth(bots.length - 1).waitFor();
    assert.deepEqual(await texts(userMessages()), users);
    assert.deepEqual(await texts(botMessages()), bots);
    // The server refreshes the token on every resume; the session id before its first dot stays.
    const sessionId = (t) => t.split(".")[0];
    const resumed = await page.evaluate(() => localStorage.getItem("gutbot.session"));
    assert.equal(sessionId(resumed), sessionId(token));
    // The token went in the resume frame, out of URLs and access logs.
    assert.ok(socketUrls.length >= 2);
    assert.ok(socketUrls.every(url => !url.includes("session")), socketUrls.join(" "));
  });

  it("reconnects after the server restarts and answers each message typed meanwhile under it", async () => {
    const port = server.port;
    await server.stop();
    await page.getByRole("status").filter({hasText: "Reconnecting"}).waitFor();

    const before = await botMessages().count();
    for (const text of ["tell me more", "How long does healing take?"]) {
      await input().fill(text);
      await input().press("Enter");
    }
    assert.equal(await userMessages().last().getAttribute("class"), "message user queued");

    server = await startServer({port, db, env: serverEnv});
    await botMessages().nth(before + 1).waitFor({timeout: 30000});
    // "tell me more" is understood in the context of the conversation so far.
    const [more, healing] = [botMessages().nth(before), botMessages().nth(before + 1)];
    assert.equal(await more.getAttribute("data-intent"), "more");
    assert.equal(await more.getAttribute("data-topic"), lastTopic);
    assert.equal(await healing.getAttribute("data-intent"), "healing_time");
    assert.ok(await page.getByRole("status").filter({hasText: "Reconnecting"}).isHidden());
    // Each reply under its question, live and after a reload; a duplicate
    // answer would show as a fifth message.
    const order = () => page.getByRole("log").locator(".message").evaluateAll(elements => elements.slice(-5).map(
        element => element.classList[1] + ": " + element.querySelector("p.text").textContent));
    const expected = [/^bot: /, /^user: tell me more$/, /^bot: /, /^user: How long does healing take\?$/, /^bot: /];
    const live = await order();
    expected.forEach((pattern, i) => assert.match(live[i], pattern));
    await page.reload();
    await botMessages().nth(before + 1).waitFor();
    assert.deepEqual(await order(), live);
  });

  it("links the pages an answer points to, live and after a reload", async () => {
    const links = () => botMessages().last().locator("p.links a");
    await ask("is there a leaky gut diet plan i can follow");
    assert.deepEqual(await links().allTextContents(), ["Leaky Gut Diet Plan"]);
    assert.equal(await links().first().getAttribute("href"), "https://example.org/diet-plan");
    assert.equal(await links().first().getAttribute("rel"), "noopener noreferrer");
    await page.reload();
    await dialog().waitFor();
    await links().first().waitFor();
    assert.equal(await links().first().getAttribute("href"), "https://example.org/diet-plan");
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

  it("styles a safety reply as a card that says to get help, and keeps it so after a reload", async () => {
    const urgent = await ask("i passed out on the loo and there was blood in the bowl");
    const card = () => urgent.evaluate(element => {
      const style = getComputedStyle(element);
      return {label: element.querySelector(".safety-label")?.textContent, background: style.backgroundColor,
              border: style.borderLeftWidth};
    });
    const live = await card();
    assert.equal(live.label, "Get help now");
    assert.equal(live.border, "6px");
    const answer = botMessages().filter({has: page.getByRole("button", {name: "Sources"})}).first();
    const plain = await answer.evaluate(element => getComputedStyle(element).backgroundColor);
    assert.notEqual(live.background, plain);
    const offered = await page.getByRole("group", {name: "Suggested questions"}).getByRole("button").allTextContents();
    const count = await botMessages().count();
    await page.screenshot({path: path.join(artifacts, "widget-safety.png")});

    await page.reload();
    await botMessages().nth(count - 1).waitFor();
    const reloaded = botMessages().nth(count - 1);
    assert.equal(await reloaded.getAttribute("data-safety"), "emergency");
    assert.deepEqual(await reloaded.evaluate(element => {
      const style = getComputedStyle(element);
      return {label: element.querySelector(".safety-label")?.textContent, background: style.backgroundColor,
              border: style.borderLeftWidth};
    }), live);
    // The welcome stays first, earlier answers keep their sources, and only
    // the last answer's suggestions (here the red flag's) are offered.
    assert.match(await texts(botMessages().first()).then(t => t[0]), /^Hi! I answer questions about leaky gut/);
    assert.ok(await botMessages().nth(1).getByRole("button", {name: "Sources"}).isVisible());
    assert.deepEqual(await page.getByRole("group", {name: "Suggested questions"}).getByRole("button").allTextContents(),
                     offered);
    // Every message carries its time.
    const times = await page.getByRole("log").locator(".message").evaluateAll(elements =>
        elements.map(element => element.querySelector("time")?.dateTime ?? ""));
    assert.ok(times.every(time => !Number.isNaN(Date.parse(time)) && time.endsWith("Z")), times.join(" "));
  });

  it("takes a rating with an optional comment, stored and listed for the site's owner", async () => {
    const events = page.evaluate(() => new Promise(resolve =>
        window.gutbotWidget.addEventListener("feedback", event => resolve(event.detail), {once: true})));
    const answer = botMessages().filter({has: page.getByRole("button", {name: "Sources"})}).first();
    const question = await answer.evaluate(element => element.previousElementSibling.querySelector("p.text").textContent);
    const notHelpful = answer.getByRole("button", {name: "Not helpful"});
    await notHelpful.click();
    assert.equal(await notHelpful.getAttribute("aria-pressed"), "true");
    assert.equal(await answer.getByRole("button", {name: "Helpful", exact: true}).getAttribute("aria-pressed"), "false");
    assert.equal((await events).rating, "down");
    await answer.getByRole("status").filter({hasText: "Thanks for the feedback."}).waitFor();
    const comment = answer.getByRole("textbox", {name: "What was missing? (optional)"});
    assert.ok(await isFocused(comment));
    await comment.fill("nothing on my own symptoms");
    await comment.press("Enter");
    await comment.waitFor({state: "hidden"});

    const listed = async () => (await (await fetch(`${base}/admin/feedback`, {
      headers: {authorization: `Bearer ${ADMIN_TOKEN}`}})).json()).ratings;
    let ratings = await listed();
    // The comment is a second rating on the same socket: asked until it is stored.
    const deadline = Date.now() + 10000;
    while (ratings[0]?.comment !== "nothing on my own symptoms" && Date.now() < deadline) ratings = await listed();
    assert.equal(ratings[0].question, question);
    assert.equal(ratings[0].rating, "down");
    assert.equal(ratings[0].comment, "nothing on my own symptoms");
    assert.equal(ratings[0].channel, "ws");

    // A reload shows the rating given.
    const count = await botMessages().count();
    await page.reload();
    await botMessages().nth(count - 1).waitFor();
    const reloaded = botMessages().filter({has: page.getByRole("button", {name: "Sources"})}).first();
    assert.equal(await reloaded.getByRole("button", {name: "Not helpful"}).getAttribute("aria-pressed"), "true");
  });

  it("has 44 px targets and focus rings of 3:1 against what is behind them", async () => {
    const boxes = await page.locator(".panel").evaluate(panel => [
      ...panel.querySelectorAll("header button, .send, .text-button, .rating button, .suggestions button")]
        .filter(element => element.offsetParent !== null)
        .map(element => ({name: element.getAttribute("aria-label") || element.textContent,
                          width: element.getBoundingClientRect().width,
                          height: element.getBoundingClientRect().height})));
    assert.ok(boxes.length >= 6);
    for (const box of boxes) assert.ok(box.width >= 44 && box.height >= 44, JSON.stringify(box));

    const contrast = (a, b) => {
      const luminance = rgb => {
        const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map(v => v / 255)
            .map(v => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (l1 + 0.05) / (l2 + 0.05);
    };
    const ring = async (target, backdrop) => {
      await target.focus();
      return target.evaluate((element, selector) => ({
        outline: getComputedStyle(element).outlineColor,
        behind: getComputedStyle(element.closest(selector)).backgroundColor,
      }), backdrop);
    };
    await page.keyboard.press("Shift+Tab");  // keyboard focus: :focus-visible from now on
    for (const [target, backdrop] of [[page.getByRole("button", {name: "Close chat"}), "header"],
                                      [page.getByRole("button", {name: "New conversation"}), "header"],
                                      [page.getByRole("button", {name: "Download conversation"}), "header"],
                                      [page.getByRole("button", {name: "Sources"}).first(), ".panel"],
                                      [input(), ".panel"]]) {
      const {outline, behind} = await ring(target, backdrop);
      assert.ok(contrast(outline, behind) >= 3, `${outline} on ${behind}: ${contrast(outline, behind)}`);
    }
  });

  // A page of another site, at `pathname` of the host server, with the widget's tag.
  function hostHtml({attributes = "", head = ""} = {}) {
    return `<!doctype html><html><head><meta charset="utf-8">${head}</head><body><h1>A shop</h1>` +
        `<script src="${base}/widget.js" ${attributes.includes("data-open") ? "" : 'data-open="true"'} ` +
        `${attributes}></script></body></html>`;
  }

  async function hostPage(pathname, options = {}) {
    hostPages.set(pathname, hostHtml(options));
    const host = await context.newPage();
    await host.setViewportSize(options.viewport || {width: 1280, height: 800});
    await options.prepare?.(host);
    await host.goto(hostBase + pathname);
    page = host;
    return host;
  }

  it("tells the visitor and the site's owner why another site's page may not chat, and stops", async () => {
    const warnings = [];
    const attempts = [];
    hostPages.set("/shop.html", hostHtml());
    const foreign = await context.newPage();
    foreign.on("console", message => { if (message.type() === "warning") warnings.push(message.text()); });
    foreign.on("websocket", ws => attempts.push(ws.url()));
    // localhost is another origin than the allowed 127.0.0.1 one.
    const origin = hostBase.replace("127.0.0.1", "localhost");
    await foreign.goto(`${origin}/shop.html`);
    page = foreign;
    await page.getByRole("status").filter({hasText: "The chat is not available on this page"}).waitFor();
    assert.equal(attempts.length, 3);
    assert.ok(await input().isDisabled(), "nothing to type into a chat that cannot open");
    assert.equal(warnings.filter(text => text.includes("server.allowed_origins")).length, 1, warnings.join("\n"));
    assert.ok(warnings[0].includes(origin), warnings[0]);
    await foreign.screenshot({path: path.join(artifacts, "widget-refused.png")});
    await foreign.close();
  });

  it("keeps the conversation in view at any size: short screens, phones either way up, a resize", async () => {
    const host = await hostPage("/sizes.html", {attributes: 'data-storage="none"'});
    await dialog().waitFor();
    await botMessages().first().waitFor();
    await host.setViewportSize({width: 1366, height: 560});
    for (const text of ["blorp fizzle", "wibble wobble"]) await ask(text);  // two fallbacks: many suggestions
    const log = page.getByRole("log");
    const row = page.getByRole("group", {name: "Suggested questions"});
    assert.ok((await log.boundingBox()).height >= 200, JSON.stringify(await log.boundingBox()));
    assert.ok((await row.boundingBox()).height <= 58);
    const tops = await row.getByRole("button").evaluateAll(buttons => buttons.map(b => b.offsetTop));
    assert.ok(tops.length > 1 && tops.every(top => top === tops[0]), "one row of suggestions");
    await host.screenshot({path: path.join(artifacts, "widget-1366x560.png")});

    for (const [width, height, name] of [[844, 390, "landscape"], [390, 480, "keyboard"]]) {
      await host.setViewportSize({width, height});
      assert.deepEqual(await dialog().boundingBox(), {x: 0, y: 0, width, height});
      const field = await input().boundingBox();
      assert.ok(field.y + field.height <= height, `the input shows at ${width}x${height}`);
      assert.ok((await log.boundingBox()).height >= 160, `${width}x${height}: ${(await log.boundingBox()).height}`);
      // The newest message starts within the log.
      const newest = await log.locator(".message").last().boundingBox();
      const shown = await log.boundingBox();
      assert.ok(newest.y >= shown.y - 1 && newest.y < shown.y + shown.height, `${name}: newest in view`);
      await host.screenshot({path: path.join(artifacts, `widget-${name}.png`)});
    }
    await host.close();
  });

  it("times out a reply that does not come, says so in text, and sends it again on Retry", async () => {
    let hold = true;
    let reconnected;
    const secondSocket = new Promise(resolve => { reconnected = resolve; });
    let sockets = 0;
    await hostPage("/slow.html", {attributes: 'data-storage="none" data-reply-timeout="1"', prepare: host => {
      host.on("websocket", () => { if (++sockets === 2) reconnected(); });
      return host.routeWebSocket(/\/ws/, ws => {
        const upstream = ws.connectToServer();
        ws.onMessage(message => upstream.send(message));
        upstream.onMessage(message => { if (!(hold && JSON.parse(message).type === "reply")) ws.send(message); });
      });
    }});
    await botMessages().first().waitFor();
    await input().fill("What is zonulin?");
    await input().press("Enter");
    const question = userMessages().last();
    await question.getByText("Not sent ·").waitFor();
    assert.match(await question.getAttribute("class"), /failed/);
    assert.ok(await page.locator(".typing").isHidden());
    await secondSocket;  // a new connection after the time-out
    await page.getByRole("status").filter({hasText: "Reconnecting"}).waitFor({state: "hidden"});
    assert.equal(sockets, 2);

    hold = false;
    await question.getByRole("button", {name: "Retry"}).click();
    const reply = botMessages().nth(1);
    await reply.waitFor();
    assert.equal(await reply.getAttribute("data-intent"), "zonulin");
    assert.doesNotMatch(await question.getAttribute("class"), /failed/);
    assert.ok(await question.getByText("Not sent ·").isHidden());
    assert.equal(await reply.evaluate(element => element.previousElementSibling.dataset.id),
                 await question.getAttribute("data-id"));
    await page.close();
  });

  it("resists a hostile host stylesheet and takes theming, texts and events from the page", async () => {
    const hostile = "<style>* { letter-spacing: 6px !important; text-transform: uppercase !important; " +
        "font-family: serif !important; line-height: 4 !important; text-align: right !important; " +
        "word-spacing: 20px !important; font-style: italic !important; }</style>" +
        "<script>window.gutbotConfig = {strings: {newConversation: 'Neues Gespräch', send: 'Senden'}};</script>";
    const host = await hostPage("/hostile.html", {head: hostile, attributes:
        'data-storage="session" data-position="left" data-accent="#6b21a8" data-accent-text="#fde68a" data-launcher-label="Ask our bot" ' +
        'data-placeholder="Your question" data-open="false"'});
    const events = [];
    await host.exposeFunction("recordEvent", type => events.push(type));
    await host.evaluate(() => ["open", "close", "message"].forEach(type =>
        window.gutbotWidget.addEventListener(type, () => window.recordEvent(type))));
    await host.getByRole("button", {name: "Ask our bot"}).click();
    await dialog().waitFor();
    const welcome = botMessages().first();
    await welcome.waitFor();
    const style = await welcome.locator("p.text").evaluate(element => {
      const s = getComputedStyle(element);
      return {letterSpacing: s.letterSpacing, textTransform: s.textTransform, textAlign: s.textAlign,
              wordSpacing: s.wordSpacing, fontStyle: s.fontStyle, lineHeight: parseFloat(s.lineHeight),
              fontSize: parseFloat(s.fontSize)};
    });
    assert.deepEqual({...style, lineHeight: undefined, fontSize: undefined},
                     {letterSpacing: "normal", textTransform: "none", textAlign: "left", wordSpacing: "0px",
                      fontStyle: "normal", lineHeight: undefined, fontSize: undefined});
    assert.ok(style.lineHeight < style.fontSize * 2, JSON.stringify(style));
    assert.equal((await dialog().boundingBox()).x, 20, "on the left");
    assert.equal(await host.locator(".panel header").evaluate(e => getComputedStyle(e).backgroundColor),
                 "rgb(107, 33, 168)");
    assert.equal(await host.locator(".panel header").evaluate(e => getComputedStyle(e).color), "rgb(253, 230, 138)");
    assert.equal(await input().getAttribute("placeholder"), "Your question");
    await host.getByRole("button", {name: "Senden"}).waitFor();
    await host.screenshot({path: path.join(artifacts, "widget-hostile-page.png")});

    await ask("What is zonulin?");
    // Per-tab storage: the session is in sessionStorage, not localStorage.
    const kept = () => host.evaluate(() => [sessionStorage.getItem("gutbot.session"),
                                            localStorage.getItem("gutbot.session")]);
    const [tabToken, sharedToken] = await kept();
    assert.ok(tabToken);
    assert.notEqual(sharedToken, tabToken);
    await host.getByRole("button", {name: "Neues Gespräch"}).click();
    await host.waitForFunction(token => {
      const now = sessionStorage.getItem("gutbot.session");
      return now && now.split(".")[0] !== token.split(".")[0];
    }, tabToken);
    assert.equal(await userMessages().count(), 0);
    assert.equal(await botMessages().count(), 1, "the new conversation's welcome alone");

    await host.emulateMedia({colorScheme: "dark"});
    assert.equal(await host.locator(".panel").evaluate(e => getComputedStyle(e).backgroundColor), "rgb(22, 29, 35)");
    await host.screenshot({path: path.join(artifacts, "widget-dark.png")});
    await host.getByRole("button", {name: "Close chat"}).click();
    assert.deepEqual(events, ["open", "message", "message", "close"]);
    await host.close();
  });

  it("saves the conversation as a text file made in the page, once there is one", async () => {
    const sent = [];
    const host = await hostPage("/transcript.html", {attributes: 'data-storage="none"', prepare: host => {
      host.on("websocket", ws => ws.on("framesent", frame => sent.push(frame.payload)));
      return host.addInitScript(() => {
        const revoke = URL.revokeObjectURL;
        URL.revokeObjectURL = url => { window.revokedUrl = url; revoke.call(URL, url); };
      });
    }});
    await botMessages().first().waitFor();
    const save = host.getByRole("button", {name: "Download conversation"});
    assert.ok(await save.isDisabled(), "nothing to save before the first message");
    const sourced = await ask("What is zonulin?");
    const linked = await ask("is there a leaky gut diet plan i can follow");
    const urgent = await ask("there is blood in my stool");
    assert.equal(await urgent.getAttribute("data-safety"), "emergency");
    const downloaded = host.evaluate(() => new Promise(resolve =>
        window.gutbotWidget.addEventListener("download", () => resolve(true), {once: true})));
    const requests = [];
    host.on("request", request => requests.push(request.url()));
    const framesBefore = sent.length;

    const [download] = await Promise.all([host.waitForEvent("download"), save.click()]);
    const now = new Date();
    const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map(n => String(n).padStart(2, "0")).join("-");
    assert.equal(download.suggestedFilename(), `gutbot-conversation-${day}.txt`);
    assert.ok(await downloaded);
    const text = await readFile(await download.path(), "utf8");
    await download.saveAs(path.join(artifacts, "widget-transcript.txt"));
    await host.waitForFunction(() => window.revokedUrl?.startsWith("blob:"));
    assert.deepEqual(requests.filter(url => !url.startsWith("blob:")), [], "nothing asked of a server");
    assert.equal(sent.length, framesBefore, "nothing sent over the socket");

    assert.equal(text.split("General information, not medical advice.").length, 2, "the disclaimer once");
    assert.ok(text.startsWith("gutbot\nGeneral information, not medical advice."), text);
    const said = async reply => reply.locator("p.text").textContent();
    // In order: each answer with its Sources line (the widget's words) or its links' addresses.
    const order = ["You: What is zonulin?",
                   `Bot: ${await said(sourced)}\nSources: ${await sourced.locator(".sources").textContent()}\n`,
                   "You: is there a leaky gut diet plan i can follow",
                   `Bot: ${await said(linked)}\nLeaky Gut Diet Plan <https://example.org/diet-plan>\n`,
                   "You: there is blood in my stool",
                   `Bot: *** Get help now ***\n${await said(urgent)}`].map(part => text.indexOf(part));
    assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1])), `${order}\n${text}`);
    // Each message under its time, as the visitor's or the bot's.
    const heads = text.split("\n").filter(line => line.startsWith("["));
    assert.equal(heads.length, 7, "the welcome, three questions, three answers");
    for (const line of heads) assert.match(line, /^\[[^\]]*\d{1,2}:\d{2}[^\]]*\] (You|Bot): /);
    await host.close();
  });

  it("shows data-avatar's image, decorative, where the icon was", async () => {
    hostPages.set("/avatar.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2">' +
                                 '<circle cx="1" cy="1" r="1" fill="#e11d48"/></svg>');
    const host = await hostPage("/avatar.html", {attributes: 'data-storage="none" data-avatar="/avatar.svg"'});
    await dialog().waitFor();
    const image = host.locator("header .avatar img");
    await image.evaluate(img => img.decode());
    assert.equal(await image.evaluate(img => img.src), `${hostBase}/avatar.svg`);
    assert.equal(await image.getAttribute("alt"), "");
    assert.equal(await host.locator("header .avatar svg").count(), 0);
    const box = await image.boundingBox();
    assert.deepEqual([box.width, box.height], [34, 34]);
    await host.screenshot({path: path.join(artifacts, "widget-avatar.png")});
    await host.close();
  });

  it("ignores a data-avatar that is not an http(s) or relative URL, with one warning", async () => {
    const warnings = [];
    const host = await hostPage("/bad-avatar.html", {
      attributes: 'data-storage="none" data-avatar="javascript:alert(1)"',
      prepare: host => host.on("console", message => { if (message.type() === "warning") warnings.push(message.text()); }),
    });
    await dialog().waitFor();
    assert.equal(await host.locator("header .avatar img").count(), 0);
    assert.equal(await host.locator("header .avatar svg").count(), 1, "the built-in icon");
    assert.equal(warnings.filter(text => text.includes("data-avatar")).length, 1, warnings.join("\n"));
    await host.close();
  });

  it("puts the disclaimer in one place and gives the demo page a favicon", async () => {
    const demo = await context.newPage();
    const missing = [];
    demo.on("response", response => { if (response.status() === 404) missing.push(response.url()); });
    await demo.goto(`${base}/`);
    page = demo;
    await dialog().waitFor();
    assert.ok(await demo.locator('link[rel="icon"]').count() === 1);
    assert.deepEqual(missing, []);
    assert.doesNotMatch(await demo.locator("main").textContent(), /not medical advice/);
    // The footer says it beside every conversation; answers do not repeat it.
    assert.equal(await demo.locator(".panel").evaluate(panel => [...panel.querySelectorAll("footer, .message p")]
        .filter(element => element.textContent.includes("not medical advice")).map(element => element.tagName)
        .join()), "FOOTER");
    await demo.close();
  });
});
