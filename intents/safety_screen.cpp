#include "intents/safety_screen.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "intents/hashing.h"
#include "intents/normalizer.h"
#include "intents/stemmer.h"
#include "intents/word_lists.h"

namespace gutbot::intents {
namespace {

constexpr std::uint32_t kNegationCue = 0xFFFFFFFE;
constexpr std::uint32_t kNegationBreak = 0xFFFFFFFD;
constexpr std::uint32_t kCancelled = 0xFFFFFFFF;
constexpr char kSuffixMark = '*';  // "*prazole": any unknown word ending so
// Stands between sentences: phrases never span it, negations stop at it.
// No word hashes to it, since no word holds a newline.
constexpr std::uint64_t kBoundary = HashString("\n");

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::size_t LeadingDigits(std::string_view word) {
  std::size_t n = 0;
  while (n < word.size() && IsDigit(word[n])) ++n;
  return n;
}

// Whether the bytes between two tokens end a sentence. "39.8" and "39,8" are
// one number: a lone point or comma between digits is a decimal mark.
// What separates two tokens.
enum class Gap { kSpace, kDecimalMark, kPause, kSentenceEnd };

// "39.8" and "39,8" are one number: a lone point or comma between digits is a decimal mark.
Gap GapBetween(std::string_view text, const Token& before, const Token& after) {
  if (after.start <= before.end) return Gap::kSpace;  // the words of one contraction
  const std::string_view gap = text.substr(before.end, after.start - before.end);
  if ((gap == "." || gap == ",") && IsDigit(before.text.back()) && IsDigit(after.text.front())) {
    return Gap::kDecimalMark;
  }
  if (gap.find_first_of(".!?;\n") != std::string_view::npos) return Gap::kSentenceEnd;
  if (gap.find_first_not_of(" \t") != std::string_view::npos) return Gap::kPause;
  return Gap::kSpace;
}

}  // namespace

struct SafetyScreen::Scratch {
  struct Occurrence {
    std::uint32_t concept_id;
    std::uint32_t start;  // first term
    std::uint32_t end;    // one past the last term
  };
  std::vector<Token> tokens;
  std::vector<Term> terms;             // only stem_hash is set; boundaries included
  std::vector<std::int32_t> token_of;  // term -> token, -1 for a boundary
  std::vector<bool> fraction;          // term is the digits after a decimal mark
  std::vector<bool> pause_after;       // punctuation follows the term ("no, ...")
  std::vector<Occurrence> found;       // ordered by start
  std::vector<std::uint64_t> present;  // bit per concept id
  Term unit;                           // a unit joined to its number ("103f")

