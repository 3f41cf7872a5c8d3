// What the chat widget (widget.js) and the FAQ block (faq.js) share. The
// server puts it before each of them in one scope when it serves them
// (EmbeddedScript in adapters/server/server.cpp), so that each stays one
// self-contained script tag and the two can stand on the same page: the
// theme's colours, a shadow root the host page's styles cannot reach, and
// element(). Plain browser JavaScript.
"use strict";

// The theme: the widget's colours, light and dark.
const EMBED_THEME = `
:host { all: initial !important; --accent: #0f6e66; --accent-text: #fff; --ink: #1f2933; --muted: #56626d;
  --line: #e3e7eb; --bot-bg: #f3f5f7; --panel-bg: #fff; --input-line: #8a96a3; --focus: #0b4f49;
  --urgent-bg: #fdecea; --urgent-line: #b3261e; --note-bg: #fff7e0; --note-line: #9a6b00; --note-ink: #5c4300; }
@media (prefers-color-scheme: dark) {
  :host { --ink: #e6eaee; --muted: #a9b4be; --line: #34404b; --bot-bg: #26313b; --panel-bg: #161d23;
    --input-line: #7b8793; --focus: #9ee6dc; --urgent-bg: #4a1c19; --urgent-line: #ff8a80;
    --note-bg: #3d3114; --note-line: #e0b44c; --note-ink: #f3dfae; }
}`;

// The options that replace the theme's colours (data-accent...), by the
// custom property each sets.
const EMBED_COLORS = {accent: "--accent", accentText: "--accent-text", ink: "--ink", background: "--panel-bg",
                      botBackground: "--bot-bg"};

// A <div class="className"> whose open shadow root holds `markup`, styled
// by the theme and `style`, with the colours `config` sets. Not yet in the page.
function embedHost(className, markup, style, config) {
  const host = document.createElement("div");
  host.className = className;
  const root = host.attachShadow({mode: "open"});
  root.innerHTML = markup;
  // A constructed style sheet is allowed by pages whose Content-Security-Policy
  // forbids inline <style>; older browsers get the <style>.
  if ("adoptedStyleSheets" in root) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(EMBED_THEME + style);
    root.adoptedStyleSheets = [sheet];
  } else {
    const styleElement = document.createElement("style");
    styleElement.textContent = EMBED_THEME + style;
    root.prepend(styleElement);
  }
  for (const [option, property] of Object.entries(EMBED_COLORS)) {
    if (config[option] && CSS.supports("color", config[option])) host.style.setProperty(property, config[option]);
  }
  return {host, root};
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}
