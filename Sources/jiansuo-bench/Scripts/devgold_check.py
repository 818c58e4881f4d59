"""Checks the development gold (Tests/EntityExtractionTests/Fixtures/devgold.json) against its articles
(devgold-articles.jsonl) and Dictionaries/regions.tsv: every text verbatim in its field, codes, names, levels and
paths, values and qualifiers. Run from the repository root: python3 Sources/jiansuo-bench/Scripts/devgold_check.py"""
import json, sys, collections
from decimal import Decimal
F = "Tests/EntityExtractionTests/Fixtures"
A = [json.loads(l) for l in open(f"{F}/devgold-articles.jsonl", encoding="utf-8")]
G = json.load(open(f"{F}/devgold.json", encoding="utf-8"))
R = {}; C = {}
for line in open("Dictionaries/regions.tsv", encoding="utf-8"):
    if line.startswith("#") or line.startswith("code\t"): continue
    f = line.rstrip("\n").split("\t"); R[f[0]] = f; C[f[1]] = f
def path(code):
    f = R[code]; p = [f[1]]
    while f[3]: f = R[f[3]]; p.insert(0, f[1])
    return p
err = []
def E(i, m): err.append(f"[{i}] {m}")
if len(G) != len(A): E("-", f"{len(G)} gold vs {len(A)} articles")
for i, (a, g) in enumerate(zip(A, G)):
    if g["id"] != a["id"] or g["title"] != a["title"]: E(i, "id/title mismatch")
    for k in ("regions", "companies", "money", "notes"):
        if k not in g: E(i, f"missing {k}")
    src = {"title": a["title"], "body": a["text"]}
    full = a["title"] + "\n" + a["text"]
    used = collections.Counter()
    for r in g["regions"]:
        s = src.get(r["where"])
        if s is None: E(i, f"bad where {r}"); continue
        if r["text"] not in s: E(i, f"region text not in {r['where']}: {r['text']}")
        used[(r["where"], r["text"])] += 1
        if r["context"] not in s.replace("\n", " "): E(i, f"region context not verbatim: {r['context']}")
        if r["text"] not in r["context"]: E(i, f"context lacks text: {r['text']}")
        f = R.get(r["code"])
        if not f: E(i, f"unknown code {r['code']}"); continue
        if f[1] != r["name"]: E(i, f"code/name mismatch {r['code']} {r['name']} (tsv {f[1]})")
        if f[2] != r["level"]: E(i, f"level mismatch {r['name']} {r['level']} (tsv {f[2]})")
        if path(r["code"]) != r["path"]: E(i, f"path mismatch {r['name']} {r['path']}")
        if not isinstance(r["optional"], bool): E(i, "optional not bool")
        if r["text"] not in (f[1], *[x for x in f[4].split("|") if x], *[x for x in f[5].split("|") if x]) and not f[1].startswith(r["text"]):
            E(i, f"surface {r['text']} is neither the name nor a listed short name of {f[1]}")
    for (w, t), n in used.items():
        if src[w].count(t) < n: E(i, f"{n} region entries for {t} but {src[w].count(t)} occurrences in {w}")
    names = set()
    for c in g["companies"]:
        if c["name"] in names: E(i, f"duplicate company {c['name']}")
        names.add(c["name"])
        if not c["mentions"]: E(i, f"company without mentions {c['name']}")
        for t, n in collections.Counter(c["mentions"]).items():
            if full.count(t) < n: E(i, f"company mention {t} x{n} but {full.count(t)} occurrences")
            if t not in c["aliases"]: E(i, f"mention {t} not in aliases of {c['name']}")
    mused = collections.Counter()
    for m in g["money"]:
        if m["text"] not in full: E(i, f"money text not verbatim: {m['text']}")
        mused[m["text"]] += 1
        if m["context"] not in full.replace("\n", " "): E(i, f"money context not verbatim: {m['context']}")
        try:
            v = Decimal(m["value"])
            if "E" in m["value"].upper() or v < 0: raise ValueError
        except Exception: E(i, f"bad value {m['value']}")
        if m["qualifier"] not in ("exact", "approx", "over", "under", "range"): E(i, f"bad qualifier {m['qualifier']}")
        if (m["qualifier"] == "range") != (m["min"] is not None and m["max"] is not None): E(i, f"min/max vs range {m['text']}")
        if len(m["currency"]) != 3 or not m["currency"].isupper(): E(i, f"bad currency {m['currency']}")
    for t, n in mused.items():
        if full.count(t) < n: E(i, f"{n} money entries for {t} but {full.count(t)} occurrences")
print("\n".join(err) if err else "OK: all checks passed")
tot = collections.Counter()
for g in G:
    tot["region mentions"] += len(g["regions"]); tot["region optional"] += sum(r["optional"] for r in g["regions"])
    tot["companies distinct"] += len(g["companies"]); tot["companies optional"] += sum(c["optional"] for c in g["companies"])
    tot["company mentions"] += sum(len(c["mentions"]) for c in g["companies"])
    tot["money mentions"] += len(g["money"]); tot["money optional"] += sum(m["optional"] for m in g["money"])
lv = collections.Counter(r["level"] for g in G for r in g["regions"])
dr = len({(g["id"], r["code"]) for g in G for r in g["regions"]}); dc = len({r["code"] for g in G for r in g["regions"]})
print(dict(tot), dict(lv), "distinct regions per article:", dr, "distinct region codes overall:", dc)
sys.exit(1 if err else 0)
