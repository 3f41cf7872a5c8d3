// Replies point to the source and its companion pages once the operator has
// set their addresses in kb.json, and never before (no address is made up).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bot/engine/conversation_state.h"
#include "bot/engine/dialogue.h"
#include "bot/engine/runtime.h"

namespace gutbot::bot {
namespace {

namespace fs = std::filesystem;

const fs::path kShipped = fs::path(GUTBOT_TEST_DATA).parent_path() / "knowledge/leaky-gut";

// The shipped base with the article's and the diet plan's addresses set.
fs::path BaseWithAddresses() {
  const fs::path dir = fs::temp_directory_path() / ("gutbot-links-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(kShipped, dir, fs::copy_options::recursive);
  std::stringstream text;
  text << std::ifstream(dir / "kb.json").rdbuf();
  std::string kb = text.str();
  const auto set = [&kb](const std::string& after, const std::string& url) {
    const auto at = kb.find("\"url\": \"\"", kb.find(after));
    ASSERT_NE(at, std::string::npos) << after;
    kb.replace(at, 9, "\"url\": \"" + url + "\"");
  };
  set("\"source\"", "https://example.org/leaky-gut");
  set("\"diet_plan\"", "https://example.org/diet-plan");
  std::ofstream(dir / "kb.json") << kb;
  return dir;
}

TEST(SourceLinks, ComeWithTheSourcesReplyAndCompanionPointersOnceSet) {
  const fs::path dir = BaseWithAddresses();
  const Runtime rt = LoadRuntime(dir);
  fs::remove_all(dir);
  const Dialogue dialogue(rt.kb, rt.model);
  ConversationState state;
  const Reply plan = dialogue.respond(state, "is there a leaky gut diet plan i can follow");
  ASSERT_EQ(plan.topic, "further_reading") << plan.text;
  // Only the companion whose address is set is linked.
  EXPECT_EQ(plan.links,
            (std::vector<Link>{{"Leaky Gut Diet Plan", "https://example.org/diet-plan"}}));
  dialogue.respond(state, "how long does it take to heal");
  const Reply sources = dialogue.respond(state, "where is that from");
  EXPECT_EQ(sources.intent, "sources");
  EXPECT_EQ(sources.links,
            (std::vector<Link>{{"What is Leaky Gut?", "https://example.org/leaky-gut"}}));
}

TEST(SourceLinks, NoneWhileTheAddressesAreEmpty) {
  const Runtime rt = LoadRuntime(kShipped);
  const Dialogue dialogue(rt.kb, rt.model);
  ConversationState state;
  EXPECT_TRUE(dialogue.respond(state, "is there a leaky gut diet plan i can follow").links.empty());
  EXPECT_TRUE(dialogue.respond(state, "where is that from").links.empty());
}

}  // namespace
}  // namespace gutbot::bot
