"""Run a parsed query against the index: ranking, glossary expansion, filters, snippets."""

from __future__ import annotations

import difflib
import html
import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from whoosh import query
from whoosh.index import Index
from whoosh.searching import Hit, Searcher

from builder.models import Term
from builder.search.analysis import ENGLISH, bigrams, sub_words
from builder.search.index import open_index
from builder.search.query import KINDS, ParsedQuery, parse_query
from builder.search.snippets import make_snippet, needle_pattern

ZH_FIELDS = {"title_zh": 1.0, "alias_zh": 1.0, "body_zh": 1.0, "context_zh": 1.0}
EN_FIELDS = {"title_en": 1.0, "alias_en": 1.0, "body_en": 1.0, "context_en": 1.0}
PINNED_SCORE = 1000.0


@dataclass(frozen=True)
class SearchHit:
    id: str
    plan: str
    kind: str
    label: str
    title_zh: str
    title_en: str
    url: str
    score: float
    snippet: str


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[SearchHit]
    did_you_mean: str | None = None
    terms: list[SearchHit] | None = None

    def as_json(self) -> dict[str, Any]:
        data = {"query": self.query, "total": self.total, "hits": [asdict(h) for h in self.hits]}
        if self.did_you_mean:
            data["did_you_mean"] = self.did_you_mean
        if self.terms:
            data["terms"] = [asdict(term) for term in self.terms]
        return data


