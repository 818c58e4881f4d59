#!/usr/bin/env python3
"""Company-name candidates that news mentions most and the gazetteer lacks (how companies-curated.tsv grew).

Usage: company_candidates.py COMPANIES_TSV CORPUS... [--min 3] [--top 400] [--all]
  COMPANIES_TSV  Dictionaries/companies.tsv (names and aliases; the generated gazetteer)
  CORPUS         news files: *.jsonl (one JSON object a line, fields title and text) or Sogou
                 *.dat/*.xml (<contenttitle>/<content>; read as UTF-8 when it decodes, else GB18030)
  --min N        drop candidates seen fewer than N times (default 3)
  --top N        print at most N candidates (default 400)
  --all          print covered candidates too (marked), not only the uncovered ones

A candidate is a run of Chinese characters, Latin letters or digits that ends in a company word
(股份有限公司, 有限公司, 公司, 集团, 银行, 汽车, 航空, 证券, 保险, 控股, …), measured like this:
1. every occurrence of a company word gives the strings made of it and the 2..10 characters before it,
   cut at punctuation and at function characters that rarely sit inside names (的, 在, 和, 与, 是, 向 …);
2. a string is kept when it is not a fragment of a longer one (no one-character-longer string accounts
   for 60% or more of its occurrences) and when its left boundary is plausible (the character before it
   varies, or is a cut);
   a string ending in a company word that is also an ordinary noun (汽车, 保险, 航空, 石油) is kept only
   when the corpus also writes it followed by 公司/集团/股份/有限 (通用汽车公司, 俄罗斯石油公司);
3. each kept string is checked against the gazetteer: `covered` when the string, or its core (the
   string without its company word), is a name or alias; `contains` when a name or alias of two or more
   characters lies inside it (the extractor would already find that part); otherwise `uncovered`.
Prints frequency, status, the candidate, the core's own frequency in the corpus, and an example.
The output is evidence for a person curating, never a source: many candidates are government bodies,
schools, media or generic phrases (该公司, 子公司), which ENTITIES.md says are not companies.
Not run by tests.
"""
import argparse
import collections
import json
import math
import re
import sys

COMPANY_WORDS = [
    "股份有限公司", "有限责任公司", "有限公司", "集团公司", "股份公司", "总公司", "公司", "集团", "控股",
    "银行", "证券", "保险", "航空", "汽车", "电网", "石油", "石化", "钢铁", "药业", "乳业", "酒业", "快递",
]
# Company words that are also ordinary nouns (汽车 car, 保险 insurance): a candidate ending in one counts only
# when the corpus also writes it with a strong company word after it (通用汽车公司, 印度航空公司).
WEAK_WORDS = {"证券", "保险", "航空", "汽车", "电网", "石油", "石化", "钢铁", "药业", "乳业", "酒业", "快递", "控股"}
STRONG_AFTER = ("公司", "集团", "股份", "有限", "控股")
# Characters that end a name on the left: function words and verbs that rarely sit inside a company name.
CUT_CHARS = set("的了在和与及是为由对向从将把被等或并且也都就还又而但即给让跟同比以于至到着过自其该此这那每各"
                "说称据指出示认看参观走进来到前往包括例如加上及有家名个见席")
# Stems (a candidate without its company words) that name a kind of company, not one company.
GENERIC_STEMS = {
    "该", "本", "子", "分", "总", "母", "全", "各", "多", "跨国", "上市", "国有", "中央", "民营", "外资", "合资", "股份",
    "有限", "投资", "科技", "技术", "网络", "网络技术", "信息技术", "建设", "发展", "开发", "商业", "贸易", "商贸",
    "实业", "资产管理", "基金", "金融", "航空", "电力", "铁路", "石油", "广播", "能源", "新能源", "电网", "电信",
    "物流", "快递", "房地产", "汽车", "航运", "化工", "医药", "生物", "食品", "电子", "通信", "平台", "犯罪", "信托",
    "中小", "外国", "国际", "农村商业", "商业银行", "村镇", "保险", "证券", "银行", "集团", "控股", "企业", "工程",
    "传媒", "文化", "旅游", "农业", "养老", "医疗", "社会", "邮政", "中国", "我国", "美国", "国家", "世界", "全球",
    "清洁能源", "可再生能源", "电动", "智能", "新能源汽车", "国内外", "国内", "海外", "央企", "民航", "储备",
    "中央银行", "开发银行", "人民银行", "储蓄", "合作", "供电", "燃气", "水务", "自来水", "电视", "广播电视",
}
# Candidates that are never companies (bodies whose names end in a company word).
NOT_COMPANIES = {"中国人民银行", "世界银行", "亚洲开发银行", "亚洲基础设施投资银行", "新开发银行", "欧洲中央银行",
                 "美国联邦储备银行", "二十国集团", "七国集团", "77国集团", "金砖国家新开发银行"}
