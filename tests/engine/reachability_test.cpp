// Every part of the knowledge base can be reached by asking: each domain
// topic wins for most of its own examples (no topic is shadowed by another),
// and every suggested follow-up question is answered, not rejected.
#include <gtest/gtest.h>

#include <filesystem>

#include "bot/engine/engine.h"
#include "bot/engine/runtime.h"
#include "bot/store/memory_store.h"
#include "intents/intent_model.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::bot {
namespace {

const Runtime& LeakyGut() {
  static const Runtime rt =
      LoadRuntime(std::filesystem::path(GUTBOT_TEST_DATA).parent_path() / "knowledge/leaky-gut");
  return rt;
}

TEST(Reachability, EveryDomainTopicWinsMostOfItsOwnExamples) {
  const auto& rt = LeakyGut();
  for (const auto& topic : rt.kb->topics) {
    if (!rt.kb->is_domain_intent(topic.intent)) continue;
    std::size_t won = 0;
    for (const auto& example : topic.examples) won += rt.model->classify(example).topic == topic.id;
    EXPECT_GT(2 * won, topic.examples.size())
        << topic.id << " wins " << won << " of " << topic.examples.size() << " of its examples";
  }
}

TEST(Reachability, EverySuggestionIsAnswered) {
  const auto& rt = LeakyGut();
  Engine engine(rt.kb, rt.model, std::make_unique<MemoryStore>());
  std::vector<std::string> suggestions = engine.welcome_suggestions();
  for (const auto& topic : rt.kb->topics) {
    suggestions.insert(suggestions.end(), topic.suggestions.begin(), topic.suggestions.end());
  }
  for (const auto& s : suggestions) {
    const Reply r = engine.ask(s);
    EXPECT_NE(r.intent, "out_of_scope") << "\"" << s << "\"";
    EXPECT_NE(r.intent, "urgent") << "\"" << s << "\"";
  }
}

}  // namespace
}  // namespace gutbot::bot
