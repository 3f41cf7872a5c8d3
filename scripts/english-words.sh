#!/usr/bin/env bash
# Regenerates intents/data/english_words.txt from Debian's wamerican and
# wbritish word lists (SCOWL): lower-case alphabetic entries of 2 to 20
# letters, twelve to a line. The analyser uses it to tell a word it does not
# know ("kombucha" is not, "broth" is) from gibberish or another language.
set -euo pipefail
cd "$(dirname "$0")/.."
lists=(/usr/share/dict/american-english /usr/share/dict/british-english)
for f in "${lists[@]}"; do
  [[ -r $f ]] || { echo "english-words: $f missing (apt-get install wamerican wbritish)" >&2; exit 1; }
done
{
  cat <<'TXT'
# English words: the lower-case entries of Debian's wamerican and wbritish
# lists, made by scripts/english-words.sh. From SCOWL (Spell Checker Oriented
# Word Lists), copyright 2000-2011 by Kevin Atkinson, whose notice asks to be
# kept in every copy: "Permission to use, copy, modify, distribute and sell
# these word lists, the associated scripts, the output created from the
# scripts, and its documentation for any purpose is hereby granted without
# fee, provided that the above copyright notice appears in all copies and that
# both that copyright notice and this permission notice appear in supporting
# documentation. Kevin Atkinson makes no representations about the suitability
# of this array for any purpose. It is provided "as is" without express or
# implied warranty." (/usr/share/doc/wamerican/copyright has the full terms.)
TXT
  cat "${lists[@]}" | LC_ALL=C grep -E '^[a-z]{2,20}$' | LC_ALL=C sort -u | paste -d' ' - - - - - - - - - - - -
} > intents/data/english_words.txt
