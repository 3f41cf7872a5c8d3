// gutbot's chat widget. One tag on any page gives a chat button and panel:
//   <script src="https://bot.example.com/widget.js" defer></script>
// It speaks the /ws protocol of CONTRACT.md ("The server") with the server
// the script came from (data-server overrides). Plain browser JavaScript: no
// framework, no build step. Options (data attributes of the script tag):
//   data-server  the bot's base URL (default: where widget.js was loaded from)
//   data-title   the panel's title (default "gutbot")
//   data-subtitle  the line under the title
//   data-accent  a CSS colour for the button and the visitor's messages
//   data-open    "true" opens the panel when the page loads
// It keeps in localStorage the session token ("gutbot.session"), so a reload
// resumes the conversation, and whether the panel was open ("gutbot.open").
(() => {
  "use strict";

  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!script || window.gutbotWidget) return;  // the tag is on the page twice

  const SESSION_KEY = "gutbot.session";
  const OPEN_KEY = "gutbot.open";
  const MAX_MESSAGE_CHARS = 2000;  // the server's default max_message_chars
  const BACKOFF_FIRST_MS = 500;
  const BACKOFF_MAX_MS = 10000;
  const RATE_LIMIT_RETRY_MS = 1500;

  // Stored state survives a page reload; storage may be disabled (private
  // modes, sandboxed frames), in which case the widget simply forgets.
  const storage = {
    get(key) { try { return localStorage.getItem(key); } catch { return null; } },
    set(key, value) { try { localStorage.setItem(key, value); } catch { /* not kept */ } },
  };

  function socketUrl() {
    const base = new URL(script.dataset.server || script.src, location.href);
    if (script.dataset.server && !base.pathname.endsWith("/")) base.pathname += "/";
    const url = new URL("ws", base);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return url;
  }

  // A client message id unique across reloads and tabs: the server answers a
  // repeated id within a session with its original reply.
  function newMessageId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
  }

  const STYLE = `
:host { all: initial; --accent: #0f6e66; --accent-text: #fff; --ink: #1f2933; --muted: #5f6b76;
  --line: #e3e7eb; --bot-bg: #f3f5f7; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button, input { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid color-mix(in srgb, var(--accent) 55%, white); outline-offset: 2px; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 58px; height: 58px;
  border: 0; border-radius: 50%; background: var(--accent); color: var(--accent-text); cursor: pointer;
  box-shadow: 0 6px 20px rgba(15, 23, 42, .25); display: grid; place-items: center; }
.launcher:hover { filter: brightness(1.08); }
.launcher svg { width: 28px; height: 28px; display: block; }
.launcher .when-open, .launcher.open .when-closed { display: none; }
.launcher.open .when-open { display: block; }
.panel { position: fixed; right: 20px; bottom: 92px; z-index: 2147483000; width: 380px;
  height: min(620px, calc(100vh - 116px)); display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border-radius: 16px; box-shadow: 0 12px 40px rgba(15, 23, 42, .22); border: 1px solid var(--line); }
header { display: flex; align-items: center; gap: 10px; padding: 14px 12px 14px 16px;
  background: var(--accent); color: var(--accent-text); }
header .avatar { width: 34px; height: 34px; border-radius: 50%; background: rgba(255, 255, 255, .18);
  display: grid; place-items: center; flex: none; }
header .avatar svg { width: 20px; height: 20px; }
header .heading { flex: 1; min-width: 0; }
header h2 { margin: 0; font-size: 16px; font-weight: 600; }
header p { margin: 0; font-size: 12.5px; opacity: .85; }
.close { width: 36px; height: 36px; border: 0; border-radius: 8px; background: transparent;
  color: inherit; cursor: pointer; display: grid; place-items: center; }
.close:hover { background: rgba(255, 255, 255, .16); }
.close svg { width: 20px; height: 20px; }
.status { margin: 0; padding: 7px 16px; font-size: 13px; background: #fff7e0; color: #6b4e00;
  border-bottom: 1px solid #f1e2b3; }
.log { position: relative; flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 10px;
  overscroll-behavior: contain; }
.message { max-width: 86%; padding: 9px 13px; border-radius: 14px; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.message p { margin: 0; }
.bot { align-self: flex-start; background: var(--bot-bg); border-bottom-left-radius: 4px; }
.bot[data-safety="emergency"], .bot[data-safety="self_harm"] { background: #fdecea; border-left: 4px solid #b3261e; }
.user { align-self: flex-end; background: var(--accent); color: var(--accent-text); border-bottom-right-radius: 4px; }
.user.queued { opacity: .6; }
.user.failed { background: #b42318; }
.note { align-self: center; font-size: 13px; color: var(--muted); text-align: center; }
.sources-toggle { margin-top: 6px; padding: 2px 0; border: 0; background: none; color: var(--accent);
  font-size: 13px; font-weight: 600; cursor: pointer; text-decoration: underline; text-underline-offset: 2px; }
.sources { margin-top: 4px !important; font-size: 13px; color: var(--muted); }
.typing { align-self: flex-start; display: flex; gap: 4px; margin: 0 16px 8px; padding: 11px 13px;
  background: var(--bot-bg); border-radius: 14px; border-bottom-left-radius: 4px; }
.typing span[aria-hidden] { width: 7px; height: 7px; border-radius: 50%; background: var(--muted);
  animation: blink 1.2s infinite ease-in-out; }
.typing span[aria-hidden]:nth-child(2) { animation-delay: .2s; }
.typing span[aria-hidden]:nth-child(3) { animation-delay: .4s; }
@keyframes blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .typing span[aria-hidden] { animation: none; opacity: .6; } }
.suggestions { display: flex; flex-wrap: wrap; gap: 6px; padding: 8px 16px 10px; }
.suggestions:empty { display: none; }
.suggestions button { padding: 5px 11px; border: 1px solid color-mix(in srgb, var(--accent) 45%, white);
  border-radius: 16px; background: #fff; color: var(--accent); font-size: 13.5px; cursor: pointer; text-align: left; }
.suggestions button:hover { background: color-mix(in srgb, var(--accent) 8%, white); }
form { display: flex; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--line); }
input { flex: 1; min-width: 0; padding: 9px 12px; border: 1px solid #c9d1d9; border-radius: 10px; background: #fff; }
input:focus { border-color: var(--accent); outline: none; box-shadow: 0 0 0 3px color-mix(in srgb, var(--accent) 20%, white); }
.send { width: 42px; border: 0; border-radius: 10px; background: var(--accent); color: var(--accent-text);
  cursor: pointer; display: grid; place-items: center; }
.send svg { width: 20px; height: 20px; }
footer { padding: 0 14px 10px; font-size: 11.5px; color: var(--muted); text-align: center; }
@media (max-width: 480px) {
  .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; border: 0; }
  .launcher.open { display: none; }
  input { font-size: 16px; }  /* below 16px phones zoom the page on focus */
}`;

  const CHAT_ICON = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" ' +
    'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 11.5a8.4 8.4 0 0 1-9 8.4 ' +
    '8.9 8.9 0 0 1-3.9-.9L3 20.5l1.5-4.6a8 8 0 0 1-1-4.4 8.5 8.5 0 0 1 9-8 8.4 8.4 0 0 1 8.5 8z"/></svg>';
  const CLOSE_ICON = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" ' +
    'stroke-linecap="round" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18"/></svg>';
  const SEND_ICON = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" ' +
    'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M5 12h14M13 6l6 6-6 6"/></svg>';

  // The widget's own fixed markup; whatever the server sends goes in as text.
  const MARKUP = `
<button class="launcher" type="button" aria-expanded="false" aria-controls="panel"><span class="when-closed">${CHAT_ICON}</span><span class="when-open">${CLOSE_ICON}</span></button>
<section class="panel" id="panel" role="dialog" aria-modal="false" aria-labelledby="title" aria-describedby="disclaimer" hidden>
  <header>
    <div class="avatar">${CHAT_ICON}</div>
    <div class="heading"><h2 id="title"></h2><p class="subtitle"></p></div>
    <button class="close" type="button" aria-label="Close chat">${CLOSE_ICON}</button>
  </header>
  <p class="status" role="status" aria-live="polite" hidden></p>
  <div class="log" role="log" aria-live="polite" aria-label="Conversation" tabindex="0"></div>
  <div class="typing" role="status" hidden><span class="visually-hidden">The bot is typing\u2026</span><span aria-hidden="true"></span><span aria-hidden="true"></span><span aria-hidden="true"></span></div>
  <div class="suggestions" role="group" aria-label="Suggested questions"></div>
  <form>
    <input type="text" name="message" autocomplete="off" maxlength="${MAX_MESSAGE_CHARS}" placeholder="Ask a question\u2026" aria-label="Your message">
    <button class="send" type="submit" aria-label="Send">${SEND_ICON}</button>
  </form>
  <footer id="disclaimer">General information, not medical advice. See a doctor about symptoms that worry you.</footer>
</section>`;

  const host = document.createElement("div");
  host.className = "gutbot-widget";
  const root = host.attachShadow({mode: "open"});
  root.innerHTML = MARKUP;
  // A constructed style sheet is allowed by pages whose Content-Security-Policy
  // forbids inline <style>; older browsers get the <style>.
  if ("adoptedStyleSheets" in root) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement("style");
    style.textContent = STYLE;
    root.prepend(style);
  }
  const accent = script.dataset.accent;
  if (accent && CSS.supports("color", accent)) host.style.setProperty("--accent", accent);

  const $ = selector => root.querySelector(selector);
  const launcher = $(".launcher");
  const panel = $(".panel");
  const status = $(".status");
  const log = $(".log");
  const typing = $(".typing");
  const suggestions = $(".suggestions");
  const form = $("form");
  const input = $("input");
  const title = script.dataset.title || "gutbot";
  $("#title").textContent = title;
  $(".subtitle").textContent = script.dataset.subtitle || "Answers come with their sources";
  launcher.setAttribute("aria-label", "Chat with " + title);

  // --- Rendering ---------------------------------------------------------

  let sourcesCount = 0;

  function append(element) {
    log.appendChild(element);
    log.scrollTop = log.scrollHeight;
    return element;
  }

  // A long answer is read from its start: scroll it to the top of the log
  // (a short one thereby ends up at the bottom).
  function revealStart(element) {
    log.scrollTop = element.offsetTop - 12;
  }

  function messageElement(role, text) {
    const element = document.createElement("div");
    element.className = "message " + role;
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = role === "user" ? "You: " : "Bot: ";
    const body = document.createElement("p");
    body.className = "text";
    body.textContent = text;
    element.append(who, body);
    return element;
  }

  function botElement(text, reply) {
    const element = messageElement("bot", text);
    if (reply) {
      element.dataset.intent = reply.intent || "";
      element.dataset.topic = reply.topic || "";
      // A health concern (emergency, self_harm, ...) as the contract names it;
      // urgent ones are set apart by the style below.
      if (reply.safety) element.dataset.safety = reply.safety;
      if (reply.coverage) element.dataset.coverage = reply.coverage;
      const citations = Array.isArray(reply.citations) ? reply.citations : [];
      if (citations.length) element.append(...sourcesElements(citations));
    }
    return element;
  }

  // A "Sources" button revealing the article's reference numbers behind an answer.
  function sourcesElements(citations) {
    const list = document.createElement("p");
    list.className = "sources";
    list.id = "sources-" + ++sourcesCount;
    list.hidden = true;
    list.textContent = "References: " + citations.join(", ");
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "sources-toggle";
    toggle.textContent = "Sources";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", list.id);
    toggle.addEventListener("click", () => {
      list.hidden = !list.hidden;
      toggle.setAttribute("aria-expanded", String(!list.hidden));
      toggle.textContent = list.hidden ? "Sources" : "Hide sources";
    });
    return [toggle, list];
  }

  function showNote(text) {
    const note = document.createElement("p");
    note.className = "note";
    note.textContent = text;
    append(note);
  }

  function offer(list) {
    suggestions.replaceChildren(...(Array.isArray(list) ? list : []).map(text => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = text;
      button.addEventListener("click", () => { send(text); input.focus(); });
      return button;
    }));
  }

  function showStatus(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  // --- Messages: sent one at a time, in order, each until its reply -------

  // Messages not yet answered, oldest first; the first is on the wire while
  // connected. After a reconnect it goes again with the same id, which the
  // server answers with the original reply rather than a second one.
  const outbox = [];
  const answered = new Set();  // client ids whose reply is shown
  let inFlight = false;

  function send(text) {
    text = text.trim();
    if (!text) return;
    const item = {id: newMessageId(), text, element: append(messageElement("user", text))};
    item.element.classList.add("queued");
    outbox.push(item);
    offer([]);
    sendNext();
  }

  function sendNext() {
    if (inFlight || !outbox.length || !socket || socket.readyState !== WebSocket.OPEN || !welcomed) {
      return updateTyping();
    }
    const item = outbox[0];
    socket.send(JSON.stringify({type: "message", text: item.text, id: item.id}));
    inFlight = true;
    updateTyping();
  }

  function updateTyping() {
    typing.hidden = !inFlight;
  }

  function settle(item, failed) {
    outbox.splice(outbox.indexOf(item), 1);
    item.element.classList.remove("queued");
    if (failed) item.element.classList.add("failed");
    inFlight = false;
  }

  function onReply(frame) {
    const id = typeof frame.reply_to === "string" ? frame.reply_to : "";
    if (id && answered.has(id)) return;  // a resent message's original reply, already shown
    if (id) answered.add(id);
    const item = outbox.find(entry => entry.id === id);
    if (item) settle(item, false);
    const reply = append(botElement(String(frame.text ?? ""), frame));
    offer(frame.suggestions);
    revealStart(reply);
    sendNext();
  }

  function onError(frame) {
    // The welcome that follows starts a new conversation.
    if (frame.code === "invalid_session" || frame.code === "session_expired") return;
    if (frame.code === "rate_limited" && inFlight) {
      inFlight = false;
      setTimeout(sendNext, RATE_LIMIT_RETRY_MS);
      return updateTyping();
    }
    showNote(String(frame.message ?? "Something went wrong."));
    // Only one message is on the wire, so an error answers that one.
    if (inFlight && outbox.length) settle(outbox[0], true);
    sendNext();
  }

  // --- The connection ----------------------------------------------------

  let socket = null;
  let welcomed = false;     // the current socket's welcome has arrived
  let everWelcomed = false; // the conversation is on screen
  let failures = 0;
  let retryTimer = 0;

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = 0;
    const url = socketUrl();
    const token = storage.get(SESSION_KEY);
    if (token) url.searchParams.set("session", token);
    const ws = new WebSocket(url);
    socket = ws;
    welcomed = false;
    if (!everWelcomed) showStatus("Connecting\u2026");
    ws.addEventListener("message", event => {
      if (socket !== ws) return;
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      if (frame.type === "welcome") onWelcome(frame);
      else if (frame.type === "reply") onReply(frame);
      else if (frame.type === "error") onError(frame);
    });
    ws.addEventListener("close", () => {
      if (socket !== ws) return;
      socket = null;
      welcomed = false;
      inFlight = false;
      updateTyping();
      scheduleReconnect();
    });
  }

  function onWelcome(frame) {
    if (typeof frame.session === "string") storage.set(SESSION_KEY, frame.session);
    welcomed = true;
    failures = 0;
    showStatus("");
    if (!everWelcomed) {
      // A reload: the server's history is the conversation so far, and goes
      // before anything typed while connecting. A later reconnect keeps what
      // is on screen.
      everWelcomed = true;
      const history = Array.isArray(frame.history) ? frame.history : [];
      const earlier = history.map(turn => turn.role === "user"
          ? messageElement("user", String(turn.text ?? ""))
          : botElement(String(turn.text ?? ""), null));
      log.prepend(...(earlier.length ? earlier : [botElement(String(frame.text ?? ""), null)]));
      if (!outbox.length) offer(frame.suggestions);
      log.scrollTop = log.scrollHeight;
    }
    sendNext();
  }

  // Exponential backoff with jitter, so that clients cut off together do not
  // all come back at the same moment.
  function scheduleReconnect() {
    showStatus("Reconnecting\u2026 Messages you send now go out once the connection is back.");
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** failures);
    failures += 1;
    retryTimer = setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
  }

  window.addEventListener("online", () => { if (retryTimer) connect(); });

  // --- Opening and closing -----------------------------------------------

  function open({focus = true} = {}) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.classList.add("open");
    storage.set(OPEN_KEY, "1");
    if (!socket && !retryTimer) connect();
    if (focus) input.focus();
    log.scrollTop = log.scrollHeight;
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.classList.remove("open");
    storage.set(OPEN_KEY, "0");
    launcher.focus();
  }

  launcher.addEventListener("click", () => (panel.hidden ? open() : close()));
  $(".close").addEventListener("click", close);
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
    if (reopen === "1" || (reopen === null && script.dataset.open === "true")) open({focus: false});
  }

  window.gutbotWidget = {open, close};
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
