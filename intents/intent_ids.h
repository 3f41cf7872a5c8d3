// The intent ids fixed by the contract (docs/interfaces.md). The
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

inline constexpr std::string_view kGreeting = "greeting";
inline constexpr std::string_view kGoodbye = "goodbye";
inline constexpr std::string_view kThanks = "thanks";
inline constexpr std::string_view kHelp = "help";
inline constexpr std::string_view kBotIdentity = "bot_identity";
inline constexpr std::string_view kSources = "sources";
inline constexpr std::string_view kMore = "more";
inline constexpr std::string_view kAffirm = "affirm";
inline constexpr std::string_view kDeny = "deny";
inline constexpr std::string_view kUrgent = "urgent";
inline constexpr std::string_view kOutOfScope = "out_of_scope";

inline constexpr std::array<std::string_view, 11> kConversationIntents = {
    kGreeting, kGoodbye, kThanks, kHelp,   kBotIdentity, kSources,
    kMore,     kAffirm,  kDeny,   kUrgent, kOutOfScope};

}  // namespace gutbot::intents
