#!/usr/bin/env python3
"""Draws company mentions at random (fixed seed) from `jiansuo extract` output for judging precision by hand.

Usage: company_precision_sample.py EXTRACT.jsonl NEWS.jsonl COMPANIES.tsv [N_ALL] [N_LEGAL] [SEED]

Prints two tables, TAB-separated: N_ALL (default 60) mentions drawn from every company mention, and N_LEGAL
(default 30) drawn from the mentions found by their legal form only (a name that is no canonical name in
companies.tsv). Each row: article id, name, and the mention in context ([…] marks it), for a reader to judge
against ENTITIES.md.
"""
import json
import random
import sys


def main():
    extract, news, companies = sys.argv[1:4]
    n_all = int(sys.argv[4]) if len(sys.argv) > 4 else 60
    n_legal = int(sys.argv[5]) if len(sys.argv) > 5 else 30
    seed = int(sys.argv[6]) if len(sys.argv) > 6 else 11
    articles = {}
    for line in open(news, encoding="utf-8"):
        record = json.loads(line)
        articles[record["id"]] = record
    canonical = set()
    for line in open(companies, encoding="utf-8"):
        if line.startswith("#") or line.startswith("name\t"):
            continue
        canonical.add(line.split("\t")[0])
    mentions = []
    for line in open(extract, encoding="utf-8"):
        record = json.loads(line)
        article = articles.get(record["id"], {})
        for entity in record["entities"]:
            if entity["type"] != "company":
                continue
            field = article.get(entity["field"], "")
            s, e = entity["start"], entity["end"]
            # Offsets count scalars in the cleaned text; the raw record may differ (trimmed spaces): realign.
            if field[s:e] != entity["text"]:
                found = [i for i in range(max(0, s - 40), min(len(field), s + 40)) if field.startswith(entity["text"], i)]
                if found:
                    s = min(found, key=lambda i: abs(i - s))
                    e = s + len(entity["text"])
            context = (field[max(0, s - 20):s] + "[" + field[s:e] + "]" + field[e:e + 12]).replace("\n", " ")
            mentions.append((record["id"], entity["name"], context))
    legal = [m for m in mentions if m[1] not in canonical]
    rng = random.Random(seed)
    print(f"# {len(mentions)} company mentions, {len(legal)} found by their legal form only; seed {seed}")
    print(f"## {n_all} drawn from all mentions")
    for i, m in enumerate(rng.sample(mentions, min(n_all, len(mentions))), 1):
        print(i, *m, sep="\t")
    print(f"## {n_legal} drawn from legal-form-only mentions")
    for i, m in enumerate(rng.sample(legal, min(n_legal, len(legal))), 1):
        print(i, *m, sep="\t")


if __name__ == "__main__":
    main()
