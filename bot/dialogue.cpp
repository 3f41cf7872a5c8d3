#include "bot/dialogue.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "intents/intent_ids.h"
#include "intents/intent_model.h"
#include "intents/normalizer.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::bot {
namespace {

using knowledge::KnowledgeBase;
using knowledge::Topic;

// The words joined by single spaces, padded with one space on each side;
// from normalised words, "Poor sleep" and "poor  SLEEP!" compare equal.
std::string Padded(const std::vector<std::string>& words) {
  std::string out = " ";
  for (const auto& w : words) out.append(w).append(" ");
  return out;
}

std::string Padded(const std::string& text) {
  std::vector<std::string> words;
  for (auto& token : intents::Normalize(text)) words.push_back(std::move(token.text));
  return Padded(words);
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// How much a message leans on the conversation: an elliptical follow-up
// ("and stress?", "what about sleep") is read almost entirely through it; a
// full question that points back with a pronoun ("does it cause acne") only
// a little.
enum class Reliance { kNone, kPronoun, kElliptical };

Reliance ContextReliance(const std::vector<std::string>& w) {
  static const std::set<std::string> kOpeners = {"and", "also", "or", "plus", "so"};
  static const std::set<std::string> kPointers = {"it", "that", "this", "they", "them", "those",
                                                  "these", "its", "thats"};
  if (w.empty()) return Reliance::kNone;
  if (w.size() <= 3 || kOpeners.count(w[0])) return Reliance::kElliptical;
  if ((w[0] == "what" || w[0] == "how") && w[1] == "about") return Reliance::kElliptical;
  const bool points_back =
      std::any_of(w.begin(), w.end(), [](const auto& x) { return kPointers.count(x) > 0; });
  return points_back ? Reliance::kPronoun : Reliance::kNone;
}

// Replaces each {name} in `text` with its value.
std::string Fill(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    const std::string key = "{" + name + "}";
    for (auto pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos + value.size())) {
      text.replace(pos, key.size(), value);
    }
  }
  return text;
}

std::string JoinNumbers(const std::vector<int>& numbers) {
  std::string out;
  for (int n : numbers) out += (out.empty() ? "" : ", ") + std::to_string(n);
  return out;
}

// How closely `candidate` belongs to the conversation's current topic: the
// same subject (topic or intent) most, a topic the current one points to less.
double Kinship(const KnowledgeBase& kb, const Topic& candidate, const std::string& current) {
  const Topic* now = kb.find(current);
  if (!now) return 0;
  if (candidate.id == now->id || candidate.intent == now->intent) return 1;
  if (Contains(now->related, candidate.id) || Contains(candidate.related, now->id)) return 0.6;
  return 0;
}

// A follow-up's score for one topic: the model's probability, raised when an
// elliptical message names the topic, and scaled by its kinship with the
// topic in play, so that "and sleep?" after a habit means the sleep habit.
double FollowUpScore(double probability, bool named, double kinship, Reliance reliance) {
  if (reliance == Reliance::kPronoun) return probability * (1 + kinship);
  return (probability + (named ? 0.5 : 0.0)) * (1 + 4 * kinship);
}

