#!/usr/bin/env bash
# Regenerates intents/data/thing_kinds.txt from Debian's wordnet-base
# (WordNet 3.0): the single words whose everyday sense is a food, a drink, a
# dietary supplement or an exercise or sport, under a "[kind]" line each. The
# analyser uses it to tell what kind of thing a message names that the
# knowledge never mentions ("sauerkraut" is a food), so a knowledge base can
# say which of its topics answers about such things.
set -euo pipefail
cd "$(dirname "$0")/.."
wordnet=/usr/share/wordnet
[[ -r $wordnet/data.noun ]] || { echo "thing-kinds: $wordnet missing (apt-get install wordnet-base)" >&2; exit 1; }
python3 - "$wordnet" > intents/data/thing_kinds.txt <<'PY'
import collections, re, sys, textwrap

wordnet = sys.argv[1]
hyponyms = collections.defaultdict(list)  # synset -> synsets below it
lemmas = {}                                # synset -> its words
for line in open(f"{wordnet}/data.noun", encoding="latin-1"):
    if line.startswith("  "):
        continue
    fields = line.partition("|")[0].split()
    synset, count = fields[0], int(fields[3], 16)
    lemmas[synset] = [re.sub(r"\(.*\)$", "", fields[4 + 2 * i]).lower() for i in range(count)]
    at = 4 + 2 * count
    for k in range(int(fields[at])):
        symbol, target, pos = fields[at + 1 + 4 * k : at + 4 + 4 * k]
        if symbol in ("@", "@i") and pos == "n":
            hyponyms[target].append(synset)

senses = {}  # word -> its synsets, most frequent sense first
for line in open(f"{wordnet}/index.noun", encoding="latin-1"):
    if line.startswith("  "):
        continue
    fields = line.split()
    senses[fields[0]] = fields[6 + int(fields[3]) :]


def below(roots, excluded=()):
    seen, stack = set(), list(roots)
    while stack:
        synset = stack.pop()
        if synset not in seen and synset not in excluded:
            seen.add(synset)
            stack.extend(hyponyms[synset])
    return seen


organisms = below(["00004475"])  # organism, being
# kind -> (root synsets, synsets left out with everything below them)
kinds = {
    "food": (["00021265", "07555863", "07566340"], ["07881800", "07573696"]),  # not drinks, meals
    "drink": (["07881800"], []),
    "supplement": (["07562495", "15089258"], []),  # dietary supplement, vitamin
    "exercise": (["00624738", "00523513"], []),  # exercise, sport
}
# Senses WordNet ranks high that everyday speech rarely means.
everyday_other = set("""
    bird bitter chop clean conditioner cooler crab delicious diet dish dive dog emperor feed
    fishing flip grass hay hero host hunt hunting java jerk jumble kiss liver menu mate mix mixer
    mixture must nutrition port punch rack refresher rose sage shin shoulder smelt sour special
    steal submarine sweet treat tuck white wrap""".split())

print("# Kinds of things, for the analyser (intents/thing_kinds.h), made by")
print("# scripts/thing-kinds.sh from WordNet 3.0 (Debian's wordnet-base): words whose")
print("# first sense, or second, lies under the kind's synsets, or whose first sense")
print("# is the living thing the food comes from (banana tree, salmon).")
print("# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.")
print("# THIS SOFTWARE AND DATABASE IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY MAKES")
print("# NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. (Full terms:")
print("# /usr/share/doc/wordnet-base/copyright.)")
for kind, (roots, excluded) in kinds.items():
    synsets = below(roots, excluded)
    root_words = {w for r in roots for w in lemmas[r]}
    named = {w for s in synsets for w in lemmas[s]}
    words = sorted(
        w for w in named
        if re.fullmatch(r"[a-z]{3,20}", w) and w not in root_words and w not in everyday_other
        and w in senses
        and (senses[w][0] in synsets or senses[w][0] in organisms or senses[w][1:2] and senses[w][1] in synsets))
    print(f"\n[{kind}]")
    print(textwrap.fill(" ".join(words), 100))
PY
