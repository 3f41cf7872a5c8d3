// gutbot's console (GET /admin): asks for the admin token, keeps it in
// sessionStorage (this tab only), and shows what /admin/* reports. Every
// figure and text from the server is untrusted: it reaches the page through
// textContent and setAttribute only, never as markup.
"use strict";
(() => {
  const TOKEN_KEY = "gutbot.console.token";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const REFUSED = "The server refused this token. Check server.admin_token and sign in again.";
  const CONTEXT_TURNS = 3;  // turns shown either side of a rated one

  const $ = id => document.getElementById(id);
  const view = {
    signin: $("signin"), form: $("signin-form"), tokenInput: $("token"), signinError: $("signin-error"),
    console: $("console"), title: $("console-title"), signOut: $("sign-out"), days: $("days"),
    refresh: $("refresh"), totals: $("totals"), coverageChart: $("coverage-chart"),
    intentsChart: $("intents-chart"), safetyChart: $("safety-chart"), unanswered: $("unanswered"),
    ratings: $("ratings"), exportButton: $("export"), exportStatus: $("export-status"),
    reload: $("reload"), reloadResult: $("reload-result"),
  };
  const dataAreas = [view.totals, view.coverageChart, view.intentsChart, view.safetyChart,
                     view.unanswered, view.ratings, view.exportStatus, view.reloadResult];

  // --- the admin API ---------------------------------------------------------

  // Thrown when the server answers 401 (the token is wrong, or was changed)
  // or 403 (the admin API is off): nothing can be shown.
  class Refused extends Error {}

  let token = sessionStorage.getItem(TOKEN_KEY) || "";

  // fetch() with the token; resolves to the Response when it is 2xx, throws
  // Refused on 401 or 403 and an Error with the server's message otherwise.
  async function call(path, {method = "GET", body} = {}) {
    const headers = {Authorization: `Bearer ${token}`};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store", credentials: "omit",
    });
    if (response.status === 401) throw new Refused(REFUSED);
    if (response.status === 403) throw new Refused(await errorMessage(response));
    if (!response.ok) throw new Error(await errorMessage(response));
    return response;
  }

  async function errorMessage(response) {
    try {
      const error = await response.json();
      if (error && typeof error.message === "string") return `${error.message} (${response.status})`;
    } catch { /* not JSON */ }
    return `The server answered ${response.status} ${response.statusText}.`;
  }

  const callJson = async (path, options) => (await call(path, options)).json();

  // --- DOM helpers -------------------------------------------------------------

  // An element with attributes and children (strings become text nodes;
  // null and undefined are left out).
  function fill(node, attributes, children) {
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }
  const el = (name, attributes = {}, ...children) => fill(document.createElement(name), attributes, children);
  const svg = (name, attributes = {}, ...children) =>
    fill(document.createElementNS(SVG_NS, name), attributes, children);

  // A table of `rows` (arrays of cells) under `headers`; `numeric` marks the
  // right-aligned columns.
  function table(caption, headers, rows, numeric = [], className = "") {
    const head = el("tr", {}, ...headers.map((h, i) =>
      el("th", {scope: "col", class: numeric.includes(i) ? "number" : ""}, h)));
    const body = rows.map(cells => el("tr", {}, ...cells.map((cell, i) =>
      i === 0 ? el("th", {scope: "row"}, cell) : el("td", {class: numeric.includes(i) ? "number" : ""}, cell))));
    return el("div", {class: "table-wrap"},
      el("table", {class: className}, caption ? el("caption", {}, caption) : null, el("thead", {}, head), el("tbody", {}, ...body)));
  }

  // The figures behind a chart, folded away under the chart.
  const figures = tableNode => el("details", {}, el("summary", {}, "The figures"), tableNode);

  function when(rfc3339) {
    const date = new Date(rfc3339);
    if (Number.isNaN(date.getTime())) return el("span", {}, String(rfc3339 || ""));
    return el("time", {datetime: rfc3339}, date.toLocaleString([], {dateStyle: "medium", timeStyle: "short"}));
  }

  const num = value => (Number.isFinite(Number(value)) ? Number(value) : 0);
  const text = value => (typeof value === "string" ? value : value === undefined || value === null ? "" : String(value));
  const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

  // --- charts (inline SVG) ------------------------------------------------------

  const COVERAGE = [["full", "var(--full)"], ["partial", "var(--partial)"], ["none", "var(--none)"]];
  const CHART_W = 600, CHART_H = 200, PAD_L = 32, PAD_B = 22, PAD_T = 8;

  // An <svg role="img"> with a <title> and an aria-label saying the same.
  function chartFrame(label, width, height) {
    const frame = svg("svg", {class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label});
    frame.append(svg("title", {}, label));
    return frame;
  }

  // Vertical bars, one column per day, each a stack of `parts` [{value,
  // colour, name}], in a chart `width` units wide.
  function dayColumns(label, days, width = CHART_W) {
    const frame = chartFrame(label, width, CHART_H);
    const max = Math.max(1, ...days.map(d => d.parts.reduce((sum, p) => sum + p.value, 0)));
    const plotH = CHART_H - PAD_B - PAD_T, plotW = width - PAD_L - 4;
    const step = plotW / Math.max(1, days.length), barW = Math.max(1, step * 0.75);
    frame.append(svg("line", {x1: PAD_L, y1: CHART_H - PAD_B, x2: width, y2: CHART_H - PAD_B, stroke: "#9aa5b1"}));
    frame.append(svg("text", {x: PAD_L - 4, y: PAD_T + 10, "text-anchor": "end"}, String(max)));
    frame.append(svg("text", {x: PAD_L - 4, y: CHART_H - PAD_B, "text-anchor": "end"}, "0"));
    const labelEvery = Math.ceil(days.length / 8);
    days.forEach((day, i) => {
      const x = PAD_L + i * step + (step - barW) / 2;
      let y = CHART_H - PAD_B;
      const group = svg("g", {class: "day"});
      group.append(svg("title", {}, day.caption));
      for (const part of day.parts) {
        if (part.value <= 0) continue;
        const h = (part.value / max) * plotH;
        y -= h;
        group.append(svg("rect", {class: `bar ${part.name}`, x: x.toFixed(1), y: y.toFixed(1), width: barW.toFixed(1),
                                  height: h.toFixed(1), fill: part.colour}));
      }
      frame.append(group);
      if (i % labelEvery === 0) {
        frame.append(svg("text", {x: (x + barW / 2).toFixed(1), y: CHART_H - 6, "text-anchor": "middle"}, day.day.slice(5)));
      }
    });
    return frame;
  }

  function renderCoverage(report) {
    const days = (report.per_day || []).map(d => {
      const c = d.coverage || {};
      return {
        day: text(d.day),
        caption: `${text(d.day)}: ${num(d.messages)} messages, ${num(c.full)} full, ${num(c.partial)} partial, ${num(c.none)} none`,
        parts: COVERAGE.map(([name, colour]) => ({name, colour, value: num(c[name])})),
      };
    });
    const t = report.totals || {};
    const label = `Messages per day by coverage, ${text(report.from)} to ${text(report.to)}: ` +
                  `${num(t.messages)} messages, ${num(t.full)} full, ${num(t.partial)} partial, ${num(t.none)} none`;
    view.coverageChart.replaceChildren(
      // Full width on a wide screen, where the chart spans both columns.
      dayColumns(label, days, window.innerWidth >= 900 ? 2 * CHART_W : CHART_W),
      figures(table("Messages per day", ["Day", "Messages", "Full", "Partial", "None"],
        (report.per_day || []).map(d => [text(d.day), num(d.messages), num(d.coverage?.full),
                                         num(d.coverage?.partial), num(d.coverage?.none)]), [1, 2, 3, 4])));
  }

  function renderSafety(report) {
    const days = (report.per_day || []).map(d => {
      const categories = Object.entries(d.safety || {}).filter(([, n]) => num(n) > 0);
      const total = categories.reduce((sum, [, n]) => sum + num(n), 0);
      const detail = categories.map(([name, n]) => `${num(n)} ${name}`).join(", ");
      return {day: text(d.day), total, detail,
              caption: `${text(d.day)}: ${plural(total, "safety reply", "safety replies")}${detail ? ` (${detail})` : ""}`,
              parts: [{name: "safety", colour: "var(--safety)", value: total}]};
    });
    const byCategory = (report.safety || []).map(s => `${num(s.count)} ${text(s.category)}`).join(", ");
    const total = num(report.totals?.safety);
    const label = `Safety replies per day: ${plural(total, "reply", "replies")} in ${num(report.days)} days` +
                  (byCategory ? ` (${byCategory})` : "");
    view.safetyChart.replaceChildren(
      el("p", {class: "muted"}, label),
      dayColumns(label, days),
      figures(table("Safety replies per day", ["Day", "Replies", "Concerns"],
        days.map(d => [d.day, d.total, d.detail]), [1])));
  }

  function renderIntents(report) {
    const intents = (report.intents || []).map(i => ({name: text(i.intent), count: num(i.count)}));
    const rowH = 22, labelW = 170, width = CHART_W, height = Math.max(1, intents.length) * rowH + 4;
    const label = intents.length
      ? `Top intents: ${intents.map(i => `${i.name} ${i.count}`).join(", ")}`
      : "Top intents: no messages in this period";
    const frame = chartFrame(label, width, height);
    const max = Math.max(1, ...intents.map(i => i.count));
    intents.forEach((intent, i) => {
      const y = i * rowH + 2, w = (intent.count / max) * (width - labelW - 40);
      const group = svg("g", {class: "intent"});
      group.append(svg("title", {}, `${intent.name}: ${intent.count}`));
      group.append(svg("text", {x: labelW - 6, y: y + rowH * 0.65, "text-anchor": "end"}, intent.name));
      group.append(svg("rect", {class: "bar", x: labelW, y: y + 3, width: Math.max(1, w).toFixed(1), height: rowH - 6,
                                fill: "var(--full)"}));
      group.append(svg("text", {x: (labelW + w + 4).toFixed(1), y: y + rowH * 0.65}, String(intent.count)));
      frame.append(group);
    });
    view.intentsChart.replaceChildren(frame, figures(table("Top intents", ["Intent", "Messages"],
      intents.map(i => [i.name, i.count]), [1])));
  }

  function renderTotals(report) {
    const t = report.totals || {};
    const channels = (report.channels || []).map(c => `${num(c.count)} ${text(c.channel)}`).join(", ");
    view.totals.textContent =
      `${text(report.from)} to ${text(report.to)}: ${plural(num(t.messages), "message")}; ` +
      `${num(t.full)} answered, ${num(t.partial)} partly, ${num(t.none)} not covered; ` +
      `${plural(num(t.safety), "safety reply", "safety replies")}` + (channels ? `. Channels: ${channels}.` : ".");
  }

  // --- unanswered questions -----------------------------------------------------

  function renderUnanswered(report) {
    const questions = report.questions || [];
    if (!questions.length) {
      view.unanswered.replaceChildren(el("p", {class: "muted"}, "No unanswered questions in this period."));
      return;
    }
    // The server's topic order (most asked first), then any topic it did not list.
    const groups = new Map();
    for (const t of report.topics || []) groups.set(text(t.topic), {info: t, questions: []});
    for (const q of questions) {
      const key = text(q.topic);
      if (!groups.has(key)) groups.set(key, {info: {topic: key, title: q.title}, questions: []});
      groups.get(key).questions.push(q);
    }
    const sections = [];
    for (const [key, group] of groups) {
      if (!group.questions.length) continue;
      const count = group.info.count ?? group.questions.reduce((sum, q) => sum + num(q.count), 0);
      const name = key ? `${text(group.info.title) || key}` : "No nearest topic";
      const heading = el("h3", {}, name, " ", el("span", {class: "muted"}, key ? `(${key}), ` : "",
                         `asked ${plural(num(count), "time")}`));
      const section = el("section", {class: "topic-group", "data-topic": key}, heading);
      if (group.info.last_seen) section.append(el("p", {class: "muted"}, "Last asked ", when(group.info.last_seen)));
      section.append(table("", ["Question", "Normalised text", "Coverage", "Asked", "Last seen", "Not in the article"],
        group.questions.map(q => [
          text(q.example || q.text), text(q.text),
          el("span", {class: `coverage-${text(q.coverage)}`}, text(q.coverage)),
          num(q.count), when(q.last_seen || new Date(num(q.last_ms)).toISOString()),
          (Array.isArray(q.missing) ? q.missing : []).map(text).join(", "),
        ]), [3], "wide"));
      sections.push(section);
    }
    view.unanswered.replaceChildren(...sections);
  }

  // --- "not helpful" ratings ------------------------------------------------------

  function renderRatings(report) {
    const ratings = (report.ratings || []).filter(r => r.rating === "down");
    if (!ratings.length) {
      view.ratings.replaceChildren(el("p", {class: "muted"}, "No answer was rated “not helpful” yet."));
      return;
    }
    view.ratings.replaceChildren(...ratings.map((rating, i) => {
      const turnsId = `conversation-${i}`;
      const toggle = el("button", {type: "button", class: "secondary", "aria-expanded": "false",
                                   "aria-controls": turnsId}, "Show conversation");
      const turns = el("div", {id: turnsId, class: "conversation", hidden: ""});
      toggle.addEventListener("click", () => toggleConversation(rating, toggle, turns));
      return el("article", {class: "rating"},
        el("dl", {},
          el("dt", {}, "Question"), el("dd", {class: "question"}, text(rating.question)),
          el("dt", {}, "Answer"), el("dd", {class: "answer"}, text(rating.answer)),
          el("dt", {}, "Comment"), el("dd", {class: "comment"}, text(rating.comment) || "(none)"),
          el("dt", {}, "Channel"), el("dd", {}, text(rating.channel)),
          el("dt", {}, "Time"), el("dd", {}, when(rating.at))),
        toggle, turns);
    }));
  }

  async function toggleConversation(rating, toggle, area) {
    if (toggle.getAttribute("aria-expanded") === "true") {
      toggle.setAttribute("aria-expanded", "false");
      toggle.textContent = "Show conversation";
      area.hidden = true;
      return;
    }
    toggle.disabled = true;
    try {
      const conversation = await callJson("/admin/export", {method: "POST", body: {user: text(rating.user)}});
      area.replaceChildren(conversationAround(rating, conversation.turns || []));
      area.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
      toggle.textContent = "Hide conversation";
    } catch (error) {
      if (error instanceof Refused) return refuse(error);
      area.replaceChildren(el("p", {class: "error"}, error.message));
      area.hidden = false;
    } finally {
      toggle.disabled = false;
    }
  }

  // The turns within CONTEXT_TURNS of the rated one (by seq; by its question
  // when the rating names no seq), the rated one marked.
  function conversationAround(rating, turns) {
    let rated = turns.findIndex(t => rating.seq !== undefined && num(t.seq) === num(rating.seq));
    if (rated < 0) rated = turns.findLastIndex(t => text(t.user) === text(rating.question));
    const from = rated < 0 ? 0 : Math.max(0, rated - CONTEXT_TURNS);
    const to = rated < 0 ? turns.length : Math.min(turns.length, rated + CONTEXT_TURNS + 1);
    const list = el("ol", {class: "turns", "aria-label": "The conversation around the rated answer"});
    turns.slice(from, to).forEach((turn, i) => {
      const item = el("li", {class: from + i === rated ? "turn rated" : "turn"},
        el("p", {}, el("span", {class: "who"}, "Visitor: "), text(turn.user)),
        el("p", {}, el("span", {class: "who"}, "gutbot: "), text(turn.bot)),
        el("p", {class: "muted"}, `#${num(turn.seq)}, ${text(turn.channel)}, `,
           when(new Date(num(turn.at_ms)).toISOString()), from + i === rated ? " (rated not helpful)" : ""));
      list.append(item);
    });
    if (!list.children.length) return el("p", {class: "muted"}, "This conversation has no stored turns any more.");
    return list;
  }

  // --- loading, signing in and out --------------------------------------------

  const days = () => Number(view.days.value) || 14;

  // Each part is fetched and shown on its own, so one failing report leaves
  // the others; a 401 anywhere signs out.
  async function loadAll() {
    const n = days();
    const parts = [
      [`/admin/report?days=${n}`, report => { renderTotals(report); renderCoverage(report);
                                             renderIntents(report); renderSafety(report); },
       [view.totals, view.coverageChart, view.intentsChart, view.safetyChart]],
      [`/admin/unanswered?days=${n}&limit=200`, renderUnanswered, [view.unanswered]],
      ["/admin/feedback?limit=100&rating=down", renderRatings, [view.ratings]],
    ];
    const results = await Promise.allSettled(parts.map(([path]) => callJson(path)));
    const refused = results.find(r => r.status === "rejected" && r.reason instanceof Refused);
    if (refused) throw refused.reason;
    results.forEach((result, i) => {
      const [, render, areas] = parts[i];
      if (result.status === "fulfilled") return render(result.value);
      for (const area of areas) area.replaceChildren(el("p", {class: "error"}, result.reason.message));
    });
  }

  function clearData() {
    for (const area of dataAreas) area.replaceChildren();
  }

  function showSignIn(message) {
    clearData();
    view.console.hidden = true;
    view.signOut.hidden = true;
    view.signin.hidden = false;
    view.signinError.textContent = message || "";
  }

  // A 401 or 403: forget the token and show nothing but the refusal.
  function refuse(error) {
    token = "";
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn(error.message);
    view.tokenInput.focus();
  }

  async function open(focus) {
    try {
      await loadAll();
    } catch (error) {
      if (error instanceof Refused) return refuse(error);
      return showSignIn(error.message);
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    view.signin.hidden = true;
    view.signinError.textContent = "";
    view.tokenInput.value = "";
    view.console.hidden = false;
    view.signOut.hidden = false;
    if (focus) view.title.focus();
  }

  view.form.addEventListener("submit", async event => {
    event.preventDefault();
    const entered = view.tokenInput.value.trim();
    if (!entered) {
      view.signinError.textContent = "Enter the admin token.";
      return view.tokenInput.focus();
    }
    token = entered;
    view.signinError.textContent = "Checking…";
    await open(true);
  });

  view.signOut.addEventListener("click", () => {
    token = "";
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn("Signed out.");
    view.tokenInput.focus();
  });

  const reloadData = () => loadAll().catch(error => (error instanceof Refused ? refuse(error) : showSignIn(error.message)));
  view.days.addEventListener("change", reloadData);
  view.refresh.addEventListener("click", reloadData);

  // --- export and reload --------------------------------------------------------

  view.exportButton.addEventListener("click", async () => {
    view.exportButton.disabled = true;
    view.exportStatus.textContent = "Preparing…";
    try {
      const blob = await (await call(`/admin/unanswered?format=jsonl&days=${days()}`)).blob();
      const url = URL.createObjectURL(new Blob([blob], {type: "application/x-ndjson"}));
      const link = el("a", {href: url, download: "unanswered.jsonl", hidden: ""});
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      const lines = (await blob.text()).split("\n").filter(line => line.trim()).length;
      view.exportStatus.textContent = `Saved unanswered.jsonl: ${plural(lines, "question")} ` +
        "as {\"text\", \"intents\": []}; fill in the intents and add them to the dev set.";
    } catch (error) {
      if (error instanceof Refused) return refuse(error);
      view.exportStatus.textContent = error.message;
    } finally {
      view.exportButton.disabled = false;
    }
  });

  // The reload's answer, whatever figures it holds: a line each.
  function describe(result) {
    const list = el("dl", {});
    for (const [key, value] of Object.entries(result || {})) {
      const shown = Array.isArray(value)
        ? (value.length ? value.map(v => (typeof v === "string" ? v : JSON.stringify(v))).join("\n") : "none")
        : typeof value === "object" && value !== null ? JSON.stringify(value) : text(value);
      list.append(el("dt", {}, key.replaceAll("_", " ")), el("dd", {}, shown));
    }
    return list;
  }

  view.reload.addEventListener("click", async () => {
    view.reload.disabled = true;
    view.reloadResult.replaceChildren(el("p", {}, "Reloading…"));
    try {
      const result = await callJson("/admin/reload", {method: "POST", body: {}});
      view.reloadResult.replaceChildren(el("p", {class: "reload-ok"}, "Reloaded: the knowledge base passed its check."),
                                        describe(result));
    } catch (error) {
      if (error instanceof Refused) return refuse(error);
      view.reloadResult.replaceChildren(el("p", {class: "error"}, `Refused: ${error.message}`));
    } finally {
      view.reload.disabled = false;
    }
  });

  // A token kept from earlier in this tab signs in at once.
  if (token) open(false); else showSignIn("");
})();
