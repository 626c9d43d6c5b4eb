"""The public search index: the staff search's documents and words, as static files that the
search page reads in pieces, on any static host.

Why not Pagefind (measured in Chromium, December 2026): it splits a page into results only at
headings, re-segments Chinese at query time with the browser's `Intl.Segmenter` (黑臭 became 黑 +
臭) and matches every word as a prefix (臭 found 臭氧), so its words were never the index's.
Here the index's words are the staff index's own (`ChineseTokenizer` with the glossary
dictionary, Whoosh's English stemmer), scored once at build time (BM25F with the staff
index's field boosts), and the browser splits a query with the same vocabulary
(`atlas-search.js`), so a query word always meets the index's words.

Files, under `site/search-data/` (shared by every edition; texts are keyed by language):
- `meta.json`: the shard count, the document ranges of each plan and kind (the filters), the
  districts' names, the stop words and the glossary (for query expansion);
- `t/N.json`: the words whose first character falls in shard N, each with its segmentation
  weight and its postings (document, score); and English surface forms with their stems;
- `d/N.json`: one document each: URL, kind, plan, label, title and text by language;
- `n/KEY.json`: the documents an article number (`a37`), chapter (`c4`) or section (`c4.2`)
  names, in document order.
A query fetches meta.json, one shard per distinct first character and one file per result.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh.analysis import STOP_WORDS

from builder.editions import EDITION_CODES
from builder.link import Registry
from builder.load import Corpus, PlanCorpus
from builder.names import Names
from builder.search.analysis import (
    ENGLISH,
    STOP_WORDS_ZH,
    ChineseTokenizer,
    register_dictionary,
    segment,
    segmenter,
    sub_words,
)
from builder.search.documents import Document, corpus_documents
from builder.search.index import user_dictionary_words
from builder.search.query import PLAN_NAMES

ENGLISH_STOP_WORDS = frozenset(word for word in STOP_WORDS if not list(ENGLISH(word)))

FOLDER = "search-data"
VERSION = 1
# The staff index's field boosts (builder/search/index.py), so both rank alike.
FIELDS = {
    "title_zh": 4.0,
    "alias_zh": 3.0,
    "body_zh": 1.0,
    "context_zh": 0.5,
    "title_en": 4.0,
    "alias_en": 3.0,
    "body_en": 0.8,
    "context_en": 0.5,
}
K1, B = 1.2, 0.75
PART_WEIGHT = 0.4  # a part of a long word counts this much of the word (the staff's boost)
WORDS_PER_SHARD = 300  # about 10 KB of postings a shard at two plans
# Between the words of the Chinese text in a document file: the browser marks whole words and
# removes it before showing the text, which is otherwise as the source prints it.
WORD_BREAK = "\u200a"
_CJK_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*(?:[.'][a-z0-9]+)*")


@dataclass(frozen=True)
class PublicIndex:
    documents: int
    words: int
    files: int
    bytes: int


def build_public_index(corpus: Corpus, registry: Registry, out: Path) -> PublicIndex:
    """Write the public index into `out` (replaced whole)."""
    dictionary = register_dictionary(user_dictionary_words(corpus))
    documents = list(corpus_documents(corpus, registry))
    postings = _scored_postings([_document_words(d, dictionary) for d in documents])
    shards = _shard_count(len(postings))
    weight = _segmentation_weights(dictionary)
    meta = _meta(corpus, documents, shards, dictionary, weight, list(postings))
    files: dict[str, Any] = {"meta.json": meta}
    for shard, content in _shards(postings, _english_surfaces(documents), weight, shards).items():
        files[f"t/{shard}.json"] = content
    records = _records(corpus)
    for number, document in enumerate(documents):
        files[f"d/{number}.json"] = _document_file(document, records[document["id"]], dictionary)
    for key, numbers in _numbered(documents).items():
        files[f"n/{key}.json"] = numbers
    return _write(files, out, len(documents), len(postings))


def _document_words(document: Document, dictionary: str) -> dict[str, float]:
    """The document's index words, each weighted by the boosts of the fields it occurs in;
    and the parts of its long Chinese words, weighted less (what the staff index's bigram
    field does: 县城污水处理率, one glossary word, is found by 污水处理 too)."""
    zh = ChineseTokenizer(dictionary)
    weights: dict[str, float] = defaultdict(float)
    for field, boost in FIELDS.items():
        text = document.get(field) or ""
        tokens = zh(text) if field.endswith("_zh") else ENGLISH(text)
        for token in tokens:
            weights[token.text] += boost
            for part in _parts(token.text):
                weights[part] += boost * PART_WEIGHT
    return weights


@lru_cache(maxsize=1 << 16)
def _parts(word: str) -> tuple[str, ...]:
    if len(word) < 3 or not _CJK_WORD.fullmatch(word):
        return ()
    return tuple(sub_words(word))


def _scored_postings(words: list[dict[str, float]]) -> dict[str, list[tuple[int, int]]]:
    """BM25 of each word in each document, as integer hundredths, highest first."""
    count = len(words)
    lengths = [sum(w.values()) for w in words]
    average = sum(lengths) / max(count, 1)
    found: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for number, weights in enumerate(words):
        norm = K1 * (1 - B + B * lengths[number] / average)
        for word, tf in weights.items():
            found[word].append((number, tf * (K1 + 1) / (tf + norm)))
    postings = {}
    for word, hits in found.items():
        idf = math.log(1 + (count - len(hits) + 0.5) / (len(hits) + 0.5))
        scored = sorted(((n, round(100 * idf * s)) for n, s in hits), key=lambda h: -h[1])
        postings[word] = [(n, max(score, 1)) for n, score in scored]
    return postings


def _shard_count(words: int) -> int:
    shards = 16
    while shards * WORDS_PER_SHARD < words and shards < 4096:
        shards *= 2
    return shards


def shard_of(word: str, shards: int) -> int:
    """The shard of a word: its first character's code point, modulo the shard count
    (atlas-search.js computes the same)."""
    return ord(word[0]) % shards


def _shards(
    postings: dict[str, list[tuple[int, int]]],
    surfaces: dict[str, str],
    weight: Callable[[str], int | None],
    shards: int,
) -> dict[int, dict[str, Any]]:
    """Per shard: `w` word → [segmentation weight, document, score, document, score, …];
    `s` English surface form → its stem (where they differ)."""
    content: dict[int, dict[str, Any]] = defaultdict(lambda: {"w": {}, "s": {}})
    for word, hits in sorted(postings.items()):
        flat = [n for hit in hits for n in hit]
        content[shard_of(word, shards)]["w"][word] = [weight(word), *flat]
    for surface, stem in sorted(surfaces.items()):
        content[shard_of(surface, shards)]["s"][surface] = stem
    return dict(content)


def _segmentation_weights(dictionary: str) -> Callable[[str], int | None]:
    """jieba's log-probability of a word, in hundredths: the browser's segmenter maximises the
    sum over a query, as jieba does over a sentence. None for a Chinese string jieba never
    cuts out (a Chinese run in an English field, say): the browser must not cut it either."""
    tokenizer = segmenter(dictionary)
    total = math.log(tokenizer.total)

    def weight(word: str) -> int | None:
        frequency = tokenizer.FREQ.get(word)
        if not frequency and len(word) > 1 and _CJK_WORD.fullmatch(word):
            return None
        return round(100 * (math.log(frequency or 1) - total))

    return weight


def _english_surfaces(documents: list[Document]) -> dict[str, str]:
    """Each English word of the documents and its index stem, where the two differ (the
    browser looks a query word up here instead of running a stemmer)."""
    surfaces: dict[str, str] = {}
    for document in documents:
        text = " ".join(document.get(f) or "" for f in FIELDS if f.endswith("_en"))
        for surface in set(_LATIN_WORD.findall(text.lower())):
            if surface not in surfaces:
                surfaces[surface] = _stem(surface)
    return {surface: stem for surface, stem in surfaces.items() if stem not in ("", surface)}


def _meta(
    corpus: Corpus,
    documents: list[Document],
    shards: int,
    dictionary: str,
    weight: Callable[[str], int | None],
    words: list[str],
) -> dict[str, Any]:
    ranges: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for number, document in enumerate(documents):
        span = ranges[document["plan"] or "*"].setdefault(document["kind"], [number, number])
        span[1] = number + 1
    return {
        "version": VERSION,
        "shards": shards,
        "documents": len(documents),
        "longest": max(len(word) for word in words),  # the longest word the browser may cut
        "ranges": ranges,
        "plans": {plan.id: _plan_names(plan) for plan in corpus.plans},
        "stop": {word: weight(word) for word in sorted(STOP_WORDS_ZH)},
        "stop_en": sorted(ENGLISH_STOP_WORDS),
        "glossary": [
            {
                "zh": term.zh,
                "words": [w for w, _, _ in segment(term.zh, dictionary)],
                "en": [e.lower() for e in term.all_en],
                "alias": term.aliases_zh,
            }
            for term in corpus.glossary
        ],
    }


def _plan_names(plan: PlanCorpus) -> list[str]:
    names = {plan.id, plan.meta.district_zh, plan.meta.district_zh.removesuffix("区")}
    names |= set(PLAN_NAMES.get(plan.id, ()))
    if plan.meta.district_en:
        names |= {plan.meta.district_en.lower(), plan.meta.district_en.lower().split()[0]}
    return sorted(names, key=lambda n: (-len(n), n))


def _records(corpus: Corpus) -> dict[str, dict[str, dict[str, str]]]:
    """Each document's label and title in every edition's language."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for code in EDITION_CODES:
        names = Names(code)
        for plan in corpus.plans:
            for p in plan.provisions:
                _put(out, f"{plan.id}/{p.id}", code, names.cite(p), _own(p, "title", code))
            for i in plan.indicators:
                label = names.indicator(i.number, i.sub, i.attribute == "reference", "")
                _put(out, f"{plan.id}/{i.id}", code, label.strip(), _own(i, "name", code))
            for j in plan.projects:
                label = names.project(j.number, "").strip()
                _put(out, f"{plan.id}/{j.id}", code, label, _own(j, "name", code))
        for term in corpus.glossary:
            _put(out, f"term/{term.id}", code, "", term.en if code == "en" else term.zh)
    return out


