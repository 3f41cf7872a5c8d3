// gutbot's chat widget. One tag on any page gives a chat button and panel:
//   <script src="https://bot.example.com/widget.js" defer></script>
// A page on another site than the bot's must be listed in the server's
// server.allowed_origins, or the server refuses the chat (the widget then
// says so, and warns in the console). It speaks the /ws protocol of
// docs/interfaces.md ("The server") with the server the script came from. Plain
// browser JavaScript: no framework, no build step; the server serves it
// after embed.js, the theme and helpers it shares with the FAQ block.
//
// Options, as data attributes of the script tag or as the same names in
// camelCase on window.gutbotConfig, set before the tag (which wins):
//   data-server         the bot's base URL (default: where widget.js came from)
//   data-title          the panel's title (default "gutbot")
//   data-subtitle       the line under the title
//   data-accent         a CSS colour for the button, header and the visitor's messages
//   data-accent-text, data-ink, data-background, data-bot-background: the
//                       text on the accent, the text, the panel's and the
//                       bot's messages' backgrounds (light mode's; set them
//                       all when the page fixes its own dark mode)
//   data-position       "right" (default) or "left"
//   data-open           "true" opens the panel when the page loads
//   data-storage        where the conversation is kept between page loads:
//                       "local" (default: every tab, 30 days), "session" (this
//                       tab only, until it closes) or "none"
//   data-reply-timeout  seconds to wait for a reply before "Not sent · Retry" (15)
//   data-avatar         the bot's picture in the header: an http(s) or relative
//                       image URL (default: the built-in icon)
//   data-launcher-label, data-placeholder, data-welcome, data-disclaimer:
//                       those texts; window.gutbotConfig.strings replaces any
//                       other visible text (the keys of STRINGS below)
// Dark mode follows prefers-color-scheme. window.gutbotWidget opens and
// closes the panel, starts a new conversation, and is an EventTarget firing
// "open", "close", "message" (detail: {role, text, id}), "feedback"
// (detail: {id, rating, comment}) and "download" (the conversation saved as
// a text file from the header's button).
(() => {
  "use strict";

  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!script || window.gutbotWidget) return;  // the tag is on the page twice

  const config = {...(window.gutbotConfig || {}), ...script.dataset};
  const STRINGS = {
    title: "gutbot",
    subtitle: "Answers come with their sources",
    launcher: "Chat with {title}",
    close: "Close chat",
    newConversation: "New conversation",
    download: "Download conversation",
    placeholder: "Ask a question\u2026",
    input: "Your message",
    send: "Send",
    log: "Conversation",
    you: "You: ",
    bot: "Bot: ",
    typing: "The bot is typing\u2026",
    suggestions: "Suggested questions",
    sources: "Sources",
    hideSources: "Hide sources",
    references: "Article references: {numbers}",
    referencesOf: "References {numbers} of the article \u201c{title}\u201d by {author}, medically reviewed by {reviewer}.",
    helpful: "Helpful",
    notHelpful: "Not helpful",
    commentLabel: "What was missing? (optional)",
    commentSend: "Send feedback",
    thanks: "Thanks for the feedback.",
    notSent: "Not sent",
    retry: "Retry",
    urgent: "Get help now",
    healthNote: "Health note",
    connecting: "Connecting\u2026",
    reconnecting: "Reconnecting\u2026 Messages you send now go out once the connection is back.",
    refused: "The chat is not available on this page. Please contact the site's owner.",
    error: "Something went wrong.",
    welcome: "",
    disclaimer: "General information, not medical advice. See a doctor about symptoms that worry you.",
    ...(window.gutbotConfig?.strings || {}),
  };
  for (const key of ["title", "subtitle", "placeholder", "welcome", "disclaimer"]) {
    if (config[key]) STRINGS[key] = config[key];
  }
  if (config.launcherLabel) STRINGS.launcher = config.launcherLabel;

  const SESSION_KEY = "gutbot.session";
  const OPEN_KEY = "gutbot.open";
  const MAX_MESSAGE_CHARS = 2000;  // the server's default max_message_chars
  const BACKOFF_FIRST_MS = 500;
  const BACKOFF_MAX_MS = 10000;
  const RATE_LIMIT_RETRY_MS = 1500;
  // Handshakes refused in a row, while the server itself answers, before the
  // widget gives up: the server refuses this page's origin.
  const REFUSALS_BEFORE_GIVING_UP = 3;
  const REPLY_TIMEOUT_MS = 1000 * (Number(config.replyTimeout) > 0 ? Number(config.replyTimeout) : 15);

  // Stored state survives a page reload; storage may be disabled (private
  // modes, sandboxed frames), in which case the widget forgets at the next
  // page load. "none" keeps the session in this page only, for reconnects.
  const memory = new Map();
  const inMemory = {getItem: k => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, v), removeItem: k => memory.delete(k)};
  const store = {local: () => localStorage, session: () => sessionStorage}[config.storage || "local"] || (() => inMemory);
  const storage = {
    get(key) { try { return store().getItem(key); } catch { return memory.get(key) ?? null; } },
    set(key, value) { try { store().setItem(key, value); } catch { memory.set(key, value); } },
    remove(key) { try { store().removeItem(key); } catch { /* not kept */ } memory.delete(key); },
  };

  const serverBase = (() => {
    const base = new URL(config.server || script.src, location.href);
    if (config.server && !base.pathname.endsWith("/")) base.pathname += "/";
    return base;
  })();

  function socketUrl() {
    const url = new URL("ws", serverBase);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return url;
  }

  // A client message id unique across reloads and tabs: the server answers a
  // repeated id within a session with its original reply.
  function newMessageId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
  }

  // After embed.js's theme (EMBED_THEME).
  const STYLE = `
/* Inherited properties start afresh: a host page's rules cannot reach in. */
.launcher, .panel { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  letter-spacing: normal; word-spacing: normal; text-transform: none; text-indent: 0; text-align: left;
  text-shadow: none; font-style: normal; font-variant: normal; white-space: normal; word-break: normal;
  overflow-wrap: normal; hyphens: manual; direction: ltr; visibility: visible; cursor: auto;
  list-style: none; tab-size: 8; text-rendering: auto; -webkit-text-fill-color: currentcolor; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button, input, textarea { font: inherit; color: inherit; letter-spacing: inherit; text-transform: inherit; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
header :focus-visible, .launcher:focus-visible { outline-color: var(--accent-text); outline-offset: -5px; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 58px; height: 58px;
  border: 0; border-radius: 50%; background: var(--accent); color: var(--accent-text); cursor: pointer;
  box-shadow: 0 6px 20px rgba(15, 23, 42, .25); display: grid; place-items: center; }
.launcher:hover { filter: brightness(1.08); }
.launcher svg { width: 28px; height: 28px; display: block; }
.launcher .when-open, .launcher.open .when-closed { display: none; }
.launcher.open .when-open { display: block; }
.panel { position: fixed; right: 20px; bottom: 92px; z-index: 2147483000; width: 380px;
  height: min(620px, calc(100vh - 116px)); display: flex; flex-direction: column; overflow: hidden;
  background: var(--panel-bg); border-radius: 16px; box-shadow: 0 12px 40px rgba(15, 23, 42, .22);
  border: 1px solid var(--line); }
:host(.left) .launcher, :host(.left) .panel { right: auto; left: 20px; }
header { display: flex; align-items: center; gap: 6px; padding: 8px 6px 8px 14px; flex: none;
  background: var(--accent); color: var(--accent-text); }
header .avatar { width: 34px; height: 34px; border-radius: 50%; background: rgba(255, 255, 255, .18);
  display: grid; place-items: center; flex: none; }
header .avatar svg { width: 20px; height: 20px; }
header .avatar img { width: 100%; height: 100%; border-radius: 50%; object-fit: cover; display: block; }
header .heading { flex: 1; min-width: 0; margin-left: 4px; }
header h2 { margin: 0; font-size: 16px; font-weight: 600; }
header p { margin: 0; font-size: 12.5px; opacity: .9; }
.icon-button { width: 44px; height: 44px; flex: none; border: 0; border-radius: 8px; background: transparent;
  color: inherit; cursor: pointer; display: grid; place-items: center; }
.icon-button:hover { background: rgba(255, 255, 255, .16); }
.icon-button:disabled { opacity: .45; cursor: default; background: transparent; }
.icon-button svg { width: 20px; height: 20px; }
.status { margin: 0; padding: 7px 16px; font-size: 13px; background: var(--note-bg); color: var(--note-ink);
  border-bottom: 1px solid var(--line); flex: none; }
.log { position: relative; flex: 1; min-height: 0; overflow-y: auto; padding: 16px; display: flex;
  flex-direction: column; gap: 10px; overscroll-behavior: contain; }
.message { max-width: 86%; padding: 9px 13px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere;
  flex: none; }
.message p { margin: 0; }
.message time { display: block; margin-top: 3px; font-size: 11.5px; opacity: .75; }
.bot { align-self: flex-start; background: var(--bot-bg); border-bottom-left-radius: 4px; }
.bot[data-safety] { background: var(--note-bg); border: 1px solid var(--note-line); border-left-width: 6px;
  color: var(--note-ink); max-width: 94%; }
.bot[data-safety="emergency"], .bot[data-safety="self_harm"] { background: var(--urgent-bg);
  border-color: var(--urgent-line); color: var(--ink); }
.safety-label { font-weight: 700; margin-bottom: 4px !important; }
.bot[data-safety="emergency"] .safety-label, .bot[data-safety="self_harm"] .safety-label { color: var(--urgent-line); }
.user { align-self: flex-end; background: var(--accent); color: var(--accent-text); border-bottom-right-radius: 4px; }
.user.queued { opacity: .6; }
.user.failed { background: var(--panel-bg); color: var(--urgent-line); border: 2px dashed var(--urgent-line); }
.failure { display: flex; align-items: center; gap: 6px; font-size: 13px; font-weight: 600; }
.note { align-self: center; font-size: 13px; color: var(--muted); text-align: center; }
.text-button { min-height: 44px; min-width: 44px; padding: 0 6px; border: 0; background: none; color: inherit;
  font-size: 13px; font-weight: 600; cursor: pointer; text-decoration: underline; text-underline-offset: 2px; }
.bot .text-button { margin-left: -6px; color: var(--accent); }
@media (prefers-color-scheme: dark) { .bot .text-button { color: var(--focus); } }
.sources { font-size: 13px; color: var(--muted); }
.links { display: flex; flex-wrap: wrap; gap: 0 12px; }
.links a { display: inline-flex; align-items: center; min-height: 44px; color: inherit; text-decoration: underline; }
.rating { display: flex; align-items: center; gap: 2px; margin: 2px 0 -6px -6px; white-space: normal; }
.rating button { width: 44px; height: 44px; border: 0; border-radius: 8px; background: none; cursor: pointer;
  color: var(--muted); display: grid; place-items: center; }
.rating svg { width: 19px; height: 19px; }
.rating button:hover { color: var(--ink); }
.rating button[aria-pressed="true"] { color: var(--accent); background: color-mix(in srgb, var(--accent) 14%, transparent); }
.rating button[aria-pressed="true"] svg { fill: color-mix(in srgb, var(--accent) 25%, transparent); }
.rating .thanks { font-size: 12.5px; color: var(--muted); }
.comment { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; white-space: normal; }
.comment label { flex-basis: 100%; font-size: 13px; }
.comment input { flex: 1; min-width: 0; min-height: 44px; }
.comment button { min-height: 44px; padding: 0 12px; border: 0; border-radius: 10px; background: var(--accent);
  color: var(--accent-text); cursor: pointer; }
.typing { align-self: flex-start; display: flex; gap: 4px; margin: 0 16px 8px; padding: 11px 13px; flex: none;
  background: var(--bot-bg); border-radius: 14px; border-bottom-left-radius: 4px; }
.typing span[aria-hidden] { width: 7px; height: 7px; border-radius: 50%; background: var(--muted);
  animation: blink 1.2s infinite ease-in-out; }
.typing span[aria-hidden]:nth-child(2) { animation-delay: .2s; }
.typing span[aria-hidden]:nth-child(3) { animation-delay: .4s; }
@keyframes blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .typing span[aria-hidden] { animation: none; opacity: .6; } }
/* One row that scrolls sideways: however many suggestions, the log keeps its room. */
.suggestions { display: flex; flex-wrap: nowrap; gap: 6px; padding: 6px 12px; flex: none; max-height: 58px;
  overflow-x: auto; overflow-y: hidden; overscroll-behavior: contain; scrollbar-width: thin; }
.suggestions:empty { display: none; }
.suggestions button { flex: none; min-height: 44px; padding: 0 13px; white-space: nowrap;
  border: 1px solid var(--accent); border-radius: 22px; background: var(--panel-bg); color: var(--accent);
  font-size: 13.5px; cursor: pointer; }
@media (prefers-color-scheme: dark) { .suggestions button { color: var(--focus); border-color: var(--focus); } }
.suggestions button:hover { background: color-mix(in srgb, var(--accent) 10%, var(--panel-bg)); }
form.ask { display: flex; gap: 8px; padding: 8px 12px; border-top: 1px solid var(--line); flex: none; }
input { flex: 1; min-width: 0; min-height: 44px; padding: 9px 12px; border: 1px solid var(--input-line);
  border-radius: 10px; background: var(--panel-bg); }
input:focus-visible { border-color: var(--focus); outline: 2px solid var(--focus); outline-offset: 0; }
.send { width: 44px; height: 44px; flex: none; border: 0; border-radius: 10px; background: var(--accent);
  color: var(--accent-text); cursor: pointer; display: grid; place-items: center; }
.send svg { width: 20px; height: 20px; }
footer { padding: 0 14px 8px; font-size: 11.5px; color: var(--muted); text-align: center; flex: none; }
/* Phones either way up, and any screen too short for a floating panel. */
@media (max-width: 480px), (max-height: 500px) {
  .panel, :host(.left) .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; border: 0; }
  .launcher.open { display: none; }
  input { font-size: 16px; }  /* below 16px phones zoom the page on focus */
}
@media (max-height: 500px) {
  header .avatar, header p { display: none; }
  header { padding-top: 0; padding-bottom: 0; }
  .log { padding-top: 8px; padding-bottom: 8px; }
  footer { padding-bottom: 4px; }
}`;

  const icon = (body, width = 2) => `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" ` +
    `stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`;
  const CHAT_ICON = icon('<path d="M21 11.5a8.4 8.4 0 0 1-9 8.4 8.9 8.9 0 0 1-3.9-.9L3 20.5l1.5-4.6a8 8 0 0 1-1-4.4 ' +
    '8.5 8.5 0 0 1 9-8 8.4 8.4 0 0 1 8.5 8z"/>');
  const CLOSE_ICON = icon('<path d="M6 6l12 12M18 6L6 18"/>', 2.2);
  const SEND_ICON = icon('<path d="M5 12h14M13 6l6 6-6 6"/>', 2.2);
  const DOWNLOAD_ICON = icon('<path d="M12 4v11M7 10l5 5 5-5M5 20h14"/>');
  const NEW_ICON = icon('<path d="M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z"/>');
  const THUMB = '<path d="M7 11v9H4v-9zM7 11l4-8c1.5 0 2.5 1 2.5 2.5V9h5a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 17.3 20H7"/>';
  const UP_ICON = icon(THUMB, 1.8);
  const DOWN_ICON = icon(`<g transform="rotate(180 12 12)">${THUMB}</g>`, 1.8);

  // The widget's own fixed markup; every text, the visitor's and the
  // server's, goes in as text afterwards.
  const MARKUP = `
<button class="launcher" type="button" aria-expanded="false" aria-controls="panel"><span class="when-closed">${CHAT_ICON}</span><span class="when-open">${CLOSE_ICON}</span></button>
<section class="panel" id="panel" role="dialog" aria-modal="false" aria-labelledby="title" aria-describedby="disclaimer" hidden>
  <header>
    <div class="avatar">${CHAT_ICON}</div>
    <div class="heading"><h2 id="title"></h2><p class="subtitle"></p></div>
    <button class="icon-button download" type="button" disabled>${DOWNLOAD_ICON}</button>
    <button class="icon-button new" type="button">${NEW_ICON}</button>
    <button class="icon-button close" type="button">${CLOSE_ICON}</button>
  </header>
  <p class="status" role="status" aria-live="polite" hidden></p>
  <div class="log" role="log" aria-live="polite" tabindex="0"></div>
  <div class="typing" role="status" hidden><span class="visually-hidden"></span><span aria-hidden="true"></span><span aria-hidden="true"></span><span aria-hidden="true"></span></div>
  <div class="suggestions" role="group"></div>
  <form class="ask">
    <input type="text" name="message" autocomplete="off" maxlength="${MAX_MESSAGE_CHARS}">
    <button class="send" type="submit">${SEND_ICON}</button>
  </form>
  <footer id="disclaimer"></footer>
</section>`;

  const {host, root} = embedHost("gutbot-widget", MARKUP, STYLE, config);

  const $ = selector => root.querySelector(selector);
  const launcher = $(".launcher");
  const panel = $(".panel");
  const status = $(".status");
  const log = $(".log");
  const typing = $(".typing");
  const suggestions = $(".suggestions");
  const form = $("form.ask");
  const input = $("input");
  host.classList.toggle("left", config.position === "left");
  $("#title").textContent = STRINGS.title;
  $(".subtitle").textContent = STRINGS.subtitle;
  $("footer").textContent = STRINGS.disclaimer;
  typing.firstElementChild.textContent = STRINGS.typing;
  launcher.setAttribute("aria-label", STRINGS.launcher.replace("{title}", STRINGS.title));
  $(".close").setAttribute("aria-label", STRINGS.close);
  $(".new").setAttribute("aria-label", STRINGS.newConversation);
  $(".download").setAttribute("aria-label", STRINGS.download);
  log.setAttribute("aria-label", STRINGS.log);
  suggestions.setAttribute("aria-label", STRINGS.suggestions);
  input.placeholder = STRINGS.placeholder;
  input.setAttribute("aria-label", STRINGS.input);
  $(".send").setAttribute("aria-label", STRINGS.send);

  // `value` as an http(s) address (a relative one against `base`, when given), or null.
  function httpUrl(value, base) {
    try {
      const url = new URL(value, base);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch {
      return null;
    }
  }

  // data-avatar: the bot's picture, decorative, in place of the built-in icon.
  if (config.avatar) {
    const src = httpUrl(config.avatar, document.baseURI);
    if (src) {
      const image = element("img");
      image.alt = "";
      image.src = src;
      $(".avatar").replaceChildren(image);
    } else {
      console.warn(`gutbot: data-avatar "${config.avatar}" is not an http(s) or relative image URL; ` +
                   "the built-in icon stays.");
    }
  }

  const api = new EventTarget();
  const emit = (type, detail) => api.dispatchEvent(new CustomEvent(type, {detail}));

  // --- Rendering ---------------------------------------------------------

  let sourcesCount = 0;
  let article = {};  // the welcome's source: the article the reference numbers belong to

  function button(className, text, onClick) {
    const b = element("button", className, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  // Scrolls the log so that `message` shows whole, or from its start when it
  // is taller than the log: a long answer is read from the top.
  function reveal(message) {
    if (!message) return;
    const start = message.offsetTop - 12;
    const end = message.offsetTop + message.offsetHeight + 16 - log.clientHeight;
    log.scrollTop = Math.min(start, end);
  }
  // However the panel's size changes (a phone turned, a keyboard opened),
  // the newest message stays in view.
  new ResizeObserver(() => reveal(log.lastElementChild)).observe(log);
  // Nothing to download before the visitor's first message.
  new MutationObserver(() => { $(".download").disabled = !log.querySelector(".user"); })
      .observe(log, {childList: true});

  function messageElement(role, text, at = new Date()) {
    const message = element("div", "message " + role);
    const time = element("time", "", at.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"}));
    time.dateTime = at.toISOString();
    message.append(element("span", "visually-hidden", role === "user" ? STRINGS.you : STRINGS.bot),
                   element("p", "text", text), time);
    return message;
  }

  // An answer as the server sent it: live (a reply object) or reloaded (a
  // history entry, which carries the same fields).
  function botElement(text, reply, at) {
    const message = messageElement("bot", text, at);
    if (!reply) return message;
    message.dataset.intent = reply.intent || "";
    message.dataset.topic = reply.topic || "";
    if (reply.coverage) message.dataset.coverage = reply.coverage;
    if (reply.id || reply.reply_to) message.dataset.id = reply.id || reply.reply_to;
    // A health concern as the contract names it, set apart as a card.
    if (reply.safety) {
      message.dataset.safety = reply.safety;
      const urgent = reply.safety === "emergency" || reply.safety === "self_harm";
      message.querySelector("p.text").before(element("p", "safety-label", urgent ? STRINGS.urgent : STRINGS.healthNote));
    }
    const links = linksElement(reply.links);
    if (links) message.querySelector("time").before(links);
    const citations = Array.isArray(reply.citations) ? reply.citations : [];
    if (citations.length) message.querySelector("time").before(...sourcesElements(citations));
    if (message.dataset.id) message.append(ratingElement(message.dataset.id, reply.rating));
    return message;
  }

  // The pages an answer points to (the article, its companion pages), once
  // the site's operator has set their addresses; only http(s) ones are shown.
  function linksElement(links) {
    const usable = (Array.isArray(links) ? links : []).filter(link => link && httpUrl(link.url));
    if (!usable.length) return null;
    const list = element("p", "links");
    for (const link of usable) {
      const a = element("a", "", String(link.title || link.url));
      a.href = link.url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      list.append(a);
    }
    return list;
  }

  // A "Sources" button revealing the article's reference numbers behind an answer.
  function sourcesElements(citations) {
    const fields = {numbers: citations.join(", "), ...article};
    const template = article.title ? STRINGS.referencesOf : STRINGS.references;
    const list = element("p", "sources", template.replace(/\{(\w+)\}/g, (_, key) => String(fields[key] ?? "")));
    list.id = "sources-" + ++sourcesCount;
    list.hidden = true;
    const toggle = button("text-button", STRINGS.sources, () => {
      list.hidden = !list.hidden;
      toggle.setAttribute("aria-expanded", String(!list.hidden));
      toggle.textContent = list.hidden ? STRINGS.sources : STRINGS.hideSources;
    });
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", list.id);
    return [toggle, list];
  }

  // "Helpful" and "Not helpful" under an answer, one of them pressed when the
  // answer was rated before (`given`: "up" or "down"); "Not helpful" asks for
  // an optional comment, sent as a second rating.
  function ratingElement(id, given) {
    const bar = element("div", "rating");
    const thanks = element("span", "thanks");
    thanks.setAttribute("role", "status");
    const rate = (rating, pressed) => {
      for (const b of bar.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b === pressed));
      sendFeedback({id, rating}, () => { thanks.textContent = STRINGS.thanks; });
    };
    const up = button("", undefined, () => { comment.hidden = true; rate("up", up); });
    const down = button("", undefined, () => {
      rate("down", down);
      comment.hidden = false;
      comment.querySelector("input").focus();
    });
    up.innerHTML = UP_ICON;
    down.innerHTML = DOWN_ICON;
    up.setAttribute("aria-label", STRINGS.helpful);
    down.setAttribute("aria-label", STRINGS.notHelpful);
    up.setAttribute("aria-pressed", String(given === "up"));
    down.setAttribute("aria-pressed", String(given === "down"));
    const comment = element("form", "comment");
    comment.hidden = true;
    const label = element("label", "", STRINGS.commentLabel);
    const field = element("input");
    field.maxLength = 1000;  // the server's default max_comment_chars
    label.htmlFor = field.id = "comment-" + id;
    const submit = element("button", "", STRINGS.commentSend);
    comment.append(label, field, submit);
    comment.addEventListener("submit", event => {
      event.preventDefault();
      if (field.value.trim()) sendFeedback({id, rating: "down", comment: field.value.trim()}, () => {});
      comment.hidden = true;
      down.focus();
    });
    bar.append(up, down, thanks);
    const wrapper = element("div");
    wrapper.append(bar, comment);
    return wrapper;
  }

  function showNote(text) {
    const note = element("p", "note", text);
    log.append(note);
    reveal(note);
  }

  function offer(list) {
    suggestions.replaceChildren(...(Array.isArray(list) ? list : []).map(text =>
      button("", text, () => { send(text); input.focus(); })));
    suggestions.scrollLeft = 0;
  }

  function showStatus(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  // --- Messages: sent one at a time, in order, each until its reply -------

  // Messages not yet answered, oldest first; the first is on the wire while
  // connected. After a reconnect it goes again with the same id, which the
  // server answers with the original reply rather than a second one.
  let outbox = [];
  // The visitor's messages on screen by client id: a reply goes under its
  // question, however late it comes.
  let questions = new Map();
  let answered = new Set();  // client ids whose reply is shown
  let inFlight = false;
  let replyTimer = 0;

  function send(text) {
    text = text.trim();
    if (!text) return;
    const item = {id: newMessageId(), text, element: messageElement("user", text)};
    item.element.dataset.id = item.id;
    item.element.classList.add("queued");
    questions.set(item.id, item.element);
    log.append(item.element);
    reveal(item.element);
    emit("message", {role: "user", text, id: item.id});
    enqueue(item);
    offer([]);
  }

  function enqueue(item) {
    outbox.push(item);
    sendNext();
  }

  function sendNext() {
    if (inFlight || !outbox.length || !socket || socket.readyState !== WebSocket.OPEN || !welcomed) {
      return updateTyping();
    }
    const item = outbox[0];
    socket.send(JSON.stringify({type: "message", text: item.text, id: item.id}));
    inFlight = true;
    replyTimer = setTimeout(() => timedOut(item), REPLY_TIMEOUT_MS);
    updateTyping();
  }

  function updateTyping() {
    typing.hidden = !inFlight;
  }

  function settle(item) {
    clearTimeout(replyTimer);
    outbox = outbox.filter(entry => entry !== item);
    item.element.classList.remove("queued", "failed");
    item.element.querySelector(".failure")?.remove();
    inFlight = false;
  }

  // Marked in text, not colour alone, with a button that sends it again
  // (with its id, so an answer that did come meanwhile is not given twice).
  function markFailed(item) {
    settle(item);
    item.element.classList.add("failed");
    const failure = element("p", "failure", STRINGS.notSent + " \u00b7");
    failure.append(button("text-button", STRINGS.retry, () => {
      item.element.classList.add("queued");
      failure.remove();
      enqueue(item);
    }));
    item.element.append(failure);
  }

  // No reply in time: the connection is probably dead without knowing it.
  // The message is marked, and a new connection takes the next ones.
  function timedOut(item) {
    if (!inFlight || outbox[0] !== item) return;
    markFailed(item);
    updateTyping();
    socket?.close();
  }

  function onReply(frame) {
    const id = typeof frame.reply_to === "string" ? frame.reply_to : "";
    if (id && answered.has(id)) return;  // a resent message's original reply, already shown
    if (id) answered.add(id);
    const item = outbox.find(entry => entry.id === id);
    if (item) settle(item);
    questions.get(id)?.classList.remove("failed");
    questions.get(id)?.querySelector(".failure")?.remove();
    const text = String(frame.text ?? "");
    const reply = botElement(text, frame);
    const question = questions.get(id);
    if (question) question.after(reply); else log.append(reply);
    // Suggestions belong to the last answer only.
    if (!reply.nextElementSibling) offer(frame.suggestions);
    reveal(reply);
    emit("message", {role: "bot", text, id});
    sendNext();
  }

  function onError(frame) {
    if (frame.code === "invalid_session" || frame.code === "session_expired") {
      // The token is no good: the new session this connection began with counts.
      if (resuming) { resuming = false; onWelcome(freshWelcome); }
      return;
    }
    if (frame.code === "rate_limited" && inFlight) {
      inFlight = false;
      clearTimeout(replyTimer);
      setTimeout(sendNext, RATE_LIMIT_RETRY_MS);
      return updateTyping();
    }
    showNote(String(frame.message ?? STRINGS.error));
    // Only one message is on the wire, so an error answers that one.
    if (inFlight && outbox.length) markFailed(outbox[0]);
    sendNext();
  }

  // --- Ratings -----------------------------------------------------------

  let feedbackQueue = [];  // sent once connected
  const feedbackDone = new Map();  // client id -> what to do when saved

  function sendFeedback(rating, saved) {
    feedbackDone.set(rating.id, saved);
    emit("feedback", rating);
    feedbackQueue.push(rating);
    flushFeedback();
  }

  function flushFeedback() {
    if (!socket || socket.readyState !== WebSocket.OPEN || !welcomed) return;
    for (const rating of feedbackQueue) socket.send(JSON.stringify({type: "feedback", ...rating}));
    feedbackQueue = [];
  }

  // --- The connection ----------------------------------------------------

  let socket = null;
  let welcomed = false;     // the current socket's welcome has arrived
  let everWelcomed = false; // the conversation is on screen
  let resuming = false;     // a resume frame awaits its welcome
  let freshWelcome = null;  // the welcome that came before it
  let failures = 0;
  let refusals = 0;         // handshakes in a row that failed
  let retryTimer = 0;

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = 0;
    const ws = new WebSocket(socketUrl());
    let opened = false;
    socket = ws;
    welcomed = false;
    resuming = false;
    if (!everWelcomed) showStatus(STRINGS.connecting);
    ws.addEventListener("open", () => {
      if (socket !== ws) return;
      opened = true;
      refusals = 0;
      // The token goes in a frame, never in the URL, so that no access log keeps it.
      const token = storage.get(SESSION_KEY);
      if (!token) return;
      resuming = true;
      ws.send(JSON.stringify({type: "resume", session: token}));
    });
    ws.addEventListener("message", event => {
      if (socket !== ws) return;
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      if (frame.type === "welcome") onWelcome(frame);
      else if (frame.type === "reply") onReply(frame);
      else if (frame.type === "feedback_saved") feedbackDone.get(frame.id)?.();
      else if (frame.type === "error") onError(frame);
    });
    ws.addEventListener("close", () => {
      if (socket !== ws) return;
      socket = null;
      welcomed = false;
      inFlight = false;
      clearTimeout(replyTimer);
      updateTyping();
      if (opened) scheduleReconnect();
      else checkRefused();
    });
  }

  // A browser does not show a page why a WebSocket handshake failed. When
  // the server answers plain requests but refuses handshake after handshake,
  // the likely reason is this page's origin missing from
  // server.allowed_origins: the visitor is told, the site's owner warned in
  // the console, and the widget stops trying. A server that does not answer
  // at all is down or out of reach: the widget keeps trying.
  function checkRefused() {
    fetch(new URL("healthz", serverBase), {mode: "no-cors", cache: "no-store"}).then(() => {
      refusals += 1;
      if (refusals < REFUSALS_BEFORE_GIVING_UP) return scheduleReconnect();
      showStatus(STRINGS.refused);
      input.disabled = $(".send").disabled = true;
      console.warn(`gutbot: ${serverBase.origin} refused the chat connection from this page ${refusals} times ` +
                   `while it answers other requests. Add "${location.origin}" to the server's ` +
                   "server.allowed_origins setting (README: Web widget). The widget stopped retrying.");
    }, () => {
      refusals = 0;
      scheduleReconnect();
    });
  }

  function onWelcome(frame) {
    if (resuming && !Array.isArray(frame.history)) {
      freshWelcome = frame;  // the answer to the resume frame comes next
      return;
    }
    resuming = false;
    if (typeof frame.session === "string") storage.set(SESSION_KEY, frame.session);
    if (frame.source && typeof frame.source === "object") article = frame.source;
    welcomed = true;
    failures = 0;
    showStatus("");
    if (!everWelcomed) showConversation(frame);
    sendNext();
    flushFeedback();
  }

  // The first welcome shows the conversation so far, each answer as it first
  // appeared, before anything typed while connecting. A later reconnect
  // keeps what is on screen.
  function showConversation(frame) {
    everWelcomed = true;
    const history = Array.isArray(frame.history) ? frame.history : [];
    const earlier = [botElement(STRINGS.welcome || String(frame.text ?? ""), null)];
    let last = null;
    for (const turn of history) {
      const at = new Date(turn.at || Date.now());
      const text = String(turn.text ?? "");
      if (turn.role === "user") {
        const question = messageElement("user", text, at);
        if (turn.id) questions.set(turn.id, question);
        earlier.push(question);
      } else {
        if (turn.id) answered.add(turn.id);
        earlier.push(botElement(text, turn, at));
        last = turn;
      }
    }
    log.prepend(...earlier);
    if (!outbox.length) offer((last || frame).suggestions);
    reveal(log.lastElementChild);
  }

  // Exponential backoff with jitter, so that clients cut off together do not
  // all come back at the same moment.
  function scheduleReconnect() {
    showStatus(STRINGS.reconnecting);
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** failures);
    failures += 1;
    retryTimer = setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
  }

  window.addEventListener("online", () => { if (retryTimer) connect(); });

  // A fresh start: a new session, nothing of the old one kept by the page.
  function newConversation() {
    storage.remove(SESSION_KEY);
    const old = socket;
    socket = null;
    old?.close();
    clearTimeout(replyTimer);
    outbox = [];
    feedbackQueue = [];
    questions = new Map();
    answered = new Set();
    inFlight = false;
    everWelcomed = false;
    log.replaceChildren();
    offer([]);
    updateTyping();
    connect();
    input.focus();
  }

  // --- The conversation as a text file ---------------------------------

  // What the log shows, in plain text: the disclaimer once, then each message
  // with its time and who said it, a safety card under its label, an answer
  // with its sources and its links' addresses.
  function transcript() {
    const lines = [STRINGS.title, STRINGS.disclaimer];
    for (const message of log.querySelectorAll(".message")) {
      const at = new Date(message.querySelector("time").dateTime);
      const label = message.querySelector(".safety-label")?.textContent;
      lines.push("", `[${at.toLocaleString([], {dateStyle: "medium", timeStyle: "short"})}] ` +
                 (message.classList.contains("user") ? STRINGS.you : STRINGS.bot) +
                 (label ? `*** ${label} ***\n` : "") + message.querySelector("p.text").textContent);
      const sources = message.querySelector(".sources");
      if (sources) lines.push(`${STRINGS.sources}: ${sources.textContent}`);
      for (const a of message.querySelectorAll(".links a")) lines.push(`${a.textContent} <${a.href}>`);
    }
    return lines.join("\n") + "\n";
  }

  // Saved by the browser from a link to the text: nothing goes to the server.
  function download() {
    const now = new Date();
    const day = new Date(now - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
    const a = element("a");
    a.href = URL.createObjectURL(new Blob([transcript()], {type: "text/plain;charset=utf-8"}));
    a.download = `gutbot-conversation-${day}.txt`;
    root.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);  // once the download has begun
    emit("download");
  }

  // --- Opening and closing -----------------------------------------------

  function open({focus = true} = {}) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.classList.add("open");
    storage.set(OPEN_KEY, "1");
    if (!socket && !retryTimer && refusals < REFUSALS_BEFORE_GIVING_UP) connect();
    if (focus) input.focus();
    reveal(log.lastElementChild);
    emit("open");
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.classList.remove("open");
    storage.set(OPEN_KEY, "0");
    launcher.focus();
    emit("close");
  }

  launcher.addEventListener("click", () => (panel.hidden ? open() : close()));
  $(".close").addEventListener("click", close);
  $(".new").addEventListener("click", newConversation);
  $(".download").addEventListener("click", download);
  panel.addEventListener("keydown", event => {
    if (event.key === "Escape") { event.stopPropagation(); close(); }
  });
  form.addEventListener("submit", event => {
    event.preventDefault();
    send(input.value);
    input.value = "";
  });

  function mount() {
    document.body.appendChild(host);
    const reopen = storage.get(OPEN_KEY);
    if (reopen === "1" || (reopen === null && config.open === "true")) open({focus: false});
  }

  Object.assign(api, {open, close, newConversation});
  window.gutbotWidget = api;
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
