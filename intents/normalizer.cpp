#include "intents/normalizer.h"

#include <algorithm>
#include <array>
#include <utility>

namespace gutbot::intents {
namespace {

struct Decoded {
  char32_t cp;
  std::uint32_t length;
};

constexpr char32_t kInvalid = 0xFFFD;

// Strict UTF-8: overlong forms, surrogates and out-of-range values decode as
// one invalid byte, so a bad byte can never swallow the valid text after it.
Decoded DecodeOne(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return {b0, 1};
  std::uint32_t need = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    need = 1, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    need = 2, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    need = 3, cp = b0 & 0x07, min = 0x10000;
  } else {
    return {kInvalid, 1};
  }
  for (std::uint32_t k = 1; k <= need; ++k) {
    if (i + k >= s.size() || (byte(i + k) & 0xC0) != 0x80) return {kInvalid, 1};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {kInvalid, 1};
  return {cp, need + 1};
}

enum class Kind { kWord, kApostrophe, kIgnore, kSeparator };

struct Folded {
  Kind kind;
  std::string_view text;  // for kWord: the folded characters (empty: keep the original bytes)
};

// Base letters of U+0100..U+017F (Latin Extended-A); '1' stands for "ij", '2' for "oe".
constexpr std::string_view kLatinExtendedA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii11jjkkkllllllllllnnnnnnnnnoooooo22"
    "rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
// Base letters of U+00C0..U+00FF; '1' stands for "ae", '2' for "th", '3' for "ss", '-' separates.
constexpr std::string_view kLatin1 =
    "aaaaaa1ceeeeiiiidnooooo-ouuuuy23aaaaaa1ceeeeiiiidnooooo-ouuuuy2y";

constexpr std::string_view kAscii = "abcdefghijklmnopqrstuvwxyz0123456789";

std::string_view AsciiLetter(char c) {
  if (c >= 'a' && c <= 'z') return kAscii.substr(static_cast<std::size_t>(c - 'a'), 1);
  return kAscii.substr(26 + static_cast<std::size_t>(c - '0'), 1);
}

std::string_view Expand(char code) {
  switch (code) {
    case '1':
      return "ae";
    case '2':
      return "th";
    case '3':
      return "ss";
    default:
      return AsciiLetter(code);
  }
}

Folded Fold(char32_t cp) {
  if (cp < 0x80) {
    const char c = static_cast<char>(cp);
    if (c >= 'A' && c <= 'Z') return {Kind::kWord, AsciiLetter(static_cast<char>(c - 'A' + 'a'))};
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return {Kind::kWord, AsciiLetter(c)};
    if (c == '\'' || c == '`') return {Kind::kApostrophe, {}};
    return {Kind::kSeparator, {}};
  }
  if (cp == 0xAD) return {Kind::kIgnore, {}};  // soft hyphen
  if (cp == 0xB2) return {Kind::kWord, "2"};
  if (cp == 0xB3) return {Kind::kWord, "3"};
  if (cp == 0xB9) return {Kind::kWord, "1"};
  if (cp >= 0xC0 && cp <= 0xFF) {
    const char code = kLatin1[cp - 0xC0];
    if (code == '-') return {Kind::kSeparator, {}};
    return {Kind::kWord, Expand(code)};
  }
  if (cp < 0xC0) return {Kind::kSeparator, {}};
  if (cp >= 0x100 && cp <= 0x17F) {
    const char code = kLatinExtendedA[cp - 0x100];
    if (code == '1') return {Kind::kWord, "ij"};
    if (code == '2') return {Kind::kWord, "oe"};
    return {Kind::kWord, AsciiLetter(code)};
  }
  if (cp == 0x192) return {Kind::kWord, "f"};
  if (cp == 0x218 || cp == 0x219) return {Kind::kWord, "s"};
  if (cp == 0x21A || cp == 0x21B) return {Kind::kWord, "t"};
  if (cp == 0x2BC) return {Kind::kApostrophe, {}};
  if (cp >= 0x300 && cp <= 0x36F) return {Kind::kIgnore, {}};  // combining accents (NFD input)
  if (cp >= 0x2000 && cp <= 0x200A) return {Kind::kSeparator, {}};
  if ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF) return {Kind::kIgnore, {}};
  if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032) return {Kind::kApostrophe, {}};
  if (cp == 0x2070) return {Kind::kWord, "0"};
  if (cp >= 0x2074 && cp <= 0x2079)
    return {Kind::kWord, AsciiLetter(static_cast<char>('0' + cp - 0x2070))};
  if (cp >= 0x2080 && cp <= 0x2089)
    return {Kind::kWord, AsciiLetter(static_cast<char>('0' + cp - 0x2080))};
  if (cp >= 0x2000 && cp <= 0x2BFF) return {Kind::kSeparator, {}};  // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return {Kind::kSeparator, {}};  // CJK punctuation and space
  if (cp >= 0xFE00 && cp <= 0xFE0F) return {Kind::kIgnore, {}};     // variation selectors
  if (cp == 0xFB00) return {Kind::kWord, "ff"};
  if (cp == 0xFB01) return {Kind::kWord, "fi"};
  if (cp == 0xFB02) return {Kind::kWord, "fl"};
  if (cp == 0xFB03) return {Kind::kWord, "ffi"};
  if (cp == 0xFB04) return {Kind::kWord, "ffl"};
  if (cp == 0xFB05 || cp == 0xFB06) return {Kind::kWord, "st"};
  if (cp >= 0xFF01 && cp <= 0xFF5E) return Fold(cp - 0xFEE0);  // fullwidth ASCII
  if (cp >= 0x1D400 && cp <= 0x1D6A3) {  // mathematical bold, italic, script... letters
    const auto k = (cp - 0x1D400) % 52;
    return {Kind::kWord, AsciiLetter(static_cast<char>('a' + k % 26))};
  }
  if (cp >= 0x1D7CE && cp <= 0x1D7FF)
    return {Kind::kWord, AsciiLetter(static_cast<char>('0' + (cp - 0x1D7CE) % 10))};
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return {Kind::kSeparator, {}};  // emoji and pictographs
  if (cp == kInvalid || cp >= 0xE0000) return {Kind::kSeparator, {}};
  return {Kind::kWord, {}};
}

