"""Index stage: write the Whoosh index beside site/, only when the corpus has changed."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from builder.link import Registry
from builder.load import Corpus
from builder.search.analysis import (
    ENGLISH,
    BigramTokenizer,
    chinese_analyzer,
    register_dictionary,
    register_dictionary_file,
)
from builder.search.documents import corpus_documents

USER_DICT = "userdict.txt"
FINGERPRINT = "corpus.sha256"
SCHEMA_VERSION = "4"


def make_schema(user_dict: str | None) -> Schema:
    zh = chinese_analyzer(user_dict)
    return Schema(
        id=ID(stored=True, unique=True),
        plan=ID(stored=True),
        kind=ID(stored=True),
        label=ID(stored=True),
        number=NUMERIC(stored=True),
        chapter=NUMERIC(stored=True),
        section=NUMERIC(stored=True),
        chapter_title=STORED(),
        section_title=STORED(),
        title_zh=TEXT(analyzer=zh, stored=True, field_boost=4.0),
        alias_zh=TEXT(analyzer=zh, field_boost=3.0),
        body_zh=TEXT(analyzer=zh, stored=True),
        context_zh=TEXT(analyzer=zh, field_boost=0.5),
        grams_zh=TEXT(analyzer=BigramTokenizer(), field_boost=0.6),
        title_en=TEXT(analyzer=ENGLISH, stored=True, field_boost=4.0),
        alias_en=TEXT(analyzer=ENGLISH, field_boost=3.0),
        body_en=TEXT(analyzer=ENGLISH, stored=True, field_boost=1.5),
        context_en=TEXT(analyzer=ENGLISH, field_boost=0.5),
        url=STORED(),
        order=NUMERIC(stored=True),
    )


@dataclass(frozen=True)
class IndexResult:
    path: Path
    documents: int
    rebuilt: bool


def corpus_fingerprint(corpus_dir: Path) -> str:
    """A hash of every corpus file and of the index code's version: what the index depends on."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for path in sorted(corpus_dir.rglob("*.yaml")):
        digest.update(str(path.relative_to(corpus_dir)).encode())
        digest.update(path.read_bytes())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def user_dictionary_words(corpus: Corpus) -> list[str]:
    """The plans' domain terms that jieba must keep whole (from the glossary)."""
    words = {w for term in corpus.glossary for w in term.all_zh if len(w) > 1}
    return sorted(w for w in words if not w.isascii())


def build_index(corpus: Corpus, registry: Registry, index_dir: Path) -> IndexResult:
    """Build the index into `index_dir` unless it already holds this corpus's index."""
    fingerprint = corpus_fingerprint(corpus.root)
    stamp = index_dir / FINGERPRINT
    if stamp.exists() and stamp.read_text() == fingerprint:
        count = open_index(index_dir).doc_count()
        return IndexResult(index_dir, count, rebuilt=False)
    staging = index_dir.with_name(index_dir.name + ".staging")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    words = user_dictionary_words(corpus)
    (staging / USER_DICT).write_text("\n".join(words) + "\n", "utf-8")
    ix = whoosh_index.create_in(str(staging), make_schema(register_dictionary(words)))
    writer = ix.writer(limitmb=256)
    count = 0
    for document in corpus_documents(corpus, registry):
        grams = " ".join([document["title_zh"], document.get("alias_zh", ""), document["body_zh"]])
        writer.add_document(**document, grams_zh=grams)
        count += 1
    writer.commit()
    (staging / FINGERPRINT).write_text(fingerprint)
    if index_dir.exists():
        shutil.rmtree(index_dir)
    staging.rename(index_dir)
    return IndexResult(index_dir, count, rebuilt=True)


def open_index(index_dir: Path) -> whoosh_index.Index:
    """Open a built index, registering its user dictionary so queries segment like the index."""
    register_dictionary_file(index_dir / USER_DICT)
    return whoosh_index.open_dir(str(index_dir))
