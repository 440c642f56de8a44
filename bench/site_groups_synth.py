"""Pages without a known site grouped (issue 23) on a `bench/synth.py --invented-furniture 8`
corpus whose `sources.csv` is removed: groups, pages grouped, and the sites' invented lines
left `body` by `khobor extract --corpus`'s index, for one setting of `GroupingConfig`.

    .venv/bin/python bench/synth.py --pages 4000 --out DIR --invented-furniture 8
    cp -r DIR/pages NOSRC && rm NOSRC/sources.csv
    .venv/bin/python bench/site_groups_synth.py NOSRC BANDS ROWS MIN_SIMILARITY
"""

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth

import khobor.corpus.furniture_learn as fl
import khobor.corpus.site_groups as sg
from khobor.pages.extract import ExtractContext, corpus_index, extract_file, iter_inputs, to_json

bands, rows, sim = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
cfg = sg.GroupingConfig(bands=bands, rows=rows, min_similarity=sim)
fl.learn_index.__defaults__ = (fl.learn_index.__defaults__[0], cfg)  # type: ignore[index]
root = Path(sys.argv[1])
invented = {text for s in range(8) for _, text, _ in synth.invented_site(0, s).lines}
t0 = time.perf_counter()
ctx = ExtractContext()
index = corpus_index([root], ctx)
t1 = time.perf_counter()
learned = ExtractContext(furniture=index)
c = Counter()
for item in iter_inputs([root]):
    rec = to_json(extract_file(item, learned))
    for line in rec.get("lines") or []:
        if line["text"] in invented:
            c["printed"] += 1
            c["body"] += line["label"] == "body"
print(
    f"bands={bands} rows={rows} min_similarity={sim}: groups {index.groups.count()}, "
    f"pages grouped {len(index.groups)}; invented lines left body {c['body']} of "
    f"{c['printed']}; index {t1 - t0:.1f} s"
)
