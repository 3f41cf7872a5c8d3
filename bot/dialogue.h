// The dialogue policy: reads one message in the light of the conversation so
// far and chooses the answer (context, follow-ups, clarification, fallback,
// safety). Holds only immutable data, so one instance is shared by all
// threads; the conversation state is passed in and updated by respond().
#pragma once

#include <map>
#include <memory>
#include <vector>
#include <string>

#include "bot/conversation_state.h"
#include "bot/message.h"

namespace gutbot::knowledge { class KnowledgeBase; struct Topic; }
namespace gutbot::intents { class IntentModel; struct Prediction; }

namespace gutbot::bot {

struct DialogueOptions {
  // Ask "did you mean A or B?" when the best intent's confidence is below this...
  double clarify_below = 0.5;
  // ...or when the second best is within this margin of it.
  double clarify_margin = 0.1;
  // A second question mixed into a red-flag message is answered after the
  // urgent text when its topic is at least this likely.
  double mixed_question_min = 0.2;
};

class Dialogue {
 public:
  Dialogue(std::shared_ptr<const knowledge::KnowledgeBase> kb,
           std::shared_ptr<const intents::IntentModel> model, DialogueOptions options = {});

  // Answers `text` and updates `state` to what the conversation is after it.
  Reply respond(ConversationState& state, const std::string& text) const;

  const knowledge::KnowledgeBase& kb() const { return *kb_; }

 private:
  struct Choice;
  // `padded` is the prediction's normalised words joined (see dialogue.cpp's
  // Padded), computed once by respond().
  Choice understand(const ConversationState& state, intents::Prediction prediction,
                    const std::string& padded) const;
  Reply answer_topic(ConversationState& state, const knowledge::Topic& topic, bool detailed) const;
  Reply answer_more(ConversationState& state) const;
  Reply answer_sources(const ConversationState& state) const;
  Reply answer_fallback(ConversationState& state) const;
  Reply answer_urgent(ConversationState& state, const intents::Prediction& p) const;
  Reply clarify(ConversationState& state, const knowledge::Topic& a, const knowledge::Topic& b) const;
  Reply conversational(const std::string& intent) const;
  std::vector<std::string> menu_titles() const;

  std::shared_ptr<const knowledge::KnowledgeBase> kb_;
  std::shared_ptr<const intents::IntentModel> model_;
  DialogueOptions options_;
  std::map<std::string, const knowledge::Topic*> titles_;  // normalised title -> domain topic
};

}  // namespace gutbot::bot
