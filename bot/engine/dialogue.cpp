#include "bot/engine/dialogue.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

#include "intents/intent_ids.h"
#include "intents/intent_model.h"
#include "intents/normalizer.h"
#include "intents/safety_screen.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::bot {
namespace {

using knowledge::FillPlaceholders;

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

// How much a message leans on the conversation: a short question about "it"
// ("what raises it") asks about the topic in play itself; an elliptical
// follow-up ("and stress?", "what about sleep") is read almost entirely
// through the conversation; a full question that points back with a pronoun
// ("does it cause acne") only a little.
enum class Reliance { kNone, kPronoun, kElliptical, kPointsAtCurrent };

bool PointsBack(const std::vector<std::string>& w) {
  // Read on every turn: a short array, compared in place.
  static constexpr std::array<std::string_view, 9> kPointers = {
      "it", "that", "this", "they", "them", "those", "these", "its", "thats"};
  return std::any_of(w.begin(), w.end(), [](const std::string& x) {
    return std::find(kPointers.begin(), kPointers.end(), x) != kPointers.end();
  });
}

Reliance ContextReliance(const std::vector<std::string>& w) {
  static const std::set<std::string> kOpeners = {"and", "also", "or", "plus", "so"};
  if (w.empty()) return Reliance::kNone;
  if (w.size() <= 3 && w.size() >= 2 && PointsBack(w)) return Reliance::kPointsAtCurrent;
  if (w.size() <= 3 || kOpeners.count(w[0])) return Reliance::kElliptical;
  if ((w[0] == "what" || w[0] == "how") && w[1] == "about") return Reliance::kElliptical;
  return PointsBack(w) ? Reliance::kPronoun : Reliance::kNone;
}

// Words that open a question: where one follows "and", a second question starts.
bool OpensQuestion(const std::string& word) {
  static const std::set<std::string> kOpeners = {"why", "how",  "what",   "when", "where", "which",
                                                 "who", "can",  "could",  "does", "do",    "is",
                                                 "are", "will", "should", "would"};
  return kOpeners.count(word) > 0;
}

// The questions of one message, as text: split at a question mark that more
// words follow, and at "and" before a question word ("why does it happen and
// how long does it last").
std::vector<std::string> QuestionParts(const std::string& text) {
  std::vector<std::string> parts;
  std::string part;
  const auto close = [&] {
    if (!part.empty()) parts.push_back(std::move(part));
    part.clear();
  };
  std::size_t begin = 0;
  for (std::size_t q = text.find('?'); begin < text.size(); q = text.find('?', begin)) {
    const std::size_t end = q == std::string::npos ? text.size() : q;
    const auto words = intents::Normalize(std::string_view(text).substr(begin, end - begin));
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (words[i].text == "and" && i >= 2 && i + 1 < words.size() &&
          OpensQuestion(words[i + 1].text))
        close();
      else
        part += (part.empty() ? "" : " ") + words[i].text;
    }
    close();
    if (q == std::string::npos) break;
    begin = q + 1;
  }
  return parts;
}

// The position a short follow-up picks from a list ("the third one", "2nd",
// "number 4", "the last"), 0-based, with `size` items; -1 when it picks none.
int ListPick(const std::vector<std::string>& w, std::size_t size) {
  static const std::map<std::string, int> kOrdinals = {
      {"first", 0}, {"1st", 0},    {"second", 1},  {"2nd", 1},   {"third", 2},
      {"3rd", 2},   {"fourth", 3}, {"4th", 3},     {"fifth", 4}, {"5th", 4},
      {"sixth", 5}, {"6th", 5},    {"seventh", 6}, {"7th", 6}};
  if (w.empty() || w.size() > 5 || size == 0) return -1;
  for (std::size_t i = 0; i < w.size(); ++i) {
    int pick = -1;
    if (const auto it = kOrdinals.find(w[i]); it != kOrdinals.end()) pick = it->second;
    if (w[i] == "last") pick = static_cast<int>(size) - 1;
    const bool numbered = (w[i] == "number" || w[i] == "option") && i + 1 < w.size();
    if (numbered && w[i + 1].size() == 1 && w[i + 1][0] >= '1' && w[i + 1][0] <= '9')
      pick = w[i + 1][0] - '1';
    if (pick >= 0) return pick < static_cast<int>(size) ? pick : -1;
  }
  return -1;
}