  bool has(std::uint32_t concept_id) const {
    return (present[concept_id / 64] >> (concept_id % 64)) & 1U;
  }
};

namespace {

// The single words of every concept phrase, long enough to be typo targets.
std::map<std::string, int> TypoTargets(const knowledge::SafetyRules& rules) {
  std::map<std::string, int> targets;
  for (const auto& [name, phrases] : rules.concepts) {
    for (const std::string& phrase : phrases) {
      for (const Token& token : Normalize(phrase)) {
        if (token.text.size() >= rules.typo_min_length && phrase.front() != kSuffixMark)
          targets[token.text] = 1;
      }
    }
  }
  return targets;
}

SpellingOptions TypoOptions(const knowledge::SafetyRules& rules) {
  SpellingOptions options;
  options.min_length = rules.typo_min_length;
  options.two_edit_length = rules.typo_two_edit_length;
  return options;
}

}  // namespace

SafetyScreen::SafetyScreen(const knowledge::SafetyRules& rules)
    : typos_(TypoTargets(rules), CommonWords(), TypoOptions(rules)),
      negation_reach_(static_cast<std::uint32_t>(rules.negation_reach)) {
  // Keep words first: every later phrase containing one compares it as typed.
  for (const std::string& word : rules.keep_words) {
    for (const Token& token : Normalize(word))
      known_terms_[HashString(token.text)] = HashString(token.text);
  }
  for (const std::string& word : CommonWords()) phrase_hashes(word);

  const auto add = [this](std::string_view phrase, std::uint32_t payload, PhraseMatcher& matcher) {
    std::vector<Term> terms;
    for (const std::uint64_t hash : phrase_hashes(phrase)) {
      terms.emplace_back().stem_hash = hash;
    }
    matcher.add(terms, payload);
  };
  for (const auto& [name, phrases] : rules.concepts) {
    const std::uint32_t id = concept_id(name);
    for (const std::string& phrase : phrases) {
      if (phrase.front() == kSuffixMark) {
        suffixes_.push_back({phrase.substr(1), HashString(phrase)});
        std::vector<Term> terms(1);
        terms[0].stem_hash = suffixes_.back().hash;
        phrases_.add(terms, id);
        continue;
      }
      add(phrase, id, phrases_);
      for (const std::uint64_t hash : phrase_hashes(phrase)) concept_terms_.insert(hash);
    }
  }
  for (const std::string& cue : rules.negation_cues) add(cue, kNegationCue, phrases_);
  for (const std::string& word : rules.negation_breaks) add(word, kNegationBreak, phrases_);
  phrases_.finish();

  std::map<std::string, std::uint32_t> unit_ids;
  for (const knowledge::SafetyQuantity& q : rules.quantities) {
    Quantity quantity{concept_id(q.concept_name), {}, {}, q.min, q.max};
    for (const std::string& unit : q.units) {
      const auto [it, added] = unit_ids.emplace(unit, static_cast<std::uint32_t>(unit_ids.size()));
      if (added) add(unit, it->second, units_);
      quantity.units.push_back(it->second);
    }
    for (const std::string& phrase : q.before) quantity.before.push_back(phrase_hashes(phrase));
    quantities_.push_back(std::move(quantity));
  }
  units_.finish();

  for (const knowledge::SafetyCancel& c : rules.cancels) {
    cancels_.push_back({concept_id(c.by), concept_id(c.cancels),
                        static_cast<std::uint32_t>(c.before), static_cast<std::uint32_t>(c.after)});
  }
  const auto& categories = knowledge::kSafetyCategories;
  for (const knowledge::SafetyRule& r : rules.rules) {
    Rule rule;
    rule.name = r.name;
    rule.category = static_cast<std::uint32_t>(
        std::find(categories.begin(), categories.end(), r.category) - categories.begin());
    rule.group = r.group;
    for (const auto& slot : r.all) {
      auto& ids = rule.all.emplace_back();
      for (const std::string& name : slot) ids.push_back(concept_id(name));
    }
    for (const std::string& name : r.unless) rule.unless.push_back(concept_id(name));
    rule.window = static_cast<std::uint32_t>(r.window > 0 ? r.window : rules.window);
    rule.unless_window =
        r.unless_window > 0 ? static_cast<std::uint32_t>(r.unless_window) : rule.window;
    rules_.push_back(std::move(rule));
  }
  unnegated_.resize(concept_ids_.size());  // every concept has its id by now
  for (const std::string& name : rules.unnegated) unnegated_[concept_id(name)] = true;
}

SafetyScreen::SafetyScreen(const knowledge::KnowledgeBase& kb, const SafetyModelOptions& options)
    : SafetyScreen(kb.safety) {
  model_ = SafetyModel::Build(kb, options);
}

std::uint32_t SafetyScreen::concept_id(const std::string& name) {
  return concept_ids_.emplace(name, static_cast<std::uint32_t>(concept_ids_.size())).first->second;
}

std::vector<std::uint64_t> SafetyScreen::phrase_hashes(std::string_view phrase) {
  std::vector<std::uint64_t> hashes;
  for (const Token& token : Normalize(phrase)) {
    const auto [it, added] = known_terms_.emplace(HashString(token.text), 0);
    if (added) it->second = HashString(Stem(token.text));
    hashes.push_back(it->second);
  }
  return hashes;
}

// Words of the data and common words are looked up; any other word is
// stemmed, and when its stem names no concept it may be a one-letter typo of
// a concept word ("diarhea", "stoool"), unless it is an English word in its
// own right ("stood" is no "stool", "painting" no "fainting").
std::uint64_t SafetyScreen::term_hash(std::string_view word) const {
  if (const auto it = known_terms_.find(HashString(word)); it != known_terms_.end())
    return it->second;
  const std::uint64_t stem = HashString(Stem(word));
  if (concept_terms_.count(stem) || IsEnglishWord(word)) return stem;
  for (const Suffix& suffix : suffixes_) {
    if (word.size() >= suffix.text.size() + 3 && word.ends_with(suffix.text)) return suffix.hash;
  }
  const std::string_view corrected = typos_.correct(word);
  if (corrected.empty()) return stem;
  return known_terms_.at(HashString(corrected));  // every typo target is a word of the data
}

void SafetyScreen::read(std::string_view text, Scratch& s) const {
  Normalize(text, s.tokens);
  s.terms.clear();
  s.token_of.clear();
  s.fraction.clear();
  s.pause_after.clear();
  for (std::size_t i = 0; i < s.tokens.size(); ++i) {
    const Gap gap = i > 0 ? GapBetween(text, s.tokens[i - 1], s.tokens[i]) : Gap::kSpace;
    if (gap == Gap::kPause) s.pause_after.back() = true;
    if (gap == Gap::kSentenceEnd) {
      s.terms.emplace_back().stem_hash = kBoundary;
      s.token_of.push_back(-1);
      s.fraction.push_back(false);
      s.pause_after.push_back(false);
    }
    s.terms.emplace_back().stem_hash = term_hash(s.tokens[i].text);
    s.token_of.push_back(static_cast<std::int32_t>(i));
    s.fraction.push_back(gap == Gap::kDecimalMark);
    s.pause_after.push_back(false);
  }
}

// Numbers at s.terms[pos] that a quantity counts, added to s.found.
void SafetyScreen::find_quantities(std::size_t pos, bool negated, Scratch& s) const {
  const std::string_view word = s.tokens[static_cast<std::size_t>(s.token_of[pos])].text;
  const std::size_t digits = LeadingDigits(word);
  // "a stone", "an hour": the article stands for one, where a unit follows.
  const bool article = digits == 0 && (word == "a" || word == "an");
  if ((digits == 0 && !article) || digits > 9 || s.fraction[pos]) return;
  std::uint32_t value = 0;
  std::from_chars(word.data(), word.data() + digits, value);
  std::string_view joined = word.substr(digits);  // "103f": the unit typed with the number
  std::size_t next = pos + 1;
  if (next < s.terms.size() && s.fraction[next]) {  // "39.8": the whole part counts
    const std::string_view decimals = s.tokens[static_cast<std::size_t>(s.token_of[next])].text;
    joined = decimals.substr(LeadingDigits(decimals));
    ++next;
  }
  PhraseMatcher::Match unit;
  if (!joined.empty()) {
    s.unit.stem_hash = term_hash(joined);
    unit = units_.longest_at(std::span<const Term>(&s.unit, 1), 0);
  } else {
    unit = units_.longest_at(s.terms, next);
  }
  const auto end = static_cast<std::uint32_t>(joined.empty() ? next + unit.length : next);
  for (const Quantity& q : quantities_) {
    if (value < q.min || value > q.max || (article && q.units.empty())) continue;
    if (!q.units.empty() && std::none_of(q.units.begin(), q.units.end(), [&](std::uint32_t id) {
          return std::binary_search(unit.payloads.begin(), unit.payloads.end(), id);
        })) {
      continue;
    }
    if (!q.before.empty() &&
        std::none_of(q.before.begin(), q.before.end(), [&](const auto& phrase) {
          if (phrase.size() > pos) return false;
          for (std::size_t k = 0; k < phrase.size(); ++k) {
            if (s.terms[pos - phrase.size() + k].stem_hash != phrase[k]) return false;
          }
          return true;
        })) {
      continue;
    }
    if (!negated) s.found.push_back({q.concept_id, static_cast<std::uint32_t>(pos), end});
  }
}

// One pass: the longest phrase at each position, negation cues opening a
// short scope that punctuation and breaks ("but") close.
void SafetyScreen::find_concepts(Scratch& s) const {
  s.found.clear();
  std::size_t negated_until = 0;
  for (std::size_t pos = 0; pos < s.terms.size();) {
    if (s.token_of[pos] < 0) {
      negated_until = 0;
      ++pos;
      continue;
    }
    if (pos > 0 && s.pause_after[pos - 1])
      negated_until = 0;  // "no fever, 39.8 C": the comma ends it
    find_quantities(pos, pos < negated_until, s);
    const PhraseMatcher::Match m = phrases_.longest_at(s.terms, pos);
    for (const std::uint32_t payload : m.payloads) {
      if (payload == kNegationCue) {
        // "No, there is blood": a cue set apart by punctuation answers, it does not negate.
        if (!s.pause_after[pos + m.length - 1]) negated_until = pos + m.length + negation_reach_;
      } else if (payload == kNegationBreak) {
        negated_until = 0;
      } else if (pos >= negated_until || unnegated_[payload]) {
        s.found.push_back(
            {payload, static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + m.length)});
      }
    }
    pos += std::max<std::size_t>(m.length, 1);
  }
  for (const Cancel& c : cancels_) {
    for (auto& target : s.found) {
      if (target.concept_id != c.cancels) continue;
      const bool near =
          std::any_of(s.found.begin(), s.found.end(), [&](const Scratch::Occurrence& by) {
            return by.concept_id == c.by && by.start + c.before >= target.start &&
                   by.start <= target.start + c.after;
          });
      if (near) target.concept_id = kCancelled;
    }
  }
  s.present.assign((concept_ids_.size() + 63) / 64, 0);
  for (const auto& o : s.found) {
    if (o.concept_id != kCancelled)
      s.present[o.concept_id / 64] |= std::uint64_t{1} << (o.concept_id % 64);
  }
}