class SearchEngine:
    """One open index and its glossary; load once per process (jieba costs about a second)."""

    def __init__(self, index_dir: Path, glossary: list[Term]) -> None:
        self.index_dir = index_dir
        self.index = open_index(index_dir)
        self._opened = index_dir.resolve()
        self._index_lock = threading.Lock()  # guards swapping self.index for a newer build
        # One searcher per thread that searches (the server's worker threads): a Whoosh
        # searcher is not safe to share, and one shared behind a lock let a slow query stall
        # every other search.
        self._own = threading.local()
        self.glossary = glossary
        self.zh_analyzer = self.index.schema["title_zh"].analyzer
        self._english_terms = _english_matcher(glossary)
        self._aliases = _alias_positions(glossary)
        self._by_zh = {term.zh: term for term in glossary}
        with self.index.reader() as reader:
            self._vocabulary = {
                (field, text.decode() if isinstance(text, bytes) else text)
                for field in ("title_en", "body_en")
                for text in reader.lexicon(field)
            }
            # Unstemmed English words, for "did you mean".
            self._english_words = sorted(
                {
                    word.lower()
                    for fields in reader.all_stored_fields()
                    for word in re.findall(
                        r"[A-Za-z]{4,}", f"{fields.get('title_en', '')} {fields.get('body_en', '')}"
                    )
                }
            )

    def search(
        self, raw: str, plan: str | None = None, kind: str | None = None, limit: int = 10
    ) -> SearchResult:
        parsed = parse_query(raw, plan=plan, kind=kind)
        needles = self._needles(parsed)
        searcher = self._current_searcher()
        pinned = self._pinned(searcher, parsed, needles)
        hits = list(pinned)
        seen = {h.id for h in hits}
        words = self._words_query(parsed)
        if words is not None:
            words = _common_clauses_optional(searcher, words)
        total = len(hits)
        did_you_mean = None
        terms: list[SearchHit] = []
        if words is not None:
            # limit=None: the collector visits every match anyway; this gives the exact
            # total without a second counting pass.
            results = searcher.search(
                _restricted(words, self._filter(parsed)),
                mask=None if parsed.kind == "term" else query.Term("kind", "term"),
                limit=None,
            )
            total += results.scored_length()
            for hit in results[: limit + len(seen)]:
                if hit["id"] not in seen:
                    hits.append(_hit(hit, hit.score, needles, raw.isascii()))
                if len(hits) >= limit:
                    break
            if not results.scored_length() and not pinned:
                did_you_mean = self._suggest(searcher, parsed)
            if parsed.kind is None:
                terms = self._glossary_hits(parsed.text)
        return SearchResult(raw, total, hits[:limit], did_you_mean, terms)

    def _current_searcher(self) -> Searcher:
        """This thread's searcher, reopened when a build has published a new index.

        Kept open between queries because opening one reads the term index: ~45 ms a query
        at 200 plans, more than the search itself.
        """
        index = self._current_index()
        own = self._own
        searcher: Searcher | None = getattr(own, "searcher", None)
        if searcher is not None and own.index is index and searcher.up_to_date():
            return searcher
        # Not Searcher.refresh(): it reuses the old segment readers, whose deleted-document
        # sets predate the update, so a replaced document would be found twice.
        if searcher is not None:
            searcher.close()
        own.searcher, own.index = index.searcher(), index
        return own.searcher

    def _current_index(self) -> Index:
        """The open index, reopened when `search-index` now links to another build's folder."""
        where = self.index_dir.resolve()
        with self._index_lock:
            if where != self._opened:
                self.index = open_index(self.index_dir)
                self._opened = where
            return self.index

    def _glossary_hits(self, text: str) -> list[SearchHit]:
        """Glossary terms the query names, shown beside the records rather than among them."""
        named = [zh for zh in self._named_terms(text) if zh in self._by_zh]
        named += [zh for zh in self._by_zh if zh in text and zh not in named]
        return [_term_hit(self._by_zh[zh]) for zh in named[:3]]

    def _filter(self, parsed: ParsedQuery) -> query.Query | None:
        terms = []
        if parsed.plan:
            terms.append(query.Term("plan", parsed.plan))
        if parsed.kind in KINDS:
            terms.append(query.Term("kind", parsed.kind))
        if parsed.chapter is not None:
            terms.append(query.Term("chapter", parsed.chapter))
        if parsed.section is not None:
            terms.append(query.Term("section", parsed.section))
        return query.And(terms) if terms else None

    def _needles(self, parsed: ParsedQuery) -> re.Pattern[str] | None:
        """What the snippets mark: the query's words and phrases and the terms it named."""
        text = " ".join([parsed.text, *parsed.phrases])
        needles = [t.text for t in self.zh_analyzer(text) if _is_cjk(t.text)]
        needles += [w.lower() for w in re.findall(r"[A-Za-z0-9.]+", text) if len(w) > 1]
        needles += [word for word in _english(text) if not _is_cjk(word) and len(word) > 2]
        needles += parsed.phrases + self._named_terms(parsed.text)
        return needle_pattern(needles)

    def _pinned(
        self, searcher: Searcher, parsed: ParsedQuery, needles: re.Pattern[str] | None
    ) -> list[SearchHit]:
        """Records a query names by number: an article (第37条) or a section (第四章 第二节)."""
        if parsed.article is not None:
            condition = query.And(
                [query.Term("kind", "provision"), query.Term("number", parsed.article)]
            )
        elif parsed.structural and parsed.kind in (None, "provision"):
            condition = self._filter(parsed)
        else:
            return []
        if parsed.plan:
            condition = query.And([condition, query.Term("plan", parsed.plan)])
        results = searcher.search(condition, limit=200, sortedby="order")
        return [_hit(hit, PINNED_SCORE, needles) for hit in results]

    def _words_query(self, parsed: ParsedQuery) -> query.Query | None:
        clauses: list[query.Query] = []
        for phrase in parsed.phrases:
            clauses += self._phrase_clauses(phrase, boost=2.0)
        text = parsed.text
        if text:
            clauses += self._field_clauses(text)
            clauses += self._glossary_clauses(text)
        if not clauses:
            return None
        return query.Or(clauses, scale=0.9)

    def _field_clauses(self, text: str) -> list[query.Query]:
        zh_words = [t.text for t in self.zh_analyzer(text)]
        en_words = _english(text)
        clauses: list[query.Query] = []
        for field in ZH_FIELDS:
            clauses += [query.Term(field, word) for word in zh_words]
        # Substring matches, whatever jieba made of the surrounding words; and the parts of a
        # long word (农膜回收率 → 农膜, 回收), so a near match still counts.
        clauses += [
            _phrase("grams_zh", [g for g, _, _ in bigrams(word)], boost=1.0)
            for word in zh_words
            if _is_cjk(word) and len(word) >= 2
        ]
        clauses += [
            _phrase("grams_zh", [g for g, _, _ in bigrams(part)], boost=0.4)
            for word in zh_words
            if _is_cjk(word) and len(word) >= 4
            for part in sub_words(word)
        ]
        for word in en_words:
            if _is_cjk(word):
                continue
            for field in EN_FIELDS:
                clauses.append(query.Term(field, word))
            if self._is_typo(word):
                clauses += [
                    query.FuzzyTerm(field, word, maxdist=1, prefixlength=2, constantscore=False)
                    for field in ("title_en", "body_en")
                ]
        return clauses

    def _is_typo(self, word: str) -> bool:
        """A long English word the index does not know: worth a fuzzy match."""
        if len(word) < 4 or not word.isalpha():
            return False
        return not any((field, word) in self._vocabulary for field in ("title_en", "body_en"))

    def _phrase_clauses(self, phrase: str, boost: float) -> list[query.Query]:
        clauses: list[query.Query] = []
        zh_words = [t.text for t in self.zh_analyzer(phrase)]
        en_words = _english(phrase)
        for field in ZH_FIELDS:
            clauses.append(_phrase(field, zh_words, boost))
        if all(not _is_cjk(w) for w in en_words):
            for field in EN_FIELDS:
                clauses.append(_phrase(field, en_words, boost))
        return clauses

    def _named_terms(self, text: str) -> list[str]:
        """Glossary terms named in English or by a Chinese alias (colloquial) in the query."""
        named: dict[str, None] = {}
        if self._english_terms is not None:
            for match in self._english_terms.pattern.finditer(text.lower()):
                named.update(dict.fromkeys(self._english_terms.terms[match.group(1)]))
        for position in self._aliases.found_in(text):
            named[self.glossary[position].zh] = None
        return list(named)

    def _glossary_clauses(self, text: str) -> list[query.Query]:
        """An English term searches the Chinese text; a colloquial Chinese term the formal one."""
        clauses: list[query.Query] = []
        for zh in self._named_terms(text):
            clauses += self._phrase_clauses(zh, boost=1.5)
        return clauses

    def _suggest(self, searcher: Searcher, parsed: ParsedQuery) -> str | None:
        """'Did you mean' for an English query that found nothing: the closest known words."""
        words = parsed.text.lower().split()
        if not words or not parsed.text.isascii():
            return None
        corrected = [
            (difflib.get_close_matches(word, self._english_words, n=1, cutoff=0.75) or [word])[0]
            for word in words
        ]
        suggestion = " ".join(corrected)
        return suggestion if suggestion != parsed.text.lower() else None


