#!/usr/bin/env python3
"""Scores `jiansuo extract` JSON Lines against a gold file shaped like ../shared/gold/seeds.json.

Usage: score_extract.py GOLD.json EXTRACT.jsonl [-v]

The same rules as the Swift scorer (Tests/EntityExtractionTests/ExtractionTestSupport.swift):
regions by distinct code per article, companies by distinct company per article (a system company
matches a gold one when its name or any of its texts is among the gold name and aliases), money per
mention by (value, qualifier); optional gold entries count neither way. Prints micro-averaged P/R/F1.
"""
import json
import sys


class Counts:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, tp, fp, fn):
        self.tp += tp; self.fp += fp; self.fn += fn

    def __str__(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P={p:.3f} R={r:.3f} F1={f:.3f} (tp {self.tp} fp {self.fp} fn {self.fn})"


def score(gold_path, extract_path, verbose):
    gold = json.load(open(gold_path, encoding="utf-8"))
    system = {}
    for line in open(extract_path, encoding="utf-8"):
        if line.strip():
            record = json.loads(line)
            system[record["id"]] = record["entities"]
    regions, companies, money = Counts(), Counts(), Counts()
    misses = []
    for entry in gold:
        entities = system.get(entry["id"], [])
        # Regions: distinct codes.
        required = {r["code"] for r in entry["regions"] if not r.get("optional")}
        optional = {r["code"] for r in entry["regions"] if r.get("optional")} - required
        found = {e["code"] for e in entities if e["type"] in ("province", "city", "county")} - optional
        regions.add(len(found & required), len(found - required), len(required - found))
        misses += [f"{entry['id']} region FP {c}" for c in found - required]
        misses += [f"{entry['id']} region FN {c} {[r['text'] for r in entry['regions'] if r['code'] == c]}" for c in required - found]
        # Companies: distinct companies.
        groups = {}
        for e in entities:
            if e["type"] == "company":
                groups.setdefault(e.get("name") or e["text"], set()).add(e["text"])
        matched = set()
        tp = fp = fn = 0
        for name, texts in groups.items():
            keys = texts | {name}
            hits = [i for i, c in enumerate(entry["companies"]) if keys & set(c["aliases"] + [c["name"]])]
            if not hits:
                fp += 1
                misses.append(f"{entry['id']} company FP {name} {sorted(texts)}")
            matched.update(hits)
        for i, c in enumerate(entry["companies"]):
            if c.get("optional"):
                continue
            if i in matched:
                tp += 1
            else:
                fn += 1
                misses.append(f"{entry['id']} company FN {c['name']}")
        companies.add(tp, fp, fn)
        # Money: mentions by (value, qualifier).
        pool = [(e.get("value"), e.get("qualifier"), e["text"]) for e in entities if e["type"] == "money"]
        for m in entry["money"]:
            if m.get("optional"):
                for i, item in enumerate(pool):
                    if (item[0], item[1]) == (m["value"], m["qualifier"]) or item[2] in m["text"] or m["text"] in item[2]:
                        del pool[i]
                        break
        tp = fn = 0
        for m in entry["money"]:
            if m.get("optional"):
                continue
            index = next((i for i, item in enumerate(pool) if (item[0], item[1]) == (m["value"], m["qualifier"])), None)
            if index is None:
                fn += 1
                misses.append(f"{entry['id']} money FN {m['text']} {m['value']} {m['qualifier']}")
            else:
                del pool[index]
                tp += 1
        money.add(tp, len(pool), fn)
        misses += [f"{entry['id']} money FP {item[2]} {item[0]} {item[1]}" for item in pool]
    print(f"regions   {regions}")
    print(f"companies {companies}")
    print(f"money     {money}")
    if verbose:
        for line in misses:
            print("  - " + line)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    score(sys.argv[1], sys.argv[2], "-v" in sys.argv[3:])