std::string Join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// "4, 14–17, 20": three or more consecutive numbers read as a range.
std::string JoinNumbers(const std::vector<int>& numbers) {
  std::string out;
  for (std::size_t i = 0; i < numbers.size();) {
    std::size_t end = i + 1;
    while (end < numbers.size() && numbers[end] == numbers[end - 1] + 1) ++end;
    out += (out.empty() ? "" : ", ") + std::to_string(numbers[i]);
    if (end - i >= 3) {
      out += "\u2013" + std::to_string(numbers[end - 1]);
    } else if (end - i == 2) {
      out += ", " + std::to_string(numbers[i + 1]);
    }
    i = end;
  }
  return out;
}

// A title inside a sentence: its own "?" would double the question's end
// ("real??") or stand before a colon ("real?: ...").
std::string WithoutQuestionMark(std::string title) {
  while (!title.empty() && title.back() == '?') title.pop_back();
  return title;
}

bool CitesAny(const std::vector<int>& citations, const std::vector<int>& references) {
  return std::any_of(citations.begin(), citations.end(), [&](int n) {
    return std::find(references.begin(), references.end(), n) != references.end();
  });
}

// Whether a topic is about the base's subject as a whole ("What causes leaky
// gut") rather than one part of it (zonulin, one diet).
bool AboutSubject(const KnowledgeBase& kb, const Topic& topic) {
  if (kb.subject.empty()) return true;
  std::string title = topic.title;
  std::transform(title.begin(), title.end(), title.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });
  return title.find(kb.subject) != std::string::npos;
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
  if (reliance == Reliance::kPronoun) return probability * (1 + kinship);  // elliptical or short
  return (probability + (named ? 0.5 : 0.0)) * (1 + 4 * kinship);
}

// The model's domain topics re-ranked with the conversation, best first: a
// follow-up prefers the topic family in play and a topic named by its alias;
// `total` is the sum of the scores.
struct Ranking {
  std::vector<std::pair<double, const Topic*>> topics;
  double total = 0;
};

