// gutbot's FAQ block. One tag renders the knowledge base's questions into
// any page, grouped by the article's sections, with a search box that asks
// the bot as the visitor types:
//   <script src="https://bot.example.com/faq.js" defer></script>
// The block goes where the tag stands (or into the element data-target
// names). A page on another site than the bot's must be listed in the
// server's server.allowed_origins, as for the chat widget. It reads GET
// /v1/faq and asks POST /v1/ask (docs/interfaces.md). Plain browser
// JavaScript: no framework, no build step; the server serves it after
// embed.js, the theme and helpers it shares with the chat widget.
//
// Options, as data attributes of the script tag or as the same names in
// camelCase on window.gutbotFaqConfig, set before the tag (the tag wins):
//   data-server      the bot's base URL (default: where faq.js came from)
//   data-target      a CSS selector of the element to render into
//   data-title       the block's heading (default "Questions about <subject>")
//   data-accent, data-accent-text, data-ink, data-background, data-bot-background:
//                    the chat widget's colours (window.gutbotConfig's apply too)
//   data-placeholder the search box's placeholder
// window.gutbotFaqConfig.strings replaces any visible text (the keys of
// STRINGS below), for another language. Dark mode follows
// prefers-color-scheme. A search is sent once the visitor pauses typing
// (SEARCH_DELAY_MS), or at once on Enter; the same question is never sent
// twice, and a search overtaken by typing is cancelled.
(() => {
  "use strict";

  const script = document.currentScript || document.querySelector('script[src*="faq.js"]');
  if (!script) return;

  const THEME = ["accent", "accentText", "ink", "background", "botBackground"];
  const widgetTheme = Object.fromEntries(THEME.map(key => [key, window.gutbotConfig?.[key]]).filter(([, v]) => v));
  const config = {...widgetTheme, ...(window.gutbotFaqConfig || {}), ...script.dataset};
  const STRINGS = {
    title: "Questions about {subject}",
    intro: "Answers from the article \u201c{title}\u201d by {author}, medically reviewed by {reviewer}.",
    searchLabel: "Search the questions",
    placeholder: "Type a question\u2026",
    search: "Search",
    answer: "Answer to your search",
    searching: "Searching\u2026",
    readEntry: "Read it in the list: {question}",
    more: "More on this",
    references: "References {numbers} of the article \u201c{title}\u201d by {author}, medically reviewed by {reviewer}.",
    uncited: "From the article \u201c{title}\u201d by {author}, medically reviewed by {reviewer}; this part cites no specific reference.",
    urgent: "Get help now",
    healthNote: "Health note",
    loading: "Loading the questions\u2026",
    unavailable: "The questions are not available on this page. Please contact the site's owner.",
    failed: "The questions could not be loaded. Please try again later.",
    searchFailed: "The search did not answer. Please try again.",
    busy: "Too many searches at once; trying again in a moment\u2026",
    ...(window.gutbotFaqConfig?.strings || {}),
  };
  if (config.title) STRINGS.title = config.title;
  if (config.placeholder) STRINGS.placeholder = config.placeholder;

  const MAX_MESSAGE_CHARS = 2000;  // the server's default max_message_chars
  const MIN_SEARCH_CHARS = 3;
  const SEARCH_DELAY_MS = 450;
  const fill = (template, fields) => template.replace(/\{(\w+)\}/g, (_, key) => String(fields[key] ?? ""));

  const serverBase = (() => {
    const base = new URL(config.server || script.src, location.href);
    if (config.server && !base.pathname.endsWith("/")) base.pathname += "/";
    return base;
  })();

  // After embed.js's theme (EMBED_THEME).
  const STYLE = `
:host { display: block !important; }
/* Inherited properties start afresh: a host page's rules cannot reach in. */
.faq { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: var(--panel-bg); letter-spacing: normal; word-spacing: normal; text-transform: none; text-indent: 0;
  text-align: left; text-shadow: none; font-style: normal; white-space: normal; direction: ltr; visibility: visible;
  padding: 16px; border: 1px solid var(--line); border-radius: 14px; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
h2 { margin: 0 0 4px; font-size: 1.35em; }
h3 { margin: 22px 0 4px; font-size: 1.08em; color: var(--accent); }
@media (prefers-color-scheme: dark) { h3 { color: var(--focus); } }
p { margin: 6px 0; }
.intro, .disclaimer, .sources, .status { color: var(--muted); font-size: 14px; }
form { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
label { flex-basis: 100%; font-weight: 600; font-size: 14px; }
input { flex: 1; min-width: 0; min-height: 44px; padding: 9px 12px; font: inherit; color: inherit;
  border: 1px solid var(--input-line); border-radius: 10px; background: var(--panel-bg); }
input:focus-visible { border-color: var(--focus); outline: 2px solid var(--focus); outline-offset: 0; }
button { min-height: 44px; padding: 0 14px; border: 0; border-radius: 10px; font: inherit; cursor: pointer;
  background: var(--accent); color: var(--accent-text); }
.reply { padding: 10px 14px; border-radius: 12px; background: var(--bot-bg); white-space: pre-wrap; }
.reply[data-safety] { background: var(--note-bg); border: 1px solid var(--note-line); border-left-width: 6px;
  color: var(--note-ink); }
.reply[data-safety="emergency"], .reply[data-safety="self_harm"] { background: var(--urgent-bg);
  border-color: var(--urgent-line); color: var(--ink); }
.safety-label { font-weight: 700; }
.reply[data-safety="emergency"] .safety-label, .reply[data-safety="self_harm"] .safety-label { color: var(--urgent-line); }
.reply .goto { background: none; color: var(--accent); padding: 0; text-decoration: underline; font-weight: 600;
  white-space: normal; text-align: left; }
@media (prefers-color-scheme: dark) { .reply .goto { color: var(--focus); } }
details { border-bottom: 1px solid var(--line); }
summary { min-height: 44px; padding: 10px 0; cursor: pointer; font-weight: 600; }
details .body { padding: 0 0 10px 18px; }
details.found summary { color: var(--accent); }
`;

  const MARKUP = `
<div class="faq">
  <h2 id="title"></h2>
  <p class="intro"></p>
  <form role="search" aria-labelledby="search-label">
    <label id="search-label" for="search"></label>
    <input id="search" type="search" autocomplete="off" maxlength="${MAX_MESSAGE_CHARS}">
    <button type="submit"></button>
  </form>
  <div class="answer" role="region" aria-live="polite"></div>
  <p class="status" role="status"></p>
  <div class="sections"></div>
  <p class="disclaimer"></p>
</div>`;

  const {host, root} = embedHost("gutbot-faq", MARKUP, STYLE, config);
  const target = config.target && document.querySelector(config.target);
  if (target) target.append(host); else script.before(host);

  const $ = selector => root.querySelector(selector);
  const form = $("form");
  const input = $("input");
  const answer = $(".answer");
  const status = $(".status");
  const sections = $(".sections");
  $("label").textContent = STRINGS.searchLabel;
  input.placeholder = STRINGS.placeholder;
  $("button").textContent = STRINGS.search;
  answer.setAttribute("aria-label", STRINGS.answer);
  status.textContent = STRINGS.loading;

  // --- The list ------------------------------------------------------------

  let faq = {entries: [], source: {}, disclaimer: ""};
  const entries = new Map();  // topic id -> its <details>

  function sourceLine(entry) {
    const numbers = Array.isArray(entry.references) ? entry.references : [];
    const fields = {numbers: numbers.join(", "), ...faq.source};
    return fill(numbers.length ? STRINGS.references : STRINGS.uncited, fields);
  }

  function entryElement(entry) {
    const details = element("details", "entry");
    details.id = "faq-" + entry.id;
    details.dataset.topic = entry.id;
    const body = element("div", "body");
    body.append(element("p", "", entry.answer));
    if (entry.detail) body.append(element("p", "", entry.detail));
    body.append(element("p", "sources", sourceLine(entry)));
    details.append(element("summary", "", entry.question), body);
    entries.set(entry.id, details);
    return details;
  }

  // The base's sections in order, each a labelled region; a base without
  // sections is one list.
  function render(data) {
    faq = data;
    const fields = {subject: data.subject || data.source?.title || "", ...data.source};
    $("#title").textContent = fill(STRINGS.title, fields);
    $(".intro").textContent = fill(STRINGS.intro, fields);
    $(".disclaimer").textContent = data.disclaimer || "";
    const groups = data.sections?.length ? data.sections : [{id: "", title: ""}];
    for (const group of groups) {
      const section = element("section", "group");
      if (group.title) {
        const heading = element("h3", "", group.title);
        heading.id = "section-" + group.id;
        section.setAttribute("aria-labelledby", heading.id);
        section.append(heading);
      }
      for (const entry of data.entries.filter(e => (e.section || "") === group.id)) section.append(entryElement(entry));
      sections.append(section);
    }
    status.textContent = "";
    const linked = entries.get(decodeURIComponent(location.hash.slice(1)));
    if (linked) openEntry(linked, false);
  }

  function openEntry(details, focus = true) {
    details.open = true;
    details.scrollIntoView({block: "start", behavior: "smooth"});
    if (focus) details.querySelector("summary").focus();
  }

  // A server that answers /healthz but not /v1/faq refuses this page's
  // origin: the browser hides its 403, which carries no CORS headers.
  async function load() {
    try {
      const response = await fetch(new URL("v1/faq", serverBase));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      render(await response.json());
    } catch (error) {
      const refused = error instanceof TypeError && await fetch(new URL("healthz", serverBase), {mode: "no-cors", cache: "no-store"})
          .then(() => true, () => false);
      if (refused) {
        console.warn(`gutbot FAQ: the server refuses pages from ${location.origin}; ` +
                     "list it in the server's server.allowed_origins.");
      } else {
        console.warn("gutbot FAQ:", error);
      }
      status.textContent = refused ? STRINGS.unavailable : STRINGS.failed;
    }
  }

  // --- The search ------------------------------------------------------------

  const answers = new Map();  // question -> reply, so that no question is sent twice
  let delay = 0;
  let inFlight = null;
  let shown = "";

  // A reply as the chat shows it: a health concern set apart as a card (and
  // a red flag's urgent text alone), what the article does not cover said
  // plainly, and otherwise a way to the matching entry of the list.
  function showReply(reply) {
    const card = element("div", "reply");
    card.dataset.coverage = reply.coverage || "";
    card.dataset.intent = reply.intent || "";
    const urgent = reply.safety === "emergency" || reply.safety === "self_harm";
    if (reply.safety) {
      card.dataset.safety = reply.safety;
      card.append(element("p", "safety-label", urgent ? STRINGS.urgent : STRINGS.healthNote));
    }
    // The block shows the disclaimer once, at its foot.
    const text = String(reply.text || "").replace("\n\n" + faq.disclaimer, "").trim();
    card.append(element("p", "text", text));
    const entry = !urgent && reply.coverage !== "none" && entries.get(reply.topic);
    if (entry) {
      const go = element("button", "goto", fill(STRINGS.readEntry, {question: entry.querySelector("summary").textContent}));
      go.type = "button";
      go.addEventListener("click", () => openEntry(entry));
      card.append(go);
    }
    answer.replaceChildren(card);
    status.textContent = "";
  }

  async function search(text) {
    if (text === shown) return;
    if (answers.has(text)) {
      shown = text;
      return showReply(answers.get(text));
    }
    inFlight?.abort();
    const controller = inFlight = new AbortController();
    status.textContent = STRINGS.searching;
    try {
      const response = await fetch(new URL("v1/ask", serverBase), {
        method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify({text}),
        signal: controller.signal,
      });
      if (response.status === 429) {
        status.textContent = STRINGS.busy;
        const seconds = Number(response.headers.get("retry-after")) || 1;
        delay = setTimeout(() => search(input.value.trim()), seconds * 1000);
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const reply = await response.json();
      answers.set(text, reply);
      if (controller !== inFlight) return;  // overtaken by newer typing
      shown = text;
      showReply(reply);
    } catch (error) {
      if (error.name !== "AbortError") status.textContent = STRINGS.searchFailed;
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(delay);
    const text = input.value.trim();
    if (text.length < MIN_SEARCH_CHARS) {
      inFlight?.abort();
      shown = "";
      answer.replaceChildren();
      status.textContent = "";
      return;
    }
    delay = setTimeout(() => search(text), SEARCH_DELAY_MS);
  });
  form.addEventListener("submit", event => {
    event.preventDefault();
    clearTimeout(delay);
    const text = input.value.trim();
    if (text) search(text);
  });

  load();
})();
