#!/usr/bin/env python3
"""Generate src/lexicon/data/wordnet_synonyms.txt from WordNet 3.0.

Install the data with `apt-get install wordnet-base` (Debian/Ubuntu), then run
`python3 scripts/wordnet_synonyms.py [/usr/share/wordnet]`.

Only dominant senses are kept, to avoid matches through obscure senses: two
words share a line only when that synset is the FIRST (most frequent, by
WordNet's sense-tagged counts) sense of each, and each word has been seen
sense-tagged at least once. Single words only (no collocations), lower case.
"""
import collections
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
out = os.path.join(os.path.dirname(__file__), "..", "src", "lexicon", "data", "wordnet_synonyms.txt")

groups = collections.defaultdict(set)
for pos in ["noun", "verb", "adj", "adv"]:
    with open(os.path.join(root, "index." + pos), encoding="utf-8") as f:
        for line in f:
            if line.startswith(" "):
                continue
            p = line.split()
            lemma = p[0]
            if "_" in lemma or "-" in lemma or not lemma.isalpha() or not lemma.islower() or len(lemma) < 3:
                continue
            p_cnt = int(p[3])
            rest = p[4 + p_cnt:]
            tagsense_cnt = int(rest[1])
            offsets = rest[2:]
            if tagsense_cnt < 1 or not offsets:
                continue
            groups[(pos, offsets[0])].add(lemma)

lines = sorted({" ".join(sorted(g)) for g in groups.values() if 2 <= len(g) <= 6})
header = """# Synonym groups from WordNet 3.0 (dominant senses only; see scripts/wordnet_synonyms.py).
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