// Lower-cases the cased scripts beyond Latin that NFKC + case folding would.
char32_t LowerOther(char32_t cp) {
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;  // Greek
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;                 // Cyrillic
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

using Rewrite = std::pair<std::string_view, std::string_view>;  // word -> space-separated words

// Sorted by key for binary search. Contractions typed without an apostrophe,
// chat shorthand, British spellings and number words.
constexpr auto kRewrites = std::to_array<Rewrite>({
    {"aint", "is not"},
    {"anaemia", "anemia"},
    {"anaemic", "anemic"},
    {"anaesthetic", "anesthetic"},
    {"analyse", "analyze"},
    {"arent", "are not"},
    {"behaviour", "behavior"},
    {"cannot", "can not"},
    {"cant", "can not"},
    {"centre", "center"},
    {"coeliac", "celiac"},
    {"colour", "color"},
    {"couldnt", "could not"},
    {"coz", "because"},
    {"cuz", "because"},
    {"defence", "defense"},
    {"diarrhoea", "diarrhea"},
    {"didnt", "did not"},
    {"doesnt", "does not"},
    {"dont", "do not"},
    {"eight", "8"},
    {"eighteen", "18"},
    {"eighty", "80"},
    {"eleven", "11"},
    {"favourite", "favorite"},
    {"fibre", "fiber"},
    {"fibres", "fibers"},
    {"fifteen", "15"},
    {"fifty", "50"},
    {"five", "5"},
    {"flavour", "flavor"},
    {"foetus", "fetus"},
    {"forty", "40"},
    {"four", "4"},
    {"fourteen", "14"},
    {"gonna", "going to"},
    {"gotta", "got to"},
    {"grey", "gray"},
    {"hadnt", "had not"},
    {"haemoglobin", "hemoglobin"},
    {"haemorrhage", "hemorrhage"},
    {"haemorrhoids", "hemorrhoids"},
    {"hasnt", "has not"},
    {"havent", "have not"},
    {"hows", "how is"},
    {"hundred", "100"},
    {"im", "i am"},
    {"isnt", "is not"},
    {"ive", "i have"},
    {"kinda", "kind of"},
    {"labour", "labor"},
    {"litre", "liter"},
    {"minimise", "minimize"},
    {"mould", "mold"},
    {"mustnt", "must not"},
    {"nine", "9"},
    {"nineteen", "19"},
    {"ninety", "90"},
    {"odour", "odor"},
    {"oedema", "edema"},
    {"oesophageal", "esophageal"},
    {"oesophagus", "esophagus"},
    {"oestrogen", "estrogen"},
    {"one", "1"},
    {"optimise", "optimize"},
    {"paediatric", "pediatric"},
    {"pls", "please"},
    {"plz", "please"},
    {"programme", "program"},
    {"r", "are"},
    {"realise", "realize"},
    {"recognise", "recognize"},
    {"seven", "7"},
    {"seventeen", "17"},
    {"seventy", "70"},
    {"shouldnt", "should not"},
    {"six", "6"},
    {"sixteen", "16"},
    {"sixty", "60"},
    {"sulphur", "sulfur"},
    {"ten", "10"},
    {"thats", "that is"},
    {"theres", "there is"},
    {"theyre", "they are"},
    {"theyve", "they have"},
    {"thirteen", "13"},
    {"thirty", "30"},
    {"thnx", "thanks"},
    {"tho", "though"},
    {"three", "3"},
    {"thx", "thanks"},
    {"tumour", "tumor"},
    {"twelve", "12"},
    {"twenty", "20"},
    {"two", "2"},
    {"u", "you"},
    {"ur", "your"},
    {"wanna", "want to"},
    {"wasnt", "was not"},
    {"werent", "were not"},
    {"weve", "we have"},
    {"whats", "what is"},
    {"wheres", "where is"},
    {"whos", "who is"},
    {"wont", "will not"},
    {"wouldnt", "would not"},
    {"yoghurt", "yogurt"},
    {"yoghurts", "yogurts"},
    {"youre", "you are"},
    {"youve", "you have"},
    {"zero", "0"},
});
static_assert(std::is_sorted(kRewrites.begin(), kRewrites.end()));

// Per first letter, one bit for the length of each key that starts with it:
// most words are no key, and one bit test says so before any search.
constexpr auto kRewriteLengths = [] {
  std::array<std::uint32_t, 26> lengths{};
  for (const Rewrite& r : kRewrites)
    lengths[static_cast<std::size_t>(r.first[0] - 'a')] |= 1U << r.first.size();
  return lengths;
}();

// Where the keys of each first letter begin in kRewrites; [26] is the end.
constexpr auto kRewriteStarts = [] {
  std::array<std::size_t, 27> starts{};
  std::size_t at = 0;
  for (std::size_t letter = 0; letter < starts.size(); ++letter) {
    while (at < kRewrites.size() && static_cast<std::size_t>(kRewrites[at].first[0] - 'a') < letter)
      ++at;
    starts[letter] = at;
  }
  return starts;
}();

// The rewrite of `word`, or nullptr.
const Rewrite* FindRewrite(std::string_view word) {
  if (word.empty() || word[0] < 'a' || word[0] > 'z' || word.size() >= 32) return nullptr;
  const auto letter = static_cast<std::size_t>(word[0] - 'a');
  if ((kRewriteLengths[letter] >> word.size() & 1U) == 0) return nullptr;
  for (std::size_t i = kRewriteStarts[letter]; i < kRewriteStarts[letter + 1]; ++i) {
    if (kRewrites[i].first == word) return &kRewrites[i];
  }
  return nullptr;
}

// Words before "'s" that make it "is" rather than a possessive.
constexpr auto kIsBefore = std::to_array<std::string_view>(
    {"he", "here", "how", "it", "she", "that", "there", "what", "when", "where", "who", "why"});

void Emit(std::string_view words, std::uint32_t start, std::uint32_t end, std::vector<Token>& out);

// Emits one word (no spaces), or what it rewrites to.
void EmitWord(std::string_view word, std::uint32_t start, std::uint32_t end,
              std::vector<Token>& out) {
  if (const Rewrite* rewrite = FindRewrite(word)) {
    Emit(rewrite->second, start, end, out);
  } else {
    out.push_back({std::string(word), start, end});
  }
}

// Emits space-separated words.
void Emit(std::string_view words, std::uint32_t start, std::uint32_t end, std::vector<Token>& out) {
  while (!words.empty()) {
    const auto space = words.find(' ');
    // "n't" cut from its word ("ca?n't") expands to " not": nothing before the space.
    if (space != 0) EmitWord(words.substr(0, space), start, end, out);
    if (space == std::string_view::npos) break;
    words.remove_prefix(space + 1);
  }
}

// Expands "what's", "can't", "we'll"... into their words; other apostrophes join.
void EmitWithApostrophe(std::string_view word, std::uint32_t start, std::uint32_t end,
                        std::vector<Token>& out) {
  const auto apostrophe = word.find('\'');
  const std::string_view base = word.substr(0, apostrophe);
  const std::string_view suffix = word.substr(apostrophe + 1);
  std::string joined;
  if (suffix == "t" && base.ends_with('n')) {
    if (base == "can")
      joined = "can not";
    else if (base == "won")
      joined = "will not";
    else if (base == "ain")
      joined = "is not";
    else
      joined = std::string(base.substr(0, base.size() - 1)) + " not";
  } else if (suffix == "s") {
    joined = base;
    if (std::find(kIsBefore.begin(), kIsBefore.end(), base) != kIsBefore.end()) joined += " is";
    if (base == "let") joined += " us";
  } else {
    static constexpr auto kSuffixes = std::to_array<Rewrite>(
        {{"d", "would"}, {"ll", "will"}, {"m", "am"}, {"re", "are"}, {"ve", "have"}});
    joined = base;
    auto it = std::find_if(kSuffixes.begin(), kSuffixes.end(),
                           [&](const Rewrite& r) { return r.first == suffix; });
    if (it != kSuffixes.end()) {
      joined += ' ';
      joined += it->second;
    } else {
      std::string rest(suffix);
      std::erase(rest, '\'');
      joined += rest;
    }
  }
  Emit(joined, start, end, out);
}

}  // namespace