def _own(record: object, field: str, code: str) -> str:
    return str(getattr(record, f"{field}_{code}", None) or "")


def _put(out: dict, key: str, code: str, label: str, title: str) -> None:
    out.setdefault(key, {})[code] = {"label": label, "title": title}


def _document_file(
    document: Document, names: dict[str, dict[str, str]], dictionary: str
) -> dict[str, Any]:
    body_zh = WORD_BREAK.join(part for part, _, _ in _spans(document["body_zh"], dictionary))
    return {
        "id": document["id"],
        "url": document["url"],
        "kind": document["kind"],
        "plan": document["plan"],
        "label": {code: n["label"] for code, n in names.items()},
        "title": {code: n["title"] for code, n in names.items()},
        "text": {"zh": body_zh, "en": document.get("body_en") or ""},
    }


def _spans(text: str, dictionary: str) -> Iterator[tuple[str, int, int]]:
    """The text cut into the index's words, with what lies between them kept."""
    position = 0
    for _word, start, end in segment(text, dictionary):
        if start > position:
            yield text[position:start], position, start
        yield text[start:end], start, end
        position = end
    if position < len(text):
        yield text[position:], position, len(text)


def _stem(surface: str) -> str:
    tokens = [t.text for t in ENGLISH(surface)]
    return tokens[0] if tokens else ""


def _numbered(documents: list[Document]) -> dict[str, list[int]]:
    keys: dict[str, list[int]] = defaultdict(list)
    for number, document in enumerate(documents):
        if document["kind"] != "provision":
            continue
        if document.get("number"):
            keys[f"a{document['number']}"].append(number)
        keys[f"c{document['chapter']}"].append(number)
        if document.get("section"):
            keys[f"c{document['chapter']}.{document['section']}"].append(number)
    return dict(keys)


def _write(files: dict[str, Any], out: Path, documents: int, words: int) -> PublicIndex:
    staging = out.with_name(out.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    size = 0
    for name, content in files.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        path.write_text(data, "utf-8")
        size += len(data.encode())
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    return PublicIndex(documents, words, len(files), size)
