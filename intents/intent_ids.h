// The intent ids fixed by the contract (../shared/CONTRACT.md). The
// conversation intents belong to the engine; the domain intents are the
// leaky-gut base's own (declared in its kb.json, checked against this list by
// its tests), so another knowledge base brings its own.
#pragma once

#include <array>
#include <string_view>

namespace gutbot::intents {

inline constexpr std::array<std::string_view, 22> kDomainIntents = {"what_is_leaky_gut",
                                                                    "how_it_works",
                                                                    "zonulin",
                                                                    "causes",
                                                                    "cause_diet",
                                                                    "cause_gluten",
                                                                    "cause_stress",
                                                                    "cause_sleep",
                                                                    "cause_antibiotics",
                                                                    "cause_alcohol_nsaids",
                                                                    "cause_dysbiosis",
                                                                    "healing_time",
                                                                    "symptoms",
                                                                    "testing",
                                                                    "is_it_real",
                                                                    "associated_conditions",
                                                                    "autoimmune",
                                                                    "treatment",
                                                                    "diet",
                                                                    "habits",
                                                                    "supplements",
                                                                    "professional_help"};

inline constexpr std::array<std::string_view, 11> kConversationIntents = {
    "greeting", "goodbye", "thanks", "help",   "bot_identity", "sources",
    "more",     "affirm",  "deny",   "urgent", "out_of_scope"};

inline constexpr std::string_view kOutOfScope = "out_of_scope";
inline constexpr std::string_view kUrgent = "urgent";

}  // namespace gutbot::intents
