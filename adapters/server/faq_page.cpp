#include "adapters/server/faq_page.h"

#include <map>
#include <nlohmann/json.hpp>

#include "bot/common/json_text.h"
#include "bot/common/markup_text.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::adapters {
namespace {

using nlohmann::json;

std::string Html(const std::string& text) { return bot::MarkupEscape(text); }

std::string Text(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// JSON inside <script type="application/ld+json">: a "<" only ever stands in
// a string, where \u003c means the same and cannot close the element.
std::string ScriptSafe(const std::string& json_text) {
  std::string out;
  for (char c : json_text) out += c == '<' ? std::string("\\u003c") : std::string(1, c);
  return out;
}

// schema.org's FAQPage: each question with its short answer and detail.
std::string JsonLd(const json& faq) {
  json questions = json::array();
  for (const json& entry : faq["entries"]) {
    questions.push_back({{"@type", "Question"},
                         {"name", Text(entry, "question")},
                         {"acceptedAnswer",
                          {{"@type", "Answer"},
                           {"text", Text(entry, "answer") + "\n\n" + Text(entry, "detail")}}}});
  }
  const json page = {{"@context", "https://schema.org"},
                     {"@type", "FAQPage"},
                     {"name", Text(faq["source"], "title")},
                     {"mainEntity", std::move(questions)}};
  return ScriptSafe(bot::JsonText(page));
}

// `text`, a template of plain text, as HTML with each {name} replaced by
// the HTML in `values`.
std::string FillHtml(const std::string& text, const std::map<std::string, std::string>& values) {
  return knowledge::FillPlaceholders(Html(text), values);
}

// "the article “Title” by Author, medically reviewed by Reviewer", the
// title linked to the article once its address is set.
std::string ArticleHtml(const json& source, const FaqWording& wording) {
  const std::string url = Text(source, "url");
  std::string title = Html(Text(source, "title"));
  if (!url.empty()) title = "<a href=\"" + Html(url) + "\">" + title + "</a>";
  const std::string article =
      FillHtml(wording.article, {{"title", title}, {"author", Html(Text(source, "author"))}});
  const std::string reviewer = Text(source, "reviewer");
  if (reviewer.empty()) return article;
  return FillHtml(wording.reviewed, {{"article", article}, {"reviewer", Html(reviewer)}});
}

// The source line of an entry: its reference numbers in the article, as
// the chat's "Sources" gives them.
std::string SourceLine(const json& entry, const std::string& article, const FaqWording& wording) {
  std::string numbers;
  for (const json& number : entry["references"]) {
    if (!numbers.empty()) numbers += ", ";
    numbers += number.dump();
  }
  if (numbers.empty()) return FillHtml(wording.uncited, {{"article", article}});
  return FillHtml(wording.references, {{"citations", numbers}, {"article", article}});
}

std::string EntryHtml(const json& entry, const std::string& article, const FaqWording& wording) {
  const std::string id = Html(Text(entry, "id"));
  std::string out =
      "<article class=\"entry\" id=\"" + id + "\" aria-labelledby=\"" + id + "-q\">\n";
  out += "<h3 id=\"" + id + "-q\"><a href=\"#" + id + "\">" + Html(Text(entry, "question")) +
         "</a></h3>\n";
  out += "<p>" + Html(Text(entry, "answer")) + "</p>\n";
  const std::string detail = Text(entry, "detail");
  if (!detail.empty()) {
    out += "<details><summary>" + Html(wording.more) + "</summary><p>" + Html(detail) +
           "</p></details>\n";
  }
  out += "<p class=\"source\">" + SourceLine(entry, article, wording) + "</p>\n</article>\n";
  return out;
}

// The groups the page shows: the base's sections, or one for every entry
// when it has none.
json Groups(const json& faq, const FaqWording& wording) {
  if (!faq["sections"].empty()) return faq["sections"];
  return json::array({{{"id", ""}, {"title", wording.one_group}}});
}

std::string SectionsHtml(const json& faq, const FaqWording& wording) {
  const std::string article = ArticleHtml(faq["source"], wording);
  std::string nav = "<nav aria-label=\"" + Html(wording.subjects) + "\"><ul>\n";
  std::string body;
  for (const json& group : Groups(faq, wording)) {
    const std::string section = Text(group, "id");
    const std::string anchor = Html("section-" + (section.empty() ? "all" : section));
    nav += "<li><a href=\"#" + anchor + "\">" + Html(Text(group, "title")) + "</a></li>\n";
    body += "<section id=\"" + anchor + "\" aria-labelledby=\"" + anchor + "-title\">\n<h2 id=\"" +
            anchor + "-title\">" + Html(Text(group, "title")) + "</h2>\n";
    for (const json& entry : faq["entries"]) {
      if (Text(entry, "section") == section) body += EntryHtml(entry, article, wording);
    }
    body += "</section>\n";
  }
  return nav + "</ul></nav>\n" + body;
}

constexpr const char* kStyle = R"(<style>
:root { color-scheme: light dark; --accent: #0f6e66; --ink: #1f2933; --muted: #56626d; --line: #e3e7eb;
  --bg: #fff; }
@media (prefers-color-scheme: dark) { :root { --accent: #9ee6dc; --ink: #e6eaee; --muted: #a9b4be;
  --line: #34404b; --bg: #161d23; } }
body { margin: 0 auto; max-width: 46rem; padding: 1.5rem 1rem 4rem; background: var(--bg); color: var(--ink);
  font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--accent); }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .4rem; padding-bottom: .3rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.08rem; margin: 0 0 .3rem; }
h3 a { color: inherit; text-decoration: none; }
h3 a:hover, h3 a:focus-visible { text-decoration: underline; }
.entry { padding: .9rem 0; border-bottom: 1px solid var(--line); scroll-margin-top: 1rem; }
.entry:target { outline: 3px solid var(--accent); outline-offset: 6px; border-radius: 4px; }
.entry p { margin: .3rem 0; }
summary { cursor: pointer; color: var(--accent); font-weight: 600; min-height: 44px; display: list-item;
  padding: .55rem 0; }
.source, .disclaimer, .intro { color: var(--muted); font-size: .9rem; }
nav ul { display: flex; flex-wrap: wrap; gap: .3rem 1rem; padding: 0; list-style: none; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
</style>
)";

}  // namespace

FaqWording WordingOf(const knowledge::KnowledgeBase& kb) {
  FaqWording w;
  const std::pair<const char*, std::string*> named[] = {
      {"faq_language", &w.language}, {"faq_heading", &w.heading},
      {"faq_intro", &w.intro},       {"faq_article", &w.article},
      {"faq_reviewed", &w.reviewed}, {"faq_references", &w.references},
      {"faq_uncited", &w.uncited},   {"faq_more", &w.more},
      {"faq_all", &w.one_group},     {"faq_subjects", &w.subjects}};
  for (const auto& [name, text] : named) {
    if (const std::string& set = kb.phrase(name); !set.empty()) *text = set;
  }
  return w;
}

std::string RenderFaqPage(const json& faq, const FaqWording& wording) {
  const std::string subject = Text(faq, "subject");
  const std::string heading = subject.empty()
                                  ? Html(Text(faq["source"], "title"))
                                  : FillHtml(wording.heading, {{"subject", Html(subject)}});
  std::string page = "<!doctype html>\n<html lang=\"" + Html(wording.language) +
                     "\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<title>" + heading + "</title>\n";
  page += kStyle;
  page += "<script type=\"application/ld+json\">" + JsonLd(faq) + "</script>\n</head>\n<body>\n";
  page += "<header>\n<h1>" + heading + "</h1>\n<p class=\"intro\">" +
          FillHtml(wording.intro, {{"article", ArticleHtml(faq["source"], wording)}}) +
          "</p>\n<p class=\"disclaimer\">" + Html(Text(faq, "disclaimer")) +
          "</p>\n</header>\n<main>\n";
  page += SectionsHtml(faq, wording);
  page += "</main>\n</body>\n</html>\n";
  return page;
}

}  // namespace gutbot::adapters