Ranking RankInContext(const KnowledgeBase& kb, const intents::Prediction& prediction,
                      const std::string& current, Reliance reliance) {
  Ranking ranking;
  const auto add = [&ranking](double score, const Topic* t) {
    ranking.total += score;
    ranking.topics.emplace_back(score, t);
  };
  for (const auto& scored : prediction.topics) {
    const Topic* t = kb.find(scored.id);
    if (!t || !kb.is_domain_intent(t->intent)) continue;
    const bool follow_up = reliance != Reliance::kNone;
    add(follow_up ? FollowUpScore(scored.confidence, Contains(prediction.named_topics, t->id),
                                  Kinship(kb, *t, current), reliance)
                  : scored.confidence,
        t);
  }
  // The model may reject a bare "and stress?"; an alias in context rescues it.
  if (reliance == Reliance::kElliptical || reliance == Reliance::kPointsAtCurrent) {
    for (const Topic& t : kb.topics) {
      const bool listed = std::any_of(ranking.topics.begin(), ranking.topics.end(),
                                      [&](const auto& r) { return r.second == &t; });
      if (!listed && kb.is_domain_intent(t.intent) && Contains(prediction.named_topics, t.id)) {
        add(FollowUpScore(0, true, Kinship(kb, t, current), reliance), &t);
      }
    }
  }
  std::stable_sort(ranking.topics.begin(), ranking.topics.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  return ranking;
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
    for (const char* b :
         {"second", "2", "b", "2nd", "the second", "the second one", "second one", "option 2",
          "option b", "the latter", "the other one", "the other", "the bottom one"}) {
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
  bool clicked = false;       // the message is a topic's title (a button)
};

Dialogue::Dialogue(std::shared_ptr<const KnowledgeBase> kb,
                   std::shared_ptr<const intents::IntentModel> model, DialogueOptions options)
    : kb_(std::move(kb)),
      model_(std::move(model)),
      options_(std::move(options)),
      screen_(std::make_unique<const intents::SafetyScreen>(*kb_)),
      crisis_line_(options_.crisis_line.empty() ? kb_->safety.crisis_line : options_.crisis_line) {
  for (const Topic& t : kb_->topics) {
    if (kb_->is_domain_intent(t.intent)) titles_.emplace(Padded(t.title), &t);
  }
}

Dialogue::~Dialogue() = default;

Dialogue::Choice Dialogue::understand(const ConversationState& state,
                                      intents::Prediction prediction,
                                      const std::string& padded) const {
  Choice c;
  c.prediction = std::move(prediction);
  const std::vector<std::string>& words = c.prediction.words;

  // A clicked button carries a topic's exact title.
  if (auto it = titles_.find(padded); it != titles_.end()) {
    c.topic = it->second;
    c.confidence = 1;
    c.clicked = true;
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

  // "what raises it" after zonulin is about zonulin, unless "it" is the
  // base's subject itself (after "what is leaky gut", "what causes it" asks
  // for the causes) or the message names another topic.
  const Topic* now = kb_->find(state.current());
  if (reliance == Reliance::kPointsAtCurrent && now && c.prediction.named_topics.empty() &&
      !AboutSubject(*kb_, *now)) {
    c.topic = now;
    c.from_context = true;
    c.confidence = 1;
    return c;
  }
  const auto [ranked, total] = RankInContext(*kb_, c.prediction, state.current(), reliance);
  if (ranked.empty()) return c;

  const bool rejected = c.prediction.intent == std::string(intents::kOutOfScope);
  // An elliptical follow-up that stays with the subject in play ("what about
  // booze" after painkillers) is the context's call too: no "did you mean".
  const bool stays =
      reliance != Reliance::kPronoun && Kinship(*kb_, *ranked.front().second, state.current()) == 1;
  const bool context_decides =
      follow_up && (rejected || stays || ranked.front().second->id != c.prediction.topic);
  if (rejected && !context_decides) return c;

  c.topic = ranked.front().second;
  c.from_context = context_decides;
  c.confidence =
      context_decides ? ranked.front().first / std::max(total, 1e-9) : c.prediction.confidence;
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
  // Safety first, before any topic, offer or clarification: a red flag or
  // thoughts of self-harm get their own reply and nothing else.
  const intents::SafetyFinding safety = screen_->check(text);
  for (const auto& group : safety.groups) {
    if (!Contains(state.groups, group)) state.groups.push_back(group);
  }
  const std::string offer = std::exchange(state.offer, "");
  const auto options = std::exchange(state.clarify, {});
  if (safety.category == "self_harm") return answer_crisis(state);
  if (safety.category == "emergency") return answer_emergency(state);
  return with_safety_notes(state, safety, answer(state, text, offer, options, safety));
}

Reply Dialogue::answer(ConversationState& state, const std::string& text, const std::string& offer,
                       const std::vector<std::string>& options,
                       const intents::SafetyFinding& safety) const {
  // Classified first: the prediction carries the normalised words the rules
  // below compare.
  intents::Prediction prediction = model_->classify(text);
  const std::string padded = Padded(prediction.words);

  if (!options.empty()) {
    const int pick = ClarificationPick(*kb_, titles_, options, padded);
    if (pick >= 0) {
      if (const Topic* t = kb_->find(options[static_cast<std::size_t>(pick)])) {
        return answer_topic(state, *t, false);
      }
    }
  }
  // Nothing to read: no topic is inherited from the context either.
  if (prediction.gibberish) return answer_fallback(state, "not_understood");
  // With nothing said before, "how do I know if I have it" is about the subject.
  if (state.current().empty() && prediction.intent == intents::kOutOfScope &&
      !kb_->subject.empty() && prediction.foreign_words <= options_.subject_max_foreign_words &&
      prediction.out_of_scope_words == 0 && Contains(prediction.words, "it")) {
    std::vector<std::string> words = prediction.words;
    std::replace(words.begin(), words.end(), std::string("it"), kb_->subject);
    intents::Prediction about = model_->classify(Join(words, " "));
    if (about.intent != intents::kOutOfScope && about.confidence >= options_.clarify_below) {
      prediction = std::move(about);
    }
  }
  if (const Topic* now = kb_->find(state.current())) {
    if (auto r = answer_list_follow_up(state, *now, prediction, padded)) return std::move(*r);
  }
  if (auto parts = answer_parts(state, text, prediction.words)) return std::move(*parts);

  Choice c = understand(state, std::move(prediction), padded);
  settle_by_thing(c);
  if (!c.topic) return answer_without_topic(state, c, offer, safety);
  return answer_choice(state, c);
}

void Dialogue::settle_by_thing(Choice& c) const {
  const Topic* thing = kb_->find(c.prediction.thing_topic);
  if (!thing || c.clicked) return;
  // The topic the words lean to, when it is of the kind's intent: it may be
  // narrower than the kind's ("sourdough" -> gluten-free eating).
  const Topic* leaning = nullptr;
  for (const auto& ranked : c.prediction.topics) {
    const Topic* t = kb_->find(ranked.id);
    if (!t || !kb_->is_domain_intent(t->intent)) continue;
    if (t->intent == thing->intent) leaning = t;
    break;
  }
  // Named alone ("what about yoga then", "coffee?"), the thing's kind
  // decides, whatever the context or the doubt.
  if (c.prediction.thing_alone) {
    if (!c.topic || c.topic->intent != thing->intent) c.topic = leaning ? leaning : thing;
    c.runner_up = nullptr;
    return;
  }
  if (c.from_context) return;
  const std::string& intent = c.prediction.intent;
  // "is yoga ok" is no "ok" to an offer.
  const bool rejected =
      intent == intents::kOutOfScope || intent == intents::kAffirm || intent == intents::kDeny;
  const bool unsure = c.topic && (c.confidence < options_.clarify_below ||
                                  (c.runner_up && c.margin < options_.clarify_margin));
  // Beside other words, they must lean that way too: "do ducks sleep" names
  // a food and asks nothing about eating it.
  if ((rejected || unsure) && leaning) {
    c.topic = leaning;
    c.runner_up = nullptr;
  }
}

Reply Dialogue::answer_without_topic(ConversationState& state, const Choice& c,
                                     const std::string& offer,
                                     const intents::SafetyFinding& safety) const {
  const std::string& intent = c.prediction.intent;
  if (intent == intents::kMore) return answer_more(state);
  if (intent == intents::kSources) return answer_sources(state);
  if (intent == intents::kAffirm && !offer.empty()) {
    if (const Topic* t = kb_->find(offer)) {
      Reply r = answer_topic(state, *t, false);
      r.intent = intents::kAffirm;
      return r;
    }
  }
  // A yes or no means something only when the bot asked; a long message
  // that opens with one is not an answer to nothing.
  const bool answers_nothing = (intent == intents::kAffirm || intent == intents::kDeny) &&
                               offer.empty() && c.prediction.words.size() > 3;
  // A message that names a topic ("had 5 rounds of antibiotics, could that
  // be why") is about it when nothing in it is foreign to the domain; so is
  // a concern about something the knowledge names ("how many mg of
  // glutamine"), however the classifier judged either.
  const auto& topics = c.prediction.topics;
  const bool named_first = !c.prediction.named_topics.empty() && !topics.empty() &&
                           topics.front().id == c.prediction.named_topics.front();
  const bool names_topic = intent == intents::kOutOfScope && c.prediction.in_domain &&
                           c.prediction.foreign_words == 0 && named_first;
  if ((names_topic || !safety.category.empty()) && !c.prediction.named_topics.empty()) {
    const Topic* t = kb_->find(c.prediction.named_topics.front());
    if (t && kb_->is_domain_intent(t->intent)) return answer_topic(state, *t, false);
  }
  if (intent == intents::kOutOfScope || intent.empty() || answers_nothing) {
    Reply r = answer_fallback(state, std::string(intents::kOutOfScope));
    r.missing = Join(c.prediction.unmentioned, ", ");
    r.nearest_topic = nearest_domain_topic(c.prediction);
    return r;
  }
  Reply r = conversational(intent);
  r.confidence = c.confidence;
  if (intent == intents::kAffirm) r.text = kb_->phrase("affirm_no_offer");
  if (intent == intents::kDeny) r.text = kb_->phrase("deny"), r.suggestions = menu_titles();
  if (intent == intents::kBotIdentity) r.text += "\n\n" + kb_->phrases.disclaimer;
  state.fallbacks = 0;
  return r;
}

std::string Dialogue::nearest_domain_topic(const intents::Prediction& p) const {
  // A message with no sign of being about the domain is near no topic.
  if (!p.in_domain) return "";
  for (const auto& ranked : p.topics) {
    const Topic* t = kb_->find(ranked.id);
    if (t && kb_->is_domain_intent(t->intent)) return t->id;
  }
  return "";
}

Reply Dialogue::answer_choice(ConversationState& state, const Choice& c) const {
  const bool unsure = c.confidence < options_.clarify_below || c.margin < options_.clarify_margin;
  if (!c.from_context && unsure && c.runner_up) return clarify(state, *c.topic, *c.runner_up);

  for (const auto& e : c.prediction.entities) {
    if (e.type == "symptom" || e.type == "body_system" || e.type == "diet") {
      auto& values = state.reported[e.type];
      if (!Contains(values, e.value)) values.push_back(e.value);
    }
  }
  // Asked again about the topic in play: its detail, once.
  const bool again = c.topic->id == state.current() && !state.detail_given && !c.clicked;
  Reply r = answer_topic(state, *c.topic, again);
  r.confidence = c.confidence;
  // Asked about something the knowledge never mentions: say so, naming it,
  // then give what it says nearest to it.
  if (!c.prediction.unmentioned.empty() && !c.clicked) {
    const std::size_t named = std::min<std::size_t>(c.prediction.unmentioned.size(), 2);
    const std::vector<std::string> things(
        c.prediction.unmentioned.begin(),
        c.prediction.unmentioned.begin() + static_cast<std::ptrdiff_t>(named));
    r.text = FillPlaceholders(kb_->phrase("partial"),
                              {{"thing", Join(things, " or ")}, {"title", c.topic->title}}) +
             "\n\n" + r.text;
    r.coverage = "partial";
    r.missing = Join(c.prediction.unmentioned, ", ");
  }
  return r;
}

std::optional<Reply> Dialogue::answer_list_follow_up(ConversationState& state, const Topic& now,
                                                     const intents::Prediction& p,
                                                     const std::string& padded) const {
  const std::vector<std::string>& w = p.words;
  // "why?" after an answer asks for its reasons: the detail.
  if (padded == " why " || padded == " how come " || padded == " but why ")
    return answer_more(state);
  if (w.size() > 8 || !p.named_topics.empty()) return std::nullopt;
  // The list in play: the current topic's, or the one it was picked from.
  const Topic* list = &now;
  if (list->items.empty() && state.topics.size() > 1) {
    const Topic* before = kb_->find(state.topics[1]);
    if (before && Contains(before->items, now.id)) list = before;
  }
  const int pick = ListPick(w, list->items.size());
  if (pick >= 0) {
    if (const Topic* t = kb_->find(list->items[static_cast<std::size_t>(pick)]))
      return answer_topic(state, *t, false);
  }
  // "which of those is best": the list's detail says how to choose.
  if (!list->items.empty() && Contains(w, "which") &&
      (PointsBack(w) || Contains(w, "1") || Contains(w, "best"))) {
    return answer_topic(state, *list, true);
  }
  if (!now.instead.empty() &&
      (Contains(w, "instead") || Contains(w, "alternative") || Contains(w, "alternatives"))) {
    if (const Topic* t = kb_->find(now.instead)) return answer_topic(state, *t, false);
  }
  return std::nullopt;
}

std::optional<Reply> Dialogue::answer_parts(ConversationState& state, const std::string& text,
                                            const std::vector<std::string>& words) const {
  // Most messages ask one thing: split only where a second question can start.
  const std::size_t mark = text.find('?');
  bool several =
      mark != std::string::npos && text.find_first_not_of(" \t\r\n?!.", mark) != std::string::npos;
  for (std::size_t i = 2; i + 1 < words.size() && !several; ++i)
    several = words[i] == "and" && OpensQuestion(words[i + 1]);
  if (!several) return std::nullopt;
  const std::vector<std::string> parts = QuestionParts(text);
  if (parts.size() < 2) return std::nullopt;
  std::vector<const Topic*> topics;
  for (const auto& part : parts) {
    const intents::Prediction p = model_->classify(part);
    const Topic* t = kb_->find(p.topic);
    if (!t || !kb_->is_domain_intent(t->intent) || p.confidence < options_.part_min) continue;
    const bool seen = std::any_of(topics.begin(), topics.end(),
                                  [&](const Topic* x) { return x->intent == t->intent; });
    if (!seen) topics.push_back(t);
  }
  if (topics.size() < 2) return std::nullopt;
  // Each part in turn, with its own references; the first stays in play.
  Reply r;
  r.intent = topics.front()->intent;
  r.topic = topics.front()->id;
  r.confidence = 1;
  r.suggestions = topics.front()->suggestions;
  std::vector<std::string> texts;
  for (const Topic* t : topics) {
    texts.push_back(FillPlaceholders(kb_->phrase(t->citations.empty() ? "part_uncited" : "part"),
                                     {{"title", WithoutQuestionMark(t->title)},
                                      {"answer", t->short_answer},
                                      {"citations", JoinNumbers(t->citations)}}));
    for (int n : t->citations) {
      if (std::find(r.citations.begin(), r.citations.end(), n) == r.citations.end())
        r.citations.push_back(n);
    }
  }
  r.text = Join(texts, "\n\n");
  for (auto t = topics.rbegin(); t != topics.rend(); ++t) state.discussed((*t)->id);
  state.detail_given = false;
  state.fallbacks = 0;
  add_disclaimer(state, r);
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
  for (const auto& id : topic.companions) {
    const Link& page = kb_->source.companions.at(id);  // the loader checked the id
    if (!page.url.empty()) r.links.push_back(page);
  }
  add_disclaimer(state, r);
  state.discussed(topic.id);
  state.detail_given = detailed;
  state.fallbacks = 0;
  return r;
}

Reply Dialogue::answer_more(ConversationState& state) const {
  const Topic* now = kb_->find(state.current());
  if (!now) return conversational(std::string(intents::kMore));
  if (!state.detail_given) {
    Reply r = answer_topic(state, *now, true);
    r.intent = intents::kMore;
    // Offer where to go next: the first related topic not yet discussed.
    for (const auto& id : now->related) {
      const Topic* next = kb_->find(id);
      if (next && !Contains(state.topics, id)) {
        r.text += "\n\n" + FillPlaceholders(kb_->phrase("offer_related"), {{"title", next->title}});
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
      r.intent = intents::kMore;
      return r;
    }
  }
  Reply r = conversational(std::string(intents::kMore));
  r.text = FillPlaceholders(kb_->phrase("more_nothing"), {{"title", now->title}});
  r.topic = now->id;
  r.suggestions = menu_titles();
  return r;
}

Reply Dialogue::answer_sources(const ConversationState& state) const {
  Reply r = conversational(std::string(intents::kSources));
  const auto& src = kb_->source;
  const std::map<std::string, std::string> values = {
      {"title", src.title}, {"author", src.author}, {"reviewer", src.reviewer}};
  if (!src.url.empty()) r.links.push_back({src.title, src.url});
  const Topic* now = kb_->find(state.current());
  if (!now) {
    r.text = FillPlaceholders(kb_->phrase("sources_general"), values);
    return r;
  }
  auto with = values;
  with["citations"] = JoinNumbers(now->citations);
  r.text =
      FillPlaceholders(kb_->phrase(now->citations.empty() ? "sources_uncited" : "sources"), with);
  // Where the source reuses a number for different studies, say so.
  for (const auto& note : src.reference_notes) {
    if (CitesAny(now->citations, note.references)) r.text += " " + note.note;
  }
  r.topic = now->id;
  r.citations = now->citations;
  r.suggestions = now->suggestions;
  return r;
}

void Dialogue::add_disclaimer(ConversationState& state, Reply& r) const {
  if (state.disclaimer_shown) return;
  r.text += "\n\n" + kb_->phrases.disclaimer;
  state.disclaimer_shown = true;
}

Reply Dialogue::answer_fallback(ConversationState& state, const std::string& why) const {
  ++state.fallbacks;
  Reply r = conversational(std::string(intents::kOutOfScope));
  r.coverage = "none";
  if (why != intents::kOutOfScope) r.text = kb_->phrase(why);
  if (state.fallbacks >= 2) {
    r.text = kb_->phrase("fallback_menu");
    r.suggestions = menu_titles();
  }
  return r;
}

Reply Dialogue::answer_emergency(ConversationState& state) const {
  Reply r = conversational(std::string(intents::kUrgent));
  const std::string& text =
      kb_->safety.replies.count("emergency") ? kb_->safety.replies.at("emergency") : r.text;
  r.text = text;
  r.safety = "emergency";
  r.suggestions.clear();
  state.fallbacks = 0;
  return r;
}

Reply Dialogue::answer_crisis(ConversationState& state) const {
  Reply r = conversational(std::string(intents::kUrgent));
  if (const auto it = kb_->safety.replies.find("self_harm"); it != kb_->safety.replies.end()) {
    r.text = FillPlaceholders(it->second, {{"crisis_line", crisis_line_}});
  }
  r.safety = "self_harm";
  r.suggestions.clear();
  r.citations.clear();
  state.fallbacks = 0;
  return r;
}

Reply Dialogue::with_safety_notes(const ConversationState& state,
                                  const intents::SafetyFinding& safety, Reply r) const {
  // What this message raised, most urgent first, then the at-risk groups the
  // visitor mentioned before, for any answer from the knowledge.
  std::vector<std::string> notes;
  std::string category = safety.category;
  const auto note = [&](const std::map<std::string, std::string>& texts, const std::string& key) {
    const auto it = texts.find(key);
    if (it != texts.end() && !Contains(notes, it->second)) notes.push_back(it->second);
  };
  for (const auto& c : safety.categories) {
    if (c == "caution") {
      for (const auto& group : safety.groups) note(kb_->safety.group_notes, group);
    } else {
      note(kb_->safety.replies, c);
    }
  }
  bool withheld = false;
  if (kb_->is_domain_intent(r.intent) && r.coverage != "none") {
    for (const auto& group : state.groups) {
      const std::size_t before = notes.size();
      note(kb_->safety.group_notes, group);
      if (notes.size() > before && category.empty()) category = "caution";
      const auto kept = kb_->safety.withhold.find(group);
      withheld =
          withheld || (kept != kb_->safety.withhold.end() && Contains(kept->second, r.topic));
    }
  }
  if (notes.empty()) return r;
  r.safety = category;
  // The knowledge gives no doses; advice kept from a group is not given.
  if (r.coverage == "full" && (Contains(safety.categories, "dose") || withheld)) {
    r.coverage = "partial";
    r.missing = withheld ? "advice for " + Join(state.groups, ", ") : "a dose";
  }
  if (withheld) {
    r.text = Join(notes, "\n\n");
    r.citations.clear();
    return r;
  }
  // A concern the knowledge cannot answer is answered by the note alone.
  if (r.coverage == "none") {
    r.text = Join(notes, "\n\n");
    r.suggestions = menu_titles();
  } else {
    r.text = Join(notes, "\n\n") + "\n\n" + r.text;
  }
  return r;
}

Reply Dialogue::clarify(ConversationState& state, const Topic& a, const Topic& b) const {
  Reply r;
  r.intent = a.intent;
  r.confidence = 0;
  r.text = FillPlaceholders(kb_->phrase("clarify"), {{"a", WithoutQuestionMark(a.title)},
                                                     {"b", WithoutQuestionMark(b.title)}});
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
