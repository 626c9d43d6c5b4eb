"""Run a parsed query against the index: ranking, glossary expansion, filters, snippets."""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from whoosh import highlight, query
from whoosh.searching import Hit, Searcher

from builder.models import Term
from builder.search.analysis import ENGLISH, bigrams, sub_words
from builder.search.index import open_index
from builder.search.query import KINDS, ParsedQuery, parse_query

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
        self.index = open_index(index_dir)
        self.glossary = glossary
        self.zh_analyzer = self.index.schema["title_zh"].analyzer

    def search(
        self, raw: str, plan: str | None = None, kind: str | None = None, limit: int = 10
    ) -> SearchResult:
        parsed = parse_query(raw, plan=plan, kind=kind)
        with self.index.searcher() as searcher:
            pinned = self._pinned(searcher, parsed)
            hits = list(pinned)
            seen = {h.id for h in hits}
            words = self._words_query(parsed)
            total = len(hits)
            did_you_mean = None
            terms: list[SearchHit] = []
            if words is not None:
                results = searcher.search(
                    words,
                    filter=self._filter(parsed),
                    mask=None if parsed.kind == "term" else query.Term("kind", "term"),
                    limit=limit + len(seen),
                    terms=True,
                )
                results.fragmenter = highlight.ContextFragmenter(maxchars=120, surround=40)
                results.formatter = _MarkFormatter()
                total += len(results)
                for hit in results:
                    if hit["id"] not in seen:
                        hits.append(_hit(hit, hit.score))
                if not len(results) and not pinned:
                    did_you_mean = self._suggest(searcher, parsed)
                if parsed.kind is None:
                    terms = self._glossary_hits(searcher, words)
            return SearchResult(raw, total, hits[:limit], did_you_mean, terms)

    def _glossary_hits(self, searcher: Searcher, words: query.Query) -> list[SearchHit]:
        """Glossary terms that match, shown beside the records rather than among them."""
        results = searcher.search(words, filter=query.Term("kind", "term"), limit=3)
        return [_hit(hit, hit.score) for hit in results]

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

    def _pinned(self, searcher: Searcher, parsed: ParsedQuery) -> list[SearchHit]:
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
        return [_hit(hit, PINNED_SCORE) for hit in results]

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
        en_words = [t.text for t in ENGLISH(text)]
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
        for field in EN_FIELDS:
            clauses += [
                query.FuzzyTerm(field, word, maxdist=1, prefixlength=2, constantscore=False)
                if len(word) >= 5 and word.isalpha()
                else query.Term(field, word)
                for word in en_words
                if not _is_cjk(word)
            ]
        return clauses

    def _phrase_clauses(self, phrase: str, boost: float) -> list[query.Query]:
        clauses: list[query.Query] = []
        zh_words = [t.text for t in self.zh_analyzer(phrase)]
        en_words = [t.text for t in ENGLISH(phrase)]
        for field in ZH_FIELDS:
            clauses.append(_phrase(field, zh_words, boost))
        if all(not _is_cjk(w) for w in en_words):
            for field in EN_FIELDS:
                clauses.append(_phrase(field, en_words, boost))
        return clauses

    def _glossary_clauses(self, text: str) -> list[query.Query]:
        """An English term searches the Chinese text; a colloquial Chinese term the formal one."""
        lowered = f" {text.lower()} "
        clauses: list[query.Query] = []
        for term in self.glossary:
            named_in_english = any(_contains_words(lowered, en.lower()) for en in term.all_en)
            named_by_alias = any(alias in text for alias in term.aliases_zh)
            if named_in_english or named_by_alias:
                clauses += self._phrase_clauses(term.zh, boost=1.5)
        return clauses

    def _suggest(self, searcher: Searcher, parsed: ParsedQuery) -> str | None:
        """'Did you mean' for an English query that found nothing."""
        words = [t.text for t in ENGLISH(parsed.text, stemming=False)] if parsed.text else []
        if not words or any(_is_cjk(w) for w in words):
            return None
        corrector = searcher.corrector("title_en")
        corrected = [
            (corrector.suggest(word, limit=1) or [word])[0] for word in parsed.text.lower().split()
        ]
        suggestion = " ".join(corrected)
        return suggestion if suggestion != parsed.text.lower() else None


def _phrase(field: str, words: list[str], boost: float) -> query.Query:
    if len(words) == 1:
        return query.Term(field, words[0], boost=boost)
    return query.Phrase(field, words, boost=boost)


def _is_cjk(word: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in word)


def _contains_words(haystack: str, needle: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])", haystack) is not None


class _MarkFormatter(highlight.Formatter):
    """Matched words as <mark>…</mark> in HTML-escaped text."""

    between = " … "

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"<mark>{html.escape(highlight.get_text(text, token, replace))}</mark>"

    def format_fragment(self, fragment: Any, replace: bool = False) -> str:
        output, index = [], fragment.startchar
        text = fragment.text
        for token in fragment.matches:
            if token.startchar < index:
                continue
            output.append(html.escape(text[index : token.startchar]))
            output.append(self.format_token(text, token, replace))
            index = token.endchar
        output.append(html.escape(text[index : fragment.endchar]))
        return "".join(output)


def _hit(hit: Hit, score: float) -> SearchHit:
    snippet = ""
    for field in ("body_zh", "body_en", "title_zh", "title_en"):
        try:
            snippet = hit.highlights(field, top=2)
        except KeyError:
            snippet = ""
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
