#!/usr/bin/env python3
"""Generate src/lexicon/data/wordnet_synonyms.txt from WordNet 3.0.

Install the data with `apt-get install wordnet-base` (Debian/Ubuntu), then run
`python3 scripts/wordnet_synonyms.py [/usr/share/wordnet]`.

Only dominant senses are kept, to avoid matches through obscure senses: two
words share a line only when that synset is the FIRST (most frequent, by
WordNet's sense-tagged counts) sense of each. A word must have been seen
sense-tagged at least once, or have one sense only (then it is unambiguous:
"dry run" is a rehearsal whatever the text). Single words and two-word phrases
(written "dry_run"), lower case. Each group also takes the derivationally
related forms WordNet links to its words ("rehearsal" -> "rehearse",
"decide" -> "decision"), when the linked synset is that form's first sense
too, so a point and an answer that say it with another part of speech match.
"""
import collections
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
out = os.path.join(os.path.dirname(__file__), "..", "src", "lexicon", "data", "wordnet_synonyms.txt")

POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}


def eligible(lemma):
    parts = lemma.split("_")
    return len(parts) <= 2 and len(lemma) >= 3 and all(x.isalpha() and x.islower() for x in parts)


# (part of speech, lemma) -> offset of its first synset, for eligible lemmas.
first = {}
for pos in ["noun", "verb", "adj", "adv"]:
    with open(os.path.join(root, "index." + pos), encoding="utf-8") as f:
        for line in f:
            if line.startswith(" "):
                continue
            p = line.split()
            lemma = p[0]
            if not eligible(lemma):
                continue
            sense_cnt = int(p[2])
            p_cnt = int(p[3])
            rest = p[4 + p_cnt:]
            tagsense_cnt = int(rest[1])
            offsets = rest[2:]
            if not offsets or (tagsense_cnt < 1 and sense_cnt != 1):
                continue
            first[(pos, lemma)] = offsets[0]

groups = collections.defaultdict(set)
for (pos, lemma), off in first.items():
    groups[(pos, off)].add(lemma)


def synset(pos, off):
    with open(os.path.join(root, "data." + pos), encoding="utf-8") as f:
        f.seek(int(off))
        return f.readline().split()


# Derivationally related forms ("+" pointers between words) of each group.
extra = collections.defaultdict(set)
for (pos, off), members in groups.items():
    d = synset(pos, off)
    w_cnt = int(d[3], 16)
    words = [d[4 + 2 * i].lower() for i in range(w_cnt)]
    k = 4 + 2 * w_cnt
    p_cnt = int(d[k])
    k += 1
    for _ in range(p_cnt):
        symbol, t_off, t_pos, src_tgt = d[k:k + 4]
        k += 4
        src, tgt = int(src_tgt[:2], 16), int(src_tgt[2:], 16)
        if symbol != "+" or src == 0 or words[src - 1] not in members:
            continue
        t_pos = POS[t_pos]
        target = synset(t_pos, t_off)[4 + 2 * (tgt - 1)].lower()
        if first.get((t_pos, target)) == t_off:
            extra[(pos, off)].add(target)
for key, words in extra.items():
    groups[key] |= words

lines = sorted({" ".join(sorted(g)) for g in groups.values() if 2 <= len(g) <= 6})
header = """# Synonym groups from WordNet 3.0 (dominant senses, two-word phrases written "dry_run",
# derivational forms; see scripts/wordnet_synonyms.py).
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT
# LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF
# MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE
# LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY
# PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton
# University or Princeton may not be used in advertising or publicity
# pertaining to distribution of the software and/or database. Title to
# copyright in this software, database and any associated documentation shall
# at all times remain with Princeton University and LICENSEE agrees to preserve
# same. Full licence: https://wordnet.princeton.edu/license-and-commercial-use
"""
with open(out, "w", encoding="utf-8") as f:
    f.write(header)
    for l in lines:
        f.write(l + "\n")
print(len(lines), "groups ->", out)
