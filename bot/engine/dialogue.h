// The dialogue policy: reads one message in the light of the conversation so
// far and chooses the answer: safety first, then context, follow-ups,
// clarification, and coverage (full, partial or none). Holds only immutable data, so one instance
// is shared by all threads; the conversation state is passed in and updated by respond().
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bot/engine/conversation_state.h"
#include "bot/engine/message.h"

namespace gutbot::knowledge {
class KnowledgeBase;
struct Topic;
}  // namespace gutbot::knowledge
namespace gutbot::intents {
class IntentModel;
class SafetyScreen;
struct Prediction;
struct SafetyFinding;
}  // namespace gutbot::intents

namespace gutbot::bot {

struct DialogueOptions {
  // Ask "did you mean A or B?" when the best intent's confidence is below this...
  double clarify_below = 0.5;
  // ...or when the second best is within this margin of it.
  double clarify_margin = 0.1;
  // A first message's "it" means the knowledge base's subject when at most
  // this many of its words are foreign to the domain ("how long until it
  // heals" is about it; "what date will it be in 8 days" is not).
  std::size_t subject_max_foreign_words = 1;
  // Each question of a message that asks several is answered on its own
  // when it is at least this likely to mean its topic.
  double part_min = 0.5;
  // Fills {crisis_line} in the self-harm reply; "" keeps the knowledge
  // base's neutral default.
  std::string crisis_line;
};

class Dialogue {
 public:
  Dialogue(std::shared_ptr<const knowledge::KnowledgeBase> kb,
           std::shared_ptr<const intents::IntentModel> model, DialogueOptions options = {});
  ~Dialogue();

  // Answers `text` and updates `state` to what the conversation is after it.
  Reply respond(ConversationState& state, const std::string& text) const;

  const knowledge::KnowledgeBase& kb() const { return *kb_; }

 private:
  struct Choice;
  // `padded` is the prediction's normalised words joined (see dialogue.cpp's
  // Padded), computed once by respond().
  Choice understand(const ConversationState& state, intents::Prediction prediction,
                    const std::string& padded) const;
  // A thing the knowledge never mentions, of a kind a topic answers about
  // ("what about sauerkraut": a food, so the diet), settles what the words
  // left open: a rejection, or a doubt between two topics; named alone, it
  // decides. The answer then says the thing is not covered (answer_choice).
  void settle_by_thing(Choice& c) const;
  // Everything after the safety screen: what the message asks, in context.
  Reply answer(ConversationState& state, const std::string& text, const std::string& offer,
               const std::vector<std::string>& options, const intents::SafetyFinding& safety) const;
  // answer()'s last step when understand() found no topic: conversation
  // intents, a topic the message names, or the fallback.
  Reply answer_without_topic(ConversationState& state, const Choice& c, const std::string& offer,
                             const intents::SafetyFinding& safety) const;
  // answer()'s last step when understand() found a topic: its answer, or a
  // question between it and the runner-up when unsure.
  Reply answer_choice(ConversationState& state, const Choice& c) const;
  // A follow-up that points into the topic in play: "why?", "the third one",
  // "which of those is best", "what can I use instead"; nullopt when not one.
  // `padded`: the message's words joined (dialogue.cpp's Padded).
  std::optional<Reply> answer_list_follow_up(ConversationState& state, const knowledge::Topic& now,
                                             const intents::Prediction& p,
                                             const std::string& padded) const;
  // A message of several questions, one answer each; nullopt when it asks one.
  // `words`: the message's normalised words.
  std::optional<Reply> answer_parts(ConversationState& state, const std::string& text,
                                    const std::vector<std::string>& words) const;
  Reply answer_topic(ConversationState& state, const knowledge::Topic& topic, bool detailed) const;
  Reply answer_more(ConversationState& state) const;
  Reply answer_sources(const ConversationState& state) const;
  // `why` names the phrase: "out_of_scope" (not the subject) or "not_understood".
  // The best ranked topic of the domain, for the content owner's records
  // of a message not answered; "" when the message is not about the
  // domain or no topic is ranked.
  std::string nearest_domain_topic(const intents::Prediction& p) const;
  Reply answer_fallback(ConversationState& state, const std::string& why) const;
  Reply answer_emergency(ConversationState& state) const;
  Reply answer_crisis(ConversationState& state) const;
  // Puts the notes the message's (and the conversation's) concerns call for
  // before the answer.
  Reply with_safety_notes(const ConversationState& state, const intents::SafetyFinding& safety,
                          Reply r) const;
  void add_disclaimer(ConversationState& state, Reply& r) const;
  Reply clarify(ConversationState& state, const knowledge::Topic& a,
                const knowledge::Topic& b) const;
  Reply conversational(const std::string& intent) const;
  std::vector<std::string> menu_titles() const;

  std::shared_ptr<const knowledge::KnowledgeBase> kb_;
  std::shared_ptr<const intents::IntentModel> model_;
  DialogueOptions options_;
  std::unique_ptr<const intents::SafetyScreen> screen_;
  std::string crisis_line_;
  std::map<std::string, const knowledge::Topic*> titles_;  // normalised title -> domain topic
};

}  // namespace gutbot::bot