bool SafetyScreen::fires(const Rule& rule, const Scratch& s) const {
  const auto in = [](const std::vector<std::uint32_t>& ids, std::uint32_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  for (const auto& slot : rule.all) {
    if (std::none_of(slot.begin(), slot.end(), [&](std::uint32_t id) { return s.has(id); }))
      return false;
  }
  const auto& found = s.found;
  for (std::size_t first = 0; first < found.size(); ++first) {
    // A match: every slot met from `first` on, within the window.
    if (std::none_of(rule.all.begin(), rule.all.end(),
                     [&](const auto& slot) { return in(slot, found[first].concept_id); })) {
      continue;
    }
    const std::uint32_t lo = found[first].start;
    std::uint32_t hi = found[first].end;
    bool met = true;
    for (const auto& slot : rule.all) {
      std::size_t j = first;
      while (j < found.size() && found[j].start <= lo + rule.window &&
             !in(slot, found[j].concept_id))
        ++j;
      if (j == found.size() || found[j].start > lo + rule.window) {
        met = false;
        break;
      }
      hi = std::max(hi, found[j].end);
    }
    if (!met) continue;
    const std::uint32_t reach = rule.unless_window;
    const bool excluded =
        std::any_of(found.begin(), found.end(), [&](const Scratch::Occurrence& o) {
          return in(rule.unless, o.concept_id) && o.start + reach >= lo && o.start <= hi + reach;
        });
    if (!excluded) return true;
  }
  return false;
}

SafetyFinding SafetyScreen::check(std::string_view text) const {
  thread_local Scratch scratch;
  Scratch& s = scratch;
  read(text, s);
  find_concepts(s);
  SafetyFinding finding;
  std::uint32_t best = static_cast<std::uint32_t>(knowledge::kSafetyCategories.size());
  std::uint32_t categories = 0;  // bit per category
  for (const Rule& rule : rules_) {
    if (s.found.empty()) break;
    if (!fires(rule, s)) continue;
    finding.rules.push_back(rule.name);
    categories |= 1U << rule.category;
    if (rule.category < best) {
      best = rule.category;
      finding.rule = rule.name;
    }
    if (!rule.group.empty() && std::find(finding.groups.begin(), finding.groups.end(),
                                         rule.group) == finding.groups.end()) {
      finding.groups.push_back(rule.group);
    }
  }
  // The second opinion adds what the rules missed; it never takes anything away.
  if (model_) {
    for (const SafetyOpinion& opinion : model_->check(text)) {
      const auto c = static_cast<std::uint32_t>(std::find(knowledge::kSafetyCategories.begin(),
                                                          knowledge::kSafetyCategories.end(),
                                                          opinion.category) -
                                                knowledge::kSafetyCategories.begin());
      if (categories >> c & 1U) continue;
      categories |= 1U << c;
      finding.rules.push_back("model:" + opinion.category);
      if (c < best) {
        best = c;
        finding.rule = finding.rules.back();
      }
    }
  }
  for (std::uint32_t c = 0; c < knowledge::kSafetyCategories.size(); ++c) {
    if (categories >> c & 1U) finding.categories.emplace_back(knowledge::kSafetyCategories[c]);
  }
  if (!finding.categories.empty()) finding.category = finding.categories.front();
  return finding;
}

}  // namespace gutbot::intents