# A clause whose words occur in more than this share of the index is "common".
COMMON_SHARE = 0.1


def _common_clauses_optional(searcher: Searcher, words: query.Query) -> query.Query:
    """Lucene's common-terms idea: when a query has rarer clauses, its common clauses (生态,
    环境, ...) only add to the score of what the rarer ones found, instead of making every
    document that contains them a match to score; at hundreds of plans that is most of the
    index."""
    if not isinstance(words, query.Or):
        return words
    ceiling = COMMON_SHARE * searcher.doc_count()
    rare: list[query.Query] = []
    common: list[query.Query] = []
    for clause in words.subqueries:
        (common if _document_frequency(searcher, clause) > ceiling else rare).append(clause)
    if not rare or not common:
        return words
    return query.AndMaybe(query.Or(rare, scale=0.9), query.Or(common, scale=0.9))


def _document_frequency(searcher: Searcher, clause: query.Query) -> int:
    """In how many documents' text a clause's word occurs (0 when it cannot be told cheaply).

    Counted in the body of the clause's language, so that 生态 is common in every field even
    though few titles contain it."""
    if isinstance(clause, query.FuzzyTerm):
        return 0
    if isinstance(clause, query.Term):
        return searcher.doc_frequency(_BODY.get(clause.fieldname, clause.fieldname), clause.text)
    if isinstance(clause, query.Phrase):
        field = _BODY.get(clause.fieldname, clause.fieldname)
        return min(searcher.doc_frequency(field, word) for word in clause.words)
    return 0