// The pending clarification's pick: 0, 1, or -1 when the message is no pick.
int ClarificationPick(const KnowledgeBase& kb, const std::map<std::string, const Topic*>& titles,
                      const std::vector<std::string>& options, const std::string& padded) {
  // Compared in normal form, which may rewrite number words ("one" -> "1").
  static const std::map<std::string, int> kOrdinals = [] {
    std::map<std::string, int> m;
    for (const char* a : {"first", "1", "a", "1st", "the first", "the first one", "first one",
                          "option 1", "option a", "the former", "the top one"}) {
      m.emplace(Padded(a), 0);
    }
    for (const char* b : {"second", "2", "b", "2nd", "the second", "the second one", "second one",
                          "option 2", "option b", "the latter", "the other one", "the other",
                          "the bottom one"}) {
      m.emplace(Padded(b), 1);
    }
    return m;
  }();
  if (auto it = kOrdinals.find(padded); it != kOrdinals.end()) return it->second;
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (const Topic* t = kb.find(options[i]); t && titles.count(padded) && titles.at(padded) == t) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

// What a message means once the conversation is taken into account.
struct Dialogue::Choice {
  intents::Prediction prediction;
  const Topic* topic = nullptr;  // the topic to answer, when there is one
  const Topic* runner_up = nullptr;
  double confidence = 0;
  double margin = 1;          // confidence lead over the runner-up's intent
  bool from_context = false;  // the context, not the words alone, decided
};

Dialogue::Dialogue(std::shared_ptr<const KnowledgeBase> kb,
                   std::shared_ptr<const intents::IntentModel> model, DialogueOptions options)
    : kb_(std::move(kb)), model_(std::move(model)), options_(options) {
  for (const Topic& t : kb_->topics) {
    if (kb_->is_domain_intent(t.intent)) titles_.emplace(Padded(t.title), &t);
  }
}



Dialogue::Choice Dialogue::understand(const ConversationState& state, intents::Prediction prediction,
                                      const std::string& padded) const {
  Choice c;
  c.prediction = std::move(prediction);
  const std::vector<std::string>& words = c.prediction.words;

  // A clicked button carries a topic's exact title.
  if (auto it = titles_.find(padded); it != titles_.end()) {
    c.topic = it->second;
    c.confidence = 1;
    return c;
  }

  const Reliance reliance = state.current().empty() ? Reliance::kNone : ContextReliance(words);
  const bool follow_up = reliance != Reliance::kNone;
  const bool conversational = !kb_->is_domain_intent(c.prediction.intent) &&
                              c.prediction.intent != std::string(intents::kOutOfScope);
  if (conversational && c.prediction.confidence >= 0.5) {
    c.confidence = c.prediction.confidence;
    return c;
  }

  // Re-rank the model's topics with the conversation: a follow-up prefers the
  // topic family in play, and a topic named by its alias.
  double total = 0;
  std::vector<std::pair<double, const Topic*>> ranked;
  for (const auto& scored : c.prediction.topics) {
    const Topic* t = kb_->find(scored.id);
    if (!t || !kb_->is_domain_intent(t->intent)) continue;
    double score = scored.confidence;
    if (follow_up) {
      score = FollowUpScore(score, Contains(c.prediction.named_topics, t->id), Kinship(*kb_, *t, state.current()),
                            reliance);
    }
    total += score;
    ranked.emplace_back(score, t);
  }
  // The model may reject a bare "and stress?"; an alias in context rescues it.
  if (reliance == Reliance::kElliptical) {
    for (const Topic& t : kb_->topics) {
      const bool listed = std::any_of(ranked.begin(), ranked.end(),
                                      [&](const auto& r) { return r.second == &t; });
      if (!listed && kb_->is_domain_intent(t.intent) && Contains(c.prediction.named_topics, t.id)) {
        const double score = FollowUpScore(0, true, Kinship(*kb_, t, state.current()), reliance);
        total += score;
        ranked.emplace_back(score, &t);
      }
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  if (ranked.empty()) return c;

  const bool rejected = c.prediction.intent == std::string(intents::kOutOfScope);
  const bool context_decides = follow_up && (rejected || ranked.front().second->id != c.prediction.topic);
  if (rejected && !context_decides) return c;

  c.topic = ranked.front().second;
  c.from_context = context_decides;
  c.confidence = context_decides ? ranked.front().first / std::max(total, 1e-9)
                                 : c.prediction.confidence;
  for (const auto& r : ranked) {
    if (r.second->intent != c.topic->intent) {
      c.runner_up = r.second;
      c.margin = (ranked.front().first - r.first) / std::max(total, 1e-9);
      break;
    }
  }
  if (!context_decides) {
    for (const auto& alt : c.prediction.alternatives) {
      if (alt.id != c.prediction.intent && kb_->is_domain_intent(alt.id)) {
        c.margin = c.prediction.confidence - alt.confidence;
        break;
      }
    }
  }
  return c;
}

Reply Dialogue::respond(ConversationState& state, const std::string& text) const {
  // Classified first: the prediction carries the normalised words the rules
  // below compare.
  intents::Prediction prediction = model_->classify(text);
  const std::string padded = Padded(prediction.words);
  const std::string offer = std::exchange(state.offer, "");

  if (!state.clarify.empty()) {
    const auto options = std::exchange(state.clarify, {});
    const int pick = ClarificationPick(*kb_, titles_, options, padded);
    if (pick >= 0) {
      if (const Topic* t = kb_->find(options[static_cast<std::size_t>(pick)])) {
        return answer_topic(state, *t, false);
      }
    }
  }

  Choice c = understand(state, std::move(prediction), padded);
  const std::string& intent = c.prediction.intent;
  // Safety first: a red flag anywhere in the message.
  if (c.prediction.red_flag) return answer_urgent(state, c.prediction);

  if (!c.topic) {
    if (intent == intents::kUrgent) return answer_urgent(state, c.prediction);
    if (intent == "more") return answer_more(state);
    if (intent == "sources") return answer_sources(state);
    if (intent == "affirm" && !offer.empty()) {
      if (const Topic* t = kb_->find(offer)) {
        Reply r = answer_topic(state, *t, false);
        r.intent = "affirm";
        return r;
      }
    }
    if (intent == std::string(intents::kOutOfScope) || intent.empty()) return answer_fallback(state);
    Reply r = conversational(intent);
    r.confidence = c.confidence;
    if (intent == "affirm") r.text = kb_->phrase("affirm_no_offer");
    if (intent == "deny") r.text = kb_->phrase("deny"), r.suggestions = menu_titles();
    if (intent == "bot_identity") r.text += "\n\n" + kb_->phrases.disclaimer;
    state.fallbacks = 0;
    return r;
  }

  const bool unsure = c.confidence < options_.clarify_below || c.margin < options_.clarify_margin;
  if (!c.from_context && unsure && c.runner_up) return clarify(state, *c.topic, *c.runner_up);

  for (const auto& e : c.prediction.entities) {
    if (e.type == "symptom" || e.type == "body_system" || e.type == "diet") {
      auto& values = state.reported[e.type];
      if (!Contains(values, e.value)) values.push_back(e.value);
    }
  }
  Reply r = answer_topic(state, *c.topic, false);
  r.confidence = c.confidence;
  return r;
}

Reply Dialogue::answer_topic(ConversationState& state, const Topic& topic, bool detailed) const {
  Reply r;
  r.intent = topic.intent;
  r.topic = topic.id;
  r.confidence = 1;
  r.text = detailed && !topic.detail.empty() ? topic.detail : topic.short_answer;
  r.citations = topic.citations;
  r.suggestions = topic.suggestions;
  if (!state.disclaimer_shown) {
    r.text += "\n\n" + kb_->phrases.disclaimer;
    state.disclaimer_shown = true;
  }
  state.discussed(topic.id);
  state.detail_given = detailed;
  state.fallbacks = 0;
  return r;
}

Reply Dialogue::answer_more(ConversationState& state) const {
  const Topic* now = kb_->find(state.current());
  if (!now) return conversational("more");
  if (!state.detail_given) {
    Reply r = answer_topic(state, *now, true);
    r.intent = "more";
    // Offer where to go next: the first related topic not yet discussed.
    for (const auto& id : now->related) {
      const Topic* next = kb_->find(id);
      if (next && !Contains(state.topics, id)) {
        r.text += "\n\n" + Fill(kb_->phrase("offer_related"), {{"title", next->title}});
        state.offer = id;
        break;
      }
    }
    return r;
  }
  // The detail was given already: move on to a related topic.
  for (const auto& id : now->related) {
    const Topic* next = kb_->find(id);
    if (next && !Contains(state.topics, id)) {
      Reply r = answer_topic(state, *next, false);
      r.intent = "more";
      return r;
    }
  }
  Reply r = conversational("more");
  r.text = Fill(kb_->phrase("more_nothing"), {{"title", now->title}});
  r.topic = now->id;
  r.suggestions = menu_titles();
  return r;
}

Reply Dialogue::answer_sources(const ConversationState& state) const {
  Reply r = conversational("sources");
  const auto& src = kb_->source;
  const std::map<std::string, std::string> values = {
      {"title", src.title}, {"author", src.author}, {"reviewer", src.reviewer}};
  const Topic* now = kb_->find(state.current());
  if (!now) {
    r.text = Fill(kb_->phrase("sources_general"), values);
    return r;
  }
  auto with = values;
  with["citations"] = JoinNumbers(now->citations);
  r.text = Fill(kb_->phrase(now->citations.empty() ? "sources_uncited" : "sources"), with);
  r.topic = now->id;
  r.citations = now->citations;
  r.suggestions = now->suggestions;
  return r;
}

Reply Dialogue::answer_fallback(ConversationState& state) const {
  ++state.fallbacks;
  Reply r = conversational(std::string(intents::kOutOfScope));
  if (state.fallbacks >= 2) {
    r.text = kb_->phrase("fallback_menu");
    r.suggestions = menu_titles();
  }
  return r;
}

Reply Dialogue::answer_urgent(ConversationState& state, const intents::Prediction& p) const {
  Reply r = conversational(std::string(intents::kUrgent));
  r.confidence = 1;
  // A question asked alongside the red flag still gets its answer, after.
  for (const auto& scored : p.topics) {
    const Topic* t = kb_->find(scored.id);
    if (t && kb_->is_domain_intent(t->intent) && scored.confidence >= options_.mixed_question_min) {
      r.text += "\n\n" + t->short_answer;
      r.citations = t->citations;
      r.suggestions = t->suggestions;
      state.discussed(t->id);
      break;
    }
  }
  state.fallbacks = 0;
  return r;
}

Reply Dialogue::clarify(ConversationState& state, const Topic& a, const Topic& b) const {
  Reply r;
  r.intent = a.intent;
  r.confidence = 0;
  r.text = Fill(kb_->phrase("clarify"), {{"a", a.title}, {"b", b.title}});
  r.suggestions = {a.title, b.title};
  state.clarify = {a.id, b.id};
  return r;
}

Reply Dialogue::conversational(const std::string& intent) const {
  Reply r;
  r.intent = intent;
  r.confidence = 1;
  if (const Topic* t = kb_->first_of_intent(intent)) {
    r.topic = t->id;
    r.text = t->short_answer;
    r.suggestions = t->suggestions;
  }
  return r;
}

std::vector<std::string> Dialogue::menu_titles() const {
  std::vector<std::string> titles;
  for (const auto& id : kb_->phrases.menu) {
    if (const Topic* t = kb_->find(id)) titles.push_back(t->title);
  }
  return titles;
}

}  // namespace gutbot::bot
