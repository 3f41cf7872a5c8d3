#include "intents/domain_scope.h"

#include <algorithm>

namespace gutbot::intents {

bool DomainScope::Content(const Term& term) {
  if (term.grammar) return false;
  return !std::all_of(term.word.begin(), term.word.end(),
                      [](char c) { return c >= '0' && c <= '9'; });
}

DomainScope::DomainScope(double out_of_scope_weight) : out_of_scope_weight_(out_of_scope_weight) {}

void DomainScope::add(std::span<const Term> terms, bool in_domain) {
  for (const Term& term : terms) {
    if (Content(term)) ++(in_domain ? in_counts_ : out_counts_)[term.stem_hash];
  }
}

void DomainScope::finish() {
  double in_total = 0;
  double out_total = 0;
  for (const auto& [stem, count] : in_counts_) in_total += count;
  for (const auto& [stem, count] : out_counts_) out_total += count;
  // Rates rather than raw counts: the two sides have very different sizes.
  for (const auto& [stem, count] : in_counts_) {
    const double in_rate = count / std::max(in_total, 1.0);
    const auto out = out_counts_.find(stem);
    const double out_rate = out == out_counts_.end() ? 0.0 : out->second / std::max(out_total, 1.0);
    strength_[stem] = static_cast<float>(in_rate / (in_rate + out_of_scope_weight_ * out_rate));
  }
  in_counts_.clear();
  out_counts_.clear();
}

Coverage DomainScope::coverage(std::span<const Term> terms) const {
  Coverage result;
  double sum = 0;
  for (const Term& term : terms) {
    if (!Content(term)) continue;
    ++result.content_terms;
    if (auto it = strength_.find(term.stem_hash); it != strength_.end()) sum += it->second;
  }
  result.domain_terms = sum;
  if (result.content_terms > 0) result.share = sum / static_cast<double>(result.content_terms);
  return result;
}

}  // namespace gutbot::intents