_BODY = {field: "body_zh" for field in ZH_FIELDS} | {field: "body_en" for field in EN_FIELDS}


def _phrase(field: str, words: list[str], boost: float) -> query.Query:
    if len(words) == 1:
        return query.Term(field, words[0], boost=boost)
    return query.Phrase(field, words, boost=boost)


# Whoosh's stemming cache (an LFU dict shared by every search) is not thread-safe once full:
# evicting while another thread adds a word can raise. Analysing a query takes microseconds.
_english_lock = threading.Lock()


def _english(text: str) -> list[str]:
    """The English index terms of `text` (stemmed), as the English fields store them."""
    with _english_lock:
        return [token.text for token in ENGLISH(text)]


def _is_cjk(word: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in word)


@dataclass(frozen=True)
class _EnglishMatcher:
    """All English terms and aliases of the glossary as one regex (longest first)."""

    pattern: re.Pattern[str]
    terms: dict[str, list[str]]


def _english_matcher(glossary: list[Term]) -> _EnglishMatcher | None:
    terms: dict[str, list[str]] = {}
    for term in glossary:
        for english in term.all_en:
            terms.setdefault(english.lower(), []).append(term.zh)
    if not terms:
        return None
    alternatives = "|".join(re.escape(e) for e in sorted(terms, key=len, reverse=True))
    return _EnglishMatcher(re.compile(rf"(?<![a-z0-9])({alternatives})(?![a-z0-9])"), terms)


@dataclass(frozen=True)
class _AliasPositions:
    """The glossary's Chinese aliases, each with the positions of its terms: every window of
    a query is one dictionary lookup, instead of a substring search per alias."""

    terms: dict[str, list[int]]
    lengths: list[int]

    def found_in(self, text: str) -> list[int]:
        """Positions, in glossary order, of the terms that have an alias in `text`."""
        found = {
            position
            for n in self.lengths
            for start in range(len(text) - n + 1)
            for position in self.terms.get(text[start : start + n], ())
        }
        return sorted(found)


def _alias_positions(glossary: list[Term]) -> _AliasPositions:
    terms: dict[str, list[int]] = {}
    for position, term in enumerate(glossary):
        for alias in term.aliases_zh:
            terms.setdefault(alias, []).append(position)
    return _AliasPositions(terms, sorted({len(alias) for alias in terms}))


def _term_hit(term: Term) -> SearchHit:
    return SearchHit(
        id=f"term/{term.id}",
        plan="",
        kind="term",
        label=term.zh,
        title_zh=term.zh,
        title_en=term.en,
        url="",
        score=0.0,
        snippet=html.escape(term.definition_en),
    )


def _hit(
    hit: Hit, score: float, needles: re.Pattern[str] | None, english: bool = False
) -> SearchHit:
    snippet = ""
    fields = ("body_en", "body_zh") if english else ("body_zh", "body_en")
    for field in (*fields, "title_zh", "title_en"):
        snippet = make_snippet(hit.get(field) or "", needles)
        if snippet:
            break
    if not snippet:
        snippet = html.escape((hit.get("body_zh") or hit.get("body_en") or "")[:120])
    return SearchHit(
        id=hit["id"],
        plan=hit["plan"],
        kind=hit["kind"],
        label=hit["label"],
        title_zh=hit["title_zh"],
        title_en=hit.get("title_en", ""),
        url=hit["url"],
        score=round(score, 3),
        snippet=snippet,
    )


def _restricted(words: query.Query, condition: query.Query | None) -> query.Query:
    """The words' matches that meet the condition, scored by the words alone.

    An intersection rather than Whoosh's `filter=`: a filter is checked after every match of
    the words has been read, whereas the intersection skips ahead along the condition's
    (short) posting list, so a search in one plan of two hundred reads about that plan only.
    """
    if condition is None:
        return words
    return query.And([words, query.ConstantScoreQuery(condition, 0.0)])
