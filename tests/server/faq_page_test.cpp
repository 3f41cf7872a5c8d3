#include "adapters/server/faq_page.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/server/faq.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::adapters {
namespace {

// A base of two topics in two sections, one with text meant to break out
// of the page, plus a conversation topic the FAQ leaves out.
knowledge::KnowledgeBase HostileBase() {
  knowledge::KnowledgeBase kb;
  kb.name = "tea";
  kb.subject = "tea";
  kb.domain_intents = {"kinds", "brewing"};
  kb.source.title = "All About Tea";
  kb.source.author = "A. Writer";
  kb.source.url = "https://example.org/tea?a=1&b=2";
  kb.phrases.disclaimer = "Not advice.";
  kb.sections = {{"kinds", "Kinds of tea"}, {"brewing", "Brewing & steeping"}};
  knowledge::Topic green;
  green.id = "green";
  green.intent = "kinds";
  green.section = "kinds";
  green.title = "Green </script><script>alert(1)</script>";
  green.short_answer = "Unfermented <b>tea</b> & \"more\".";
  green.detail = "Steamed 'leaves'.";
  green.citations = {1, 5};
  knowledge::Topic steep;
  steep.id = "steep";
  steep.intent = "brewing";
  steep.section = "brewing";
  steep.title = "How long to steep";
  steep.short_answer = "Three minutes.";
  knowledge::Topic hello;
  hello.id = "greeting";
  hello.intent = "greeting";
  hello.title = "Hello";
  kb.topics = {green, steep, hello};
  kb.index();
  return kb;
}

TEST(FaqPage, EscapesEveryTextAndKeepsTheJsonLdInItsElement) {
  const std::string page = BuildFaq(HostileBase()).page.body;
  EXPECT_EQ(page.find("<script>alert"), std::string::npos);
  EXPECT_EQ(page.find("<b>tea"), std::string::npos);
  EXPECT_NE(page.find("Green &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
            std::string::npos);
  EXPECT_NE(page.find("Unfermented &lt;b&gt;tea&lt;/b&gt; &amp; &quot;more&quot;."),
            std::string::npos);
  EXPECT_NE(page.find("Brewing &amp; steeping"), std::string::npos);
  EXPECT_NE(page.find("href=\"https://example.org/tea?a=1&amp;b=2\""), std::string::npos);
  // One script element, the JSON-LD, closed only by its own end tag.
  const std::string open = "<script type=\"application/ld+json\">";
  const std::size_t start = page.find(open);
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = page.find("</script>", start);
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(page.find("<script", start + 1), std::string::npos);
  const nlohmann::json ld =
      nlohmann::json::parse(page.substr(start + open.size(), end - start - open.size()));
  EXPECT_EQ(ld["@type"], "FAQPage");
  ASSERT_EQ(ld["mainEntity"].size(), 2u);
  EXPECT_EQ(ld["mainEntity"][0]["name"], "Green </script><script>alert(1)</script>");
}

TEST(FaqPage, GroupsBySectionWithAnAnchorPerQuestion) {
  const std::string page = BuildFaq(HostileBase()).page.body;
  const std::size_t kinds = page.find("<section id=\"section-kinds\"");
  const std::size_t green = page.find("<article class=\"entry\" id=\"green\"");
  const std::size_t brewing = page.find("<section id=\"section-brewing\"");
  const std::size_t steep = page.find("<article class=\"entry\" id=\"steep\"");
  ASSERT_NE(steep, std::string::npos);
  EXPECT_LT(kinds, green);
  EXPECT_LT(green, brewing);
  EXPECT_LT(brewing, steep);
  EXPECT_EQ(page.find("id=\"greeting\""), std::string::npos);
  EXPECT_NE(page.find("References 1, 5 of the article"), std::string::npos);
  EXPECT_NE(page.find("this part cites no specific reference"), std::string::npos);
  EXPECT_NE(page.find("<details><summary>"), std::string::npos);
}

TEST(FaqPage, ABaseWithoutSectionsIsOneList) {
  knowledge::KnowledgeBase kb = HostileBase();
  kb.sections.clear();
  for (auto& topic : kb.topics) topic.section.clear();
  const std::string page = BuildFaq(kb).page.body;
  EXPECT_NE(page.find("<section id=\"section-all\""), std::string::npos);
  EXPECT_NE(page.find("id=\"green\""), std::string::npos);
  EXPECT_NE(page.find("id=\"steep\""), std::string::npos);
}

TEST(FaqPage, TheJsonAndThePageChangeWithTheBase) {
  knowledge::KnowledgeBase kb = HostileBase();
  const Faq before = BuildFaq(kb);
  kb.topics[1].short_answer = "Four minutes.";
  const Faq after = BuildFaq(kb);
  EXPECT_NE(before.page.etag, after.page.etag);
  EXPECT_NE(before.json.etag, after.json.etag);
  EXPECT_EQ(BuildFaq(kb).page.etag, after.page.etag);
  EXPECT_EQ(nlohmann::json::parse(after.json.body)["entries"][1]["section"], "brewing");
}

// The page's own words are the knowledge base's to set, as text: a base in
// another language brings them, with no code change.
TEST(FaqPage, ABaseSetsThePagesOwnWords) {
  knowledge::KnowledgeBase kb = HostileBase();
  kb.source.reviewer = "R. Viewer";
  kb.phrases.templates = {{"faq_language", "de"},
                          {"faq_heading", "Fragen zu {subject}"},
                          {"faq_intro", "Antworten aus {article}."},
                          {"faq_article", "dem Artikel \u201e{title}\u201c von {author}"},
                          {"faq_reviewed", "{article}, gepr\u00fcft von {reviewer}"},
                          {"faq_references", "Quellen {citations} in {article}."},
                          {"faq_more", "Mehr <dazu>"}};
  const std::string page = BuildFaq(kb).page.body;
  EXPECT_NE(page.find("<html lang=\"de\">"), std::string::npos);
  EXPECT_NE(page.find("<h1>Fragen zu tea</h1>"), std::string::npos);
  EXPECT_NE(
      page.find("Antworten aus dem Artikel \u201e<a href=\"https://example.org/tea?a=1&amp;b=2\">"
                "All About Tea</a>\u201c von A. Writer, gepr\u00fcft von R. Viewer."),
      std::string::npos)
      << page;
  EXPECT_NE(page.find("<summary>Mehr &lt;dazu&gt;</summary>"), std::string::npos);
  EXPECT_NE(page.find("Quellen 1, 5 in dem Artikel"), std::string::npos);
  // Words the base does not set stay English.
  EXPECT_NE(page.find("aria-label=\"Subjects\""), std::string::npos);
  EXPECT_EQ(page.find("More on this"), std::string::npos);
}

}  // namespace
}  // namespace gutbot::adapters
