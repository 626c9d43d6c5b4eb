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
- `meta.json`: the vocabulary's shard count, the document ranges of each plan and kind (the
  filters) and of each group of plans, the districts' names, the stop words and the glossary;
- `v/N.json`: the words whose first character falls in shard N, each with its segmentation
  weight, how many documents have it, its pack (and its place, for a word with group files);
  and English surface forms with their stems;
- `p/N/K.json`: postings packs of shard N: word → its postings (document, score; best first),
  the best `TOP_POSTINGS` only; a word in more documents also has `p/N/gI-G.json`, all its
  postings in plan group G (I: the word's place in its shard; what a search in one plan reads);
- `d/N.json`: one document each: URL, kind, plan, label, title and text by language;
- `n/KEY.json`: the documents an article number (`a37`), chapter (`c4`) or section (`c4.2`)
  names, in document order.
A query reads meta.json, a vocabulary shard per distinct first character, a postings file per
word and a file per result shown: its bytes do not grow with the number of plans.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh.analysis import STOP_WORDS

from builder.cache import Cache, content_key
from builder.editions import EDITION_CODES
from builder.freshness import shared_digest
from builder.link import Registry
from builder.load import Corpus, PlanCorpus
from builder.names import Names
from builder.search.analysis import (
    CJK_RUN,
    ENGLISH,
    STOP_WORDS_ZH,
    register_dictionary,
    segment,
    segmenter,
    sub_words,
)
from builder.search.documents import Document, glossary_documents, plan_documents
from builder.search.index import user_dictionary_words
from builder.search.query import PLAN_NAMES

ENGLISH_STOP_WORDS = frozenset(word for word in STOP_WORDS if not list(ENGLISH(word)))

FOLDER = "search-data"
VERSION = 2
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
WORDS_PER_SHARD = 300  # vocabulary shards of about 10 KB
TOP_POSTINGS = 1000  # per word in its pack: about 10 KB
PACK_BYTES = 8 * 1024  # a postings file holds words until it is about this big
PLANS_PER_GROUP = 10  # a word's full postings come in files of this many plans
# Between the words of the Chinese text in a document file: the browser marks whole words and
# removes it before showing the text, which is otherwise as the source prints it.
WORD_BREAK = "\u200a"
_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*(?:[.'][a-z0-9]+)*")


@dataclass(frozen=True)
class PublicIndex:
    documents: int
    words: int
    files: int
    bytes: int


def build_public_index(
    corpus: Corpus,
    registry: Registry,
    out: Path,
    cache: Cache | None = None,
    previous: Path | None = None,
) -> PublicIndex:
    """Write the public index into `out` (replaced whole, through a staging folder). With a
    `cache`, a plan whose files are unchanged brings its documents as analysed before (their
    words, weights and files: the index's costly part), so an edit re-analyses one plan. Given
    the `previous` index, an unchanged plan's document files are hard links to its."""
    dictionary_words = user_dictionary_words(corpus)
    dictionary = register_dictionary(dictionary_words)
    key = content_key(shared_digest(corpus.root), *dictionary_words)
    keys = [content_key(key, corpus.digests[plan.id]) for plan in corpus.plans]
    files = _Files(out.with_name(out.name + ".staging"))
    words = _Words()
    surfaces: dict[str, str] = {}
    plans = list(zip(keys, corpus.plans, strict=True))
    parts = _analysed_parts(corpus, registry, plans, cache, dictionary)
    documents = _write_documents(files, words, _noting_surfaces(parts, surfaces), previous)
    weight = _segmentation_weights(dictionary)
    groups = _plan_groups(documents)
    shards = _shard_count(len(words.numbers))
    meta = _meta(corpus, documents, shards, groups, dictionary, weight)
    files.write("meta.json", {**meta, "longest": max(map(len, words.numbers), default=1)})
    vocabulary: dict[int, dict[str, list[int | None]]] = defaultdict(dict)
    packs = _Packs(files)
    for word, postings in words.postings():
        shard = shard_of(word, shards)
        entry = [weight(word), len(postings), packs.add(shard, word, postings[:TOP_POSTINGS])]
        if len(postings) > TOP_POSTINGS:
            entry.append(len(vocabulary[shard]))
            _write_groups(files, f"p/{shard}/g{entry[3]}", postings, groups)
        vocabulary[shard][word] = entry
    packs.close()
    by_shard: dict[int, dict[str, str]] = defaultdict(dict)
    for surface, stem in surfaces.items():
        by_shard[shard_of(surface, shards)][surface] = stem
    for shard, entries in vocabulary.items():
        files.write(f"v/{shard}.json", {"w": entries, "s": by_shard[shard]})
    for key_, numbers in _numbered(documents).items():
        files.write(f"n/{key_}.json", numbers)
    return files.publish(out, len(documents), len(words.numbers))


def _analysed_parts(
    corpus: Corpus,
    registry: Registry,
    plans: list[tuple[str, PlanCorpus]],
    cache: Cache | None,
    dictionary: str,
) -> Iterator[tuple[str | None, Part]]:
    """Each plan's documents analysed (or from the cache), by its part key, then the
    glossary's, one at a time: at 200 plans all of them together took 1.7 GB."""
    for key, plan in plans:
        yield key, _cached(cache, key, plan, registry, dictionary)
    yield None, _analyse(list(glossary_documents(corpus)), _term_records(corpus), dictionary)


def _noting_surfaces(
    parts: Iterable[tuple[str | None, Part]], surfaces: dict[str, str]
) -> Iterator[tuple[str | None, Part]]:
    """The parts as they come, each English surface noted as it passes: the first part to
    have it gives its stem."""
    for key, part in parts:
        for surface, stem in part.surfaces.items():
            surfaces.setdefault(surface, stem)
        yield key, part


MANIFEST = "parts.json"  # each plan's part key and the number of its first document


def _write_documents(
    files: _Files,
    words: _Words,
    parts: Iterable[tuple[str | None, Part]],
    previous: Path | None,
) -> list[Document]:
    """Number the parts' documents in order, add their words and write their files: a part
    the `previous` index had (the same key: the same documents) by linking its files there."""
    before = _read_manifest(previous)
    folder = previous / "d" if previous else None
    manifest: dict[str, int] = {}
    documents: list[Document] = []
    for key, part in parts:
        first = len(documents)
        was = before.get(key) if key is not None else None
        if key is not None:
            manifest[key] = first
        for offset, document in enumerate(part.documents):
            number = first + offset
            words.add(number, document.words)
            documents.append(document.fields)
            name = f"d/{number}.json"
            if (
                folder is None
                or was is None
                or not files.link(name, folder / f"{was + offset}.json")
            ):
                files.write(name, document.file)
    files.write(MANIFEST, manifest)
    return documents


def _read_manifest(index: Path | None) -> dict[str, int]:
    path = index / MANIFEST if index else None
    if path is None or not path.is_file():
        return {}
    manifest: dict[str, int] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


@dataclass(frozen=True)
class Analysed:
    """A document as the index takes it: the fields the filters and article-number files
    read, its index words with their weights, and its document file."""

    fields: Document
    words: dict[str, float]
    file: dict[str, Any]


@dataclass(frozen=True)
class Part:
    """The documents of one plan (or the glossary) analysed, and their English surfaces."""

    documents: list[Analysed]
    surfaces: dict[str, str]


CACHE_STAGE = "public-index"
_FIELDS = ("id", "plan", "kind", "number", "chapter", "section")


def _cached(
    cache: Cache | None, key: str, plan: PlanCorpus, registry: Registry, dictionary: str
) -> Part:
    kept = cache.get(CACHE_STAGE, key) if cache else None
    if isinstance(kept, Part):
        return kept
    part = _analyse(list(plan_documents(plan, registry)), _plan_records(plan), dictionary)
    if cache:
        cache.put(CACHE_STAGE, key, part)
    return part


def _analyse(
    documents: list[Document], records: dict[str, dict[str, dict[str, str]]], dictionary: str
) -> Part:
    analysed = []
    for document in documents:
        spans = list(_spans(document["body_zh"], dictionary))
        analysed.append(
            Analysed(
                {name: document.get(name) for name in _FIELDS},
                dict(_document_words(document, dictionary, spans)),
                _document_file(document, records[document["id"]], spans),
            )
        )
    return Part(analysed, _english_surfaces(documents))


def _document_words(
    document: Document, dictionary: str, spans: list[tuple[str, bool]]
) -> dict[str, float]:
    """The document's index words, each weighted by the boosts of the fields it occurs in;
    and the parts of its long Chinese words, weighted less (what the staff index's bigram
    field does: 县城污水处理率, one glossary word, is found by 污水处理 too)."""
    weights: dict[str, float] = defaultdict(float)
    for name, boost in FIELDS.items():
        if name == "body_zh":
            tokens = [word.lower().rstrip(".") for word, is_word in spans if is_word]
        elif name.endswith("_zh"):
            tokens = [w for w, _, _ in segment(document.get(name) or "", dictionary)]
        else:
            tokens = [t.text for t in ENGLISH(document.get(name) or "")]
        for token in tokens:
            if name.endswith("_zh") and (token in STOP_WORDS_ZH or not token.strip()):
                continue
            weights[token] += boost
            for part in _parts(token):
                weights[part] += boost * PART_WEIGHT
    return weights


@lru_cache(maxsize=1 << 16)
def _parts(word: str) -> tuple[str, ...]:
    if len(word) < 3 or not CJK_RUN.fullmatch(word):
        return ()
    return tuple(sub_words(word))


@dataclass
class _Words:
    """Every document's words, compactly (word numbers and weights in arrays): at 200 plans a
    dict per document would take gigabytes."""

    numbers: dict[str, int] = field(default_factory=dict)
    documents: list[tuple[array, array]] = field(default_factory=list)

    def add(self, document: int, weights: dict[str, float]) -> None:
        ids = array("I", (self.numbers.setdefault(w, len(self.numbers)) for w in weights))
        self.documents.append((ids, array("f", weights.values())))

    def postings(self) -> Iterator[tuple[str, list[tuple[int, int]]]]:
        """Each word (in order) and its postings: BM25 in each document, as integer
        hundredths, best first. The documents' words are given up as they are inverted."""
        count = len(self.documents)
        lengths = [sum(tf) for _, tf in self.documents]
        average = sum(lengths) / max(count, 1)
        found = [(array("I"), array("f")) for _ in self.numbers]
        for number, (ids, tfs) in enumerate(self.documents):
            norm = K1 * (1 - B + B * lengths[number] / average)
            for word, tf in zip(ids, tfs, strict=True):
                found[word][0].append(number)
                found[word][1].append(tf * (K1 + 1) / (tf + norm))
        self.documents = []
        for word in sorted(self.numbers):
            documents, scores = found[self.numbers[word]]
            idf = math.log(1 + (count - len(documents) + 0.5) / (len(documents) + 0.5))
            # Best first, then in document order: sorted as (-score, document) pairs, which
            # compares natively (a key function per posting took seconds at 200 plans).
            ranked = sorted(
                (-max(round(100 * idf * s), 1), n) for n, s in zip(documents, scores, strict=True)
            )
            yield word, [(n, -score) for score, n in ranked]


def _shard_count(words: int) -> int:
    shards = 16
    while shards * WORDS_PER_SHARD < words and shards < 4096:
        shards *= 2
    return shards


def shard_of(word: str, shards: int) -> int:
    """The shard of a word: its first character's code point, modulo the shard count
    (atlas-search.js computes the same)."""
    return ord(word[0]) % shards


class _Packs:
    """Postings files holding several words each (a file per word meant 10,000 files at two
    plans, and opening a file costs more than writing it): `p/SHARD/N.json`, word → postings,
    closed at about PACK_BYTES."""

    def __init__(self, files: _Files) -> None:
        self.files = files
        self.open: dict[
            int, tuple[int, dict[str, list[int]], int]
        ] = {}  # shard: number, words, size
        self.numbers: dict[int, int] = defaultdict(int)

    def add(self, shard: int, word: str, postings: list[tuple[int, int]]) -> int:
        """Put a word's postings in its shard's open pack; return the pack's number."""
        number, words, size = self.open.get(shard, (self.numbers[shard], {}, 0))
        words[word] = _flat(postings)
        size += len(word) * 3 + 8 * len(postings)
        self.open[shard] = (number, words, size)
        if size >= PACK_BYTES:
            self._flush(shard)
        return number

    def _flush(self, shard: int) -> None:
        number, words, _ = self.open.pop(shard)
        self.files.write(f"p/{shard}/{number}.json", words)
        self.numbers[shard] = number + 1

    def close(self) -> None:
        for shard in list(self.open):
            self._flush(shard)


def _write_groups(
    files: _Files, name: str, postings: list[tuple[int, int]], groups: list[list[int]]
) -> None:
    """All the postings of a word in more than TOP_POSTINGS documents, a file per plan group."""
    starts = [start for start, _ in groups]
    inside: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for hit in postings:  # one pass: at 200 plans, a pass per group took seconds
        group = bisect_right(starts, hit[0]) - 1
        if group >= 0 and hit[0] < groups[group][1]:
            inside[group].append(hit)
    for group in sorted(inside):
        files.write(f"{name}-{group}.json", _flat(inside[group]))


def _flat(postings: list[tuple[int, int]]) -> list[int]:
    return [n for hit in postings for n in hit]


def _plan_groups(documents: list[Document]) -> list[list[int]]:
    """Document ranges of PLANS_PER_GROUP plans each (documents come plan by plan)."""
    starts: list[int] = []
    plans: list[str] = []
    for number, document in enumerate(documents):
        if document["plan"] and (not plans or plans[-1] != document["plan"]):
            plans.append(document["plan"])
            if (len(plans) - 1) % PLANS_PER_GROUP == 0:
                starts.append(number)
    ends = [*starts[1:], len(documents)]
    return [[start, end] for start, end in zip(starts, ends, strict=True)]


def _segmentation_weights(dictionary: str) -> Callable[[str], int | None]:
    """jieba's log-probability of a word, in hundredths: the browser's segmenter maximises the
    sum over a query, as jieba does over a sentence. None for a Chinese string jieba never
    cuts out (a Chinese run in an English field, say): the browser must not cut it either."""
    tokenizer = segmenter(dictionary)
    total = math.log(tokenizer.total)

    def weight(word: str) -> int | None:
        frequency = tokenizer.FREQ.get(word)
        if not frequency and len(word) > 1 and CJK_RUN.fullmatch(word):
            return None
        return round(100 * (math.log(frequency or 1) - total))

    return weight


def _english_surfaces(documents: list[Document]) -> dict[str, str]:
    """Each English word of the documents and its index stem, where the two differ (the
    browser looks a query word up here instead of running a stemmer)."""
    surfaces: dict[str, str] = {}
    for document in documents:
        text = " ".join(document.get(f) or "" for f in FIELDS if f.endswith("_en"))
        for surface in _LATIN_WORD.findall(text.lower()):
            if surface not in surfaces:
                surfaces[surface] = _stem(surface)
    # In the order first met: the same corpus writes the same files, byte for byte.
    return {surface: stem for surface, stem in surfaces.items() if stem not in ("", surface)}


def _meta(
    corpus: Corpus,
    documents: list[Document],
    shards: int,
    groups: list[list[int]],
    dictionary: str,
    weight: Callable[[str], int | None],
) -> dict[str, Any]:
    ranges: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for number, document in enumerate(documents):
        span = ranges[document["plan"] or "*"].setdefault(document["kind"], [number, number])
        span[1] = number + 1
    return {
        "version": VERSION,
        "shards": shards,
        "documents": len(documents),
        "top": TOP_POSTINGS,  # a word in more documents has its postings by plan group too
        "groups": groups,
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


def _plan_records(plan: PlanCorpus) -> dict[str, dict[str, dict[str, str]]]:
    """Each document's label and title in every edition's language."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for code in EDITION_CODES:
        names = Names(code)
        for p in plan.provisions:
            _put(out, f"{plan.id}/{p.id}", code, names.cite(p), _own(p, "title", code))
        for i in plan.indicators:
            label = names.indicator(i.number, i.sub, i.attribute == "reference", "")
            _put(out, f"{plan.id}/{i.id}", code, label.strip(), _own(i, "name", code))
        for j in plan.projects:
            label = names.project(j.number, "").strip()
            _put(out, f"{plan.id}/{j.id}", code, label, _own(j, "name", code))
    return out


def _term_records(corpus: Corpus) -> dict[str, dict[str, dict[str, str]]]:
    out: dict[str, dict[str, dict[str, str]]] = {}
    for code in EDITION_CODES:
        for term in corpus.glossary:
            _put(out, f"term/{term.id}", code, "", getattr(term, code, None) or term.zh)
    return out


def _own(record: object, field: str, code: str) -> str:
    return str(getattr(record, f"{field}_{code}", None) or "")


def _put(out: dict, key: str, code: str, label: str, title: str) -> None:
    out.setdefault(key, {})[code] = {"label": label, "title": title}


def _document_file(
    document: Document, names: dict[str, dict[str, str]], spans: list[tuple[str, bool]]
) -> dict[str, Any]:
    body_zh = WORD_BREAK.join(text for text, _ in spans)
    return {
        "id": document["id"],
        "url": document["url"],
        "kind": document["kind"],
        "plan": document["plan"],
        "label": {code: n["label"] for code, n in names.items()},
        "title": {code: n["title"] for code, n in names.items()},
        "text": {"zh": body_zh, "en": document.get("body_en") or ""},
    }


def _spans(text: str, dictionary: str) -> Iterator[tuple[str, bool]]:
    """The text cut into the index's words (True) and what lies between them (False)."""
    position = 0
    for _word, start, end in segment(text, dictionary):
        if start > position:
            yield text[position:start], False
        yield text[start:end], True
        position = end
    if position < len(text):
        yield text[position:], False


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


class _Files:
    """The index's files, written into a staging folder as they are made (at 200 plans they do
    not fit in memory together), then moved into place whole."""

    def __init__(self, staging: Path) -> None:
        shutil.rmtree(staging, ignore_errors=True)
        self.staging = staging
        self.folders: set[Path] = set()  # made already
        self.count = 0
        self.bytes = 0

    def write(self, name: str, content: object) -> None:
        path = self._path(name)
        data = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
        path.write_bytes(data)
        self.count += 1
        self.bytes += len(data)

    def link(self, name: str, existing: Path) -> bool:
        """A hard link to an `existing` file (never written into: a rebuild writes a new
        staging folder); False when there is none."""
        path = self._path(name)
        try:
            os.link(existing, path)
        except FileNotFoundError:
            return False
        self.count += 1
        self.bytes += path.stat().st_size
        return True

    def _path(self, name: str) -> Path:
        path = self.staging / name
        if path.parent not in self.folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(path.parent)
        return path

    def publish(self, out: Path, documents: int, words: int) -> PublicIndex:
        shutil.rmtree(out, ignore_errors=True)
        self.staging.rename(out)
        return PublicIndex(documents, words, self.count, self.bytes)