PUNCT = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9·\-&]")


def load_gazetteer(path):
    """Names and aliases of Dictionaries/companies.tsv, as a set."""
    names = set()
    with open(path, encoding="utf-8") as f:
        header_seen = False
        for line in f:
            if line.startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            cols = line.rstrip("\n").split("\t")
            names.add(cols[0])
            if len(cols) > 1 and cols[1]:
                names.update(a for a in cols[1].split("|") if a)
    return names


def read_texts(path):
    """Yields the title and text of every article in a JSON Lines or Sogou file."""
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                obj = json.loads(line)
                yield obj.get("title") or ""
                yield obj.get("text") or ""
        return
    raw = open(path, "rb").read()
    try:
        data = raw.decode("utf-8")
    except UnicodeDecodeError:
        data = raw.decode("gb18030", errors="replace")
    for tag in ("contenttitle", "content"):
        for m in re.finditer(r"<%s>(.*?)</%s>" % (tag, tag), data, re.S):
            yield m.group(1)


def segments(text):
    """Runs of name characters (Chinese, Latin, digits) between punctuation."""
    return [s for s in PUNCT.split(text) if s]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("companies_tsv")
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--min", type=int, default=3)
    ap.add_argument("--top", type=int, default=400)
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args()

    gazetteer = load_gazetteer(args.companies_tsv)
    words = sorted(COMPANY_WORDS, key=len, reverse=True)
    counts = collections.Counter()
    left = collections.defaultdict(collections.Counter)   # candidate -> character before it ("" = cut)
    example = {}
    texts = []
    for path in args.corpus:
        texts.extend(read_texts(path))
    for text in texts:
        for seg in segments(text):
            for i in range(len(seg)):
                word = next((w for w in words if seg.startswith(w, i)), None)
                if word is None:
                    continue
                end = i + len(word)
                # the longest company word ending here is the suffix (…股份有限公司, not …公司)
                start_min = i
                while start_min > 0 and i - start_min < 10 and seg[start_min - 1] not in CUT_CHARS:
                    start_min -= 1
                for start in range(i - 2, start_min - 1, -1):
                    cand = seg[start:end]
                    counts[cand] += 1
                    before = seg[start - 1] if start > 0 and start > start_min else ""
                    left[cand][before] += 1
                    example.setdefault(cand, seg[max(0, start - 6):end + 6])
    all_text = "\n".join(texts)

    def entropy(counter):
        total = sum(counter.values())
        return -sum(c / total * math.log2(c / total) for c in counter.values())

    rows = []
    for cand, n in counts.items():
        if n < args.min:
            continue
        word = next(w for w in words if cand.endswith(w))
        core = cand[: -len(word)]
        stem = core
        while True:
            inner = next((w for w in words if stem.endswith(w) and len(stem) > len(w)), None)
            if inner is None:
                break
            stem = stem[: -len(inner)]
        if len(stem) < 2 or stem in GENERIC_STEMS or stem in words or cand in NOT_COMPANIES:
            continue
        if word in WEAK_WORDS and not any(counts.get(cand + w, 0) for w in STRONG_AFTER):
            continue
        if stem.endswith("国") and len(stem) <= 4 and stem not in gazetteer:
            continue   # 二十国集团, 七国集团: groups of countries
        if re.match(r"^[0-9年月日]", stem) or re.search(r"[年月]份?$", stem[:3]):
            continue   # 9月份中国物流…: a date glued on the left
        befores = left[cand]
        top_before, top_n = befores.most_common(1)[0]
        if top_before != "" and top_n >= 0.6 * n:
            continue   # a fragment: nearly always the tail of the same longer string
        cut_share = befores[""] / n
        if cut_share < 0.3 and entropy(befores) < 1.0:
            continue
        if cand in gazetteer or core in gazetteer:
            status = "covered"
        else:
            inner = next((cand[a:b] for a in range(len(cand)) for b in range(len(cand), a + 1, -1)
                          if cand[a:b] in gazetteer), None)
            status = "contains:" + inner if inner else "uncovered"
        if status != "uncovered" and not args.all:
            continue
        rows.append((n, status, cand, all_text.count(core), example[cand]))
    rows.sort(key=lambda r: (-r[0], r[2]))
    for n, status, cand, core_n, ex in rows[: args.top]:
        print(f"{n}\t{status}\t{cand}\tcore={core_n}\t{ex}")


if __name__ == "__main__":
    sys.exit(main())