void Normalize(std::string_view text, std::vector<Token>& out) {
  out.clear();
  std::string word;
  bool apostrophe = false;  // `word` has had one
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  const auto finish = [&] {
    while (!word.empty() && word.back() == '\'') word.pop_back();
    if (!word.empty()) {
      if (!apostrophe || word.find('\'') == std::string::npos)
        EmitWord(word, start, end, out);
      else
        EmitWithApostrophe(word, start, end, out);
    }
    word.clear();
    apostrophe = false;
  };
  for (std::size_t i = 0; i < text.size();) {
    // Plain ASCII letters and digits, most of any message, without decoding.
    if (const char c = text[i];
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
      if (word.empty()) start = static_cast<std::uint32_t>(i);
      word += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      end = static_cast<std::uint32_t>(++i);
      continue;
    }
    const Decoded d = DecodeOne(text, i);
    const auto at = static_cast<std::uint32_t>(i);
    i += d.length;
    const Folded f = Fold(d.cp);
    switch (f.kind) {
      case Kind::kWord:
        if (word.empty()) start = at;
        if (f.text.empty())
          AppendUtf8(LowerOther(d.cp), word);
        else
          word += f.text;
        end = static_cast<std::uint32_t>(i);
        break;
      case Kind::kApostrophe:
        if (!word.empty()) {
          word += '\'';
          apostrophe = true;
        }
        break;
      case Kind::kIgnore:
        if (!word.empty()) end = static_cast<std::uint32_t>(i);
        break;
      case Kind::kSeparator:
        finish();
        break;
    }
  }
  finish();
}

std::vector<Token> Normalize(std::string_view text) {
  std::vector<Token> out;
  Normalize(text, out);
  return out;
}

}  // namespace gutbot::intents
