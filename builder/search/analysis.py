"""Text analysis for the index and for queries (both must use the same dictionary).

Chinese is segmented with jieba into non-overlapping words whose positions are word
indexes, so quoted phrases match; the plans' domain terms from the glossary are added to
jieba's dictionary so that 黑臭水体 or 生态保护红线 stay whole. Runs of Latin letters and
digits stay whole inside Chinese text (PM2.5, 110kV, ΔEQI, 2025年), lowercased.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh.analysis import Analyzer, StemmingAnalyzer, Token, Tokenizer

ENGLISH = StemmingAnalyzer(minsize=1)

# Latin/digit runs: PM2.5, PM10, 110kV, 9F, ΔEQI, VOCs, 2025年, 93.05, 30%.
_LATIN_OR_NUMBER = (
    r"[A-Za-zΔ△μ]+[0-9]*(?:\.[0-9]+)?[A-Za-z0-9]*|[0-9]+(?:\.[0-9]+)?(?:[A-Za-z%]+|年)?"
)
_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
_SEGMENT = re.compile(rf"(?P<latin>{_LATIN_OR_NUMBER})|(?P<cjk>{_CJK})")
CJK_RUN = re.compile(_CJK)  # a run of Chinese characters, as the segmenter finds them

_STOP_WORDS = """
的 了 和 与 及 或 等 在 是 对 为 以 将 把 被 由 于 其 之 也 都 并 而 中 上 下 有 无
吗 呢 吧 啊 哪些 哪个 什么 怎么 怎样 如何 多少 是否 有没有 请问 关于 情况 问题 相关
一个 这个 那个 这些 那些 我 我们 你 他 它 要 会 能 可以 需要
"""
STOP_WORDS_ZH = frozenset(_STOP_WORDS.split())

_lock = threading.Lock()
_DICTIONARIES: dict[str, tuple[str, ...]] = {}


def register_dictionary(words: list[str]) -> str:
    """Make a user dictionary known to this process; return the key the analyzer stores.

    The index's schema is pickled with its analyzers, so an analyzer keeps this key (a hash
    of the words), not jieba itself; whoever opens the index registers its userdict first.
    """
    key = hashlib.sha256("\n".join(sorted(words)).encode()).hexdigest()[:16]
    _DICTIONARIES[key] = tuple(sorted(words))
    return key


def register_dictionary_file(path: Path) -> str:
    return register_dictionary(path.read_text(encoding="utf-8").split())


@lru_cache(maxsize=4)
def segmenter(user_dict: str | None) -> Any:  # a jieba.Tokenizer (jieba has no types)
    """A jieba tokenizer with the plans' terms added; loaded once per process and dictionary."""
    import jieba

    if user_dict is not None and user_dict not in _DICTIONARIES:
        raise LookupError(f"user dictionary {user_dict} is not registered in this process")
    logging.getLogger("jieba").setLevel(logging.WARNING)
    with _lock:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for word in _DICTIONARIES.get(user_dict or "", ()):
            tokenizer.add_word(word, freq=max(tokenizer.suggest_freq(word), 1000))
    return tokenizer


def segment(text: str, user_dict: str | None) -> Iterator[tuple[str, int, int]]:
    """Yield (word, start, end) for the words of `text`: Latin/digit runs whole, CJK via jieba."""
    for match in _SEGMENT.finditer(text):
        if match.lastgroup == "latin":
            yield match.group().lower().rstrip("."), match.start(), match.end()
        else:
            base = match.start()
            for word, start, end in segmenter(user_dict).tokenize(match.group(), HMM=False):
                yield word, base + start, base + end


class _SpanTokenizer(Tokenizer):
    """A Whoosh tokenizer over (word, start, end) spans; positions count words, not chars."""

    stop_words: frozenset[str] = frozenset()

    def spans(self, value: str) -> Iterator[tuple[str, int, int]]:
        raise NotImplementedError

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for word, start, end in self.spans(value):
            if not word.strip():
                continue
            stopped = word in self.stop_words
            if stopped and removestops:
                position += 1  # a removed stop word still takes its place in a phrase
                continue
            token.text, token.stopped, token.boost = word, stopped, 1.0
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = position
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            position += 1
            yield token


class ChineseTokenizer(_SpanTokenizer):
    """jieba words and Latin/digit runs; picklable (holds the dictionary key, not jieba)."""

    stop_words = STOP_WORDS_ZH

    def __init__(self, user_dict: str | None = None) -> None:
        self.user_dict = user_dict

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ChineseTokenizer) and other.user_dict == self.user_dict

    def __hash__(self) -> int:
        return hash(self.user_dict)

    def spans(self, value: str) -> Iterator[tuple[str, int, int]]:
        return segment(value, self.user_dict)


class BigramTokenizer(_SpanTokenizer):
    """Overlapping character bigrams of Chinese runs (Latin/digit runs whole).

    A phrase of bigrams is a substring match, whatever jieba made of the words around it:
    县城污水处理率 still contains 污水处理率.
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BigramTokenizer)

    def __hash__(self) -> int:
        return hash("bigram")

    def spans(self, value: str) -> Iterator[tuple[str, int, int]]:
        return bigrams(value)


def bigrams(text: str) -> Iterator[tuple[str, int, int]]:
    for match in _SEGMENT.finditer(text):
        run, base = match.group(), match.start()
        if match.lastgroup == "latin":
            yield run.lower().rstrip("."), base, match.end()
        elif len(run) == 1:
            yield run, base, base + 1
        else:
            for i in range(len(run) - 1):
                yield run[i : i + 2], base + i, base + i + 2


def sub_words(word: str) -> list[str]:
    """The dictionary words inside a long word (jieba's search mode, without the user terms)."""
    parts = {part for part, _, _ in segmenter(None).tokenize(word, mode="search")}
    return sorted(p for p in parts if p != word and len(p) >= 2 and p not in STOP_WORDS_ZH)


def chinese_analyzer(user_dict: str | None) -> Analyzer:
    return ChineseTokenizer(user_dict)


def words(text: str, user_dict: str | None) -> list[str]:
    """The index terms of `text` for the Chinese fields (what a query is matched on)."""
    return [t.text for t in ChineseTokenizer(user_dict)(text)]
