"""Draws the 40 development-gold articles (issue 11) with a fixed seed and writes them as the reader cleans them.

Usage: devgold_sample.py PATH/TO/jiansuo [CORPUS_DIR]; it writes articles.jsonl in the current folder
(committed as Tests/EntityExtractionTests/Fixtures/devgold-articles.jsonl). CORPUS_DIR defaults to
../shared/data/corpus. 24 articles come from news.jsonl and 8 from each Sogou file, seed 20261201.
"""
import json, random, re, subprocess, sys
J = sys.argv[1]
C = sys.argv[2] if len(sys.argv) > 2 else "../shared/data/corpus"
rng = random.Random(20261201)
ids = [json.loads(l)["id"] for l in open(f"{C}/news.jsonl", encoding="utf-8")]
picked = rng.sample(ids, 24)
for name in ["news_tensite_xml.smarty.dat", "news_sohusite_xml.smarty.dat"]:
    raw = open(f"{C}/sogou_smarty/{name}", "rb").read().decode("gb18030", errors="replace")
    docnos = re.findall(r"<docno>([^<]*)</docno>", raw)
    picked += rng.sample(docnos, 8)
out = open("articles.jsonl", "w", encoding="utf-8")
for i in picked:
    r = subprocess.run([J, "show", i, "--json", "--corpus", C], capture_output=True, text=True)
    if r.returncode != 0: print("FAIL", i, r.stderr[:200]); continue
    a = json.loads(r.stdout)
    out.write(json.dumps({"id": a["id"], "title": a["title"], "text": a["text"]}, ensure_ascii=False) + "\n")
