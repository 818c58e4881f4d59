#!/usr/bin/env python3
"""Ranking by words: the share of top-10 hits in which the query stands as a word, judged by an outside
segmenter (jieba), for names that also occur inside other words (京东 in 北京东城区, 华为 in 郭振华为).

Usage: word_alignment.py JIANSUO INDEX NEWS_JSONL [--limit 10]
  JIANSUO     the jiansuo binary
  INDEX       an index of NEWS_JSONL (jiansuo index NEWS_JSONL --index INDEX)
  NEWS_JSONL  the articles, to read each hit's title and text by id

A hit counts as word-aligned when at least one occurrence of the name in its title or text starts and
ends on jieba token boundaries. Prints one line per name and the overall share; needs `pip install jieba`.
"""
import argparse
import json
import subprocess
import sys

import jieba

NAMES = ["京东", "华为", "美的", "长安", "国航", "国网", "苏宁", "中信", "格力", "小米",
         "海尔", "万科", "中兴", "联通", "东航", "南航", "光大", "民生", "招商", "腾讯"]


def aligned(name, text):
    """True when some occurrence of name in text starts and ends on jieba token boundaries."""
    start = text.find(name)
    if start < 0:
        return False
    bounds = set()
    for _, s, e in jieba.tokenize(text):
        bounds.add(s)
        bounds.add(e)
    while start >= 0:
        if start in bounds and start + len(name) in bounds:
            return True
        start = text.find(name, start + 1)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("jiansuo")
    parser.add_argument("index")
    parser.add_argument("news")
    parser.add_argument("--limit", type=int, default=10)
    args = parser.parse_args()
    jieba.setLogLevel(60)
    articles = {}
    with open(args.news, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            articles[record["id"]] = (record.get("title") or "", record.get("text") or "")
    total = good = 0
    for name in NAMES:
        out = subprocess.run([args.jiansuo, "search", name, "--json", "--limit", str(args.limit), "--index", args.index],
                             capture_output=True, text=True, check=True)
        hits = json.loads(out.stdout)["hits"]
        marks = []
        for hit in hits:
            title, text = articles.get(hit["id"], ("", ""))
            ok = aligned(name, title) or aligned(name, text)
            marks.append("+" if ok else "-")
            good += ok
            total += 1
        print(f"{name}\t{marks.count('+')}/{len(hits)}\t{''.join(marks)}")
    print(f"word-aligned share of top-{args.limit} hits: {good}/{total} = {good / max(1, total):.3f}")


if __name__ == "__main__":
    sys.exit(main())
