"""Index stage: write the Whoosh index beside site/, only when the corpus has changed."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable
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
CODE_FINGERPRINT = "code.sha256"
SCHEMA_VERSION = "5"


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
        body_en=TEXT(analyzer=ENGLISH, stored=True, field_boost=0.8),
        context_en=TEXT(analyzer=ENGLISH, field_boost=0.5),
        url=STORED(),
        order=NUMERIC(stored=True),
        digest=STORED(),  # the document's content hash: an edit updates only what changed
    )


@dataclass(frozen=True)
class IndexResult:
    path: Path
    documents: int
    rebuilt: bool
    updated: int = 0  # documents added, changed or deleted by an incremental update


def corpus_fingerprint(corpus_dir: Path) -> str:
    """A hash of every corpus file and of the index code's version: what the index depends on."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for path in sorted(corpus_dir.rglob("*.yaml")):
        digest.update(str(path.relative_to(corpus_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def code_fingerprint(words: list[str] | None = None) -> str:
    """What every document's tokens depend on: the index code and the user dictionary."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    digest.update("\n".join(words or []).encode())
    return digest.hexdigest()


def document_digest(document: dict) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


def user_dictionary_words(corpus: Corpus) -> list[str]:
    """The plans' domain terms that jieba must keep whole (from the glossary)."""
    words = {w for term in corpus.glossary for w in term.all_zh if len(w) > 1}
    return sorted(w for w in words if not w.isascii())


def build_index(corpus: Corpus, registry: Registry, index_dir: Path) -> IndexResult:
    """Bring the index in `index_dir` up to date with the corpus: nothing when it already holds
    this corpus, only the changed documents when the code and dictionary are the same, else
    a full build."""
    fingerprint = corpus_fingerprint(corpus.root)
    stamp = index_dir / FINGERPRINT
    if stamp.exists() and stamp.read_text() == fingerprint:
        count = open_index(index_dir).doc_count()
        return IndexResult(index_dir, count, rebuilt=False)
    words = user_dictionary_words(corpus)
    # A stream, not a list: at 200 plans the documents together take over 100 MB.
    documents = (_with_digest(d) for d in corpus_documents(corpus, registry))
    code = code_fingerprint(words)
    code_stamp = index_dir / CODE_FINGERPRINT
    if code_stamp.exists() and code_stamp.read_text() == code:
        count, updated = _update_index(index_dir, documents)
        stamp.write_text(fingerprint)
        return IndexResult(index_dir, count, rebuilt=False, updated=updated)
    staging = index_dir.with_name(index_dir.name + ".staging")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    (staging / USER_DICT).write_text("\n".join(words) + "\n", "utf-8")
    ix = whoosh_index.create_in(str(staging), make_schema(register_dictionary(words)))
    writer = ix.writer(limitmb=256)
    count = 0
    for document in documents:
        writer.add_document(**document)
        count += 1
    writer.commit()
    (staging / CODE_FINGERPRINT).write_text(code)
    (staging / FINGERPRINT).write_text(fingerprint)
    if index_dir.exists():
        shutil.rmtree(index_dir)
    staging.rename(index_dir)
    return IndexResult(index_dir, count, rebuilt=True, updated=count)


def _with_digest(document: dict) -> dict:
    grams = " ".join([document["title_zh"], document.get("alias_zh", ""), document["body_zh"]])
    return {**document, "grams_zh": grams, "digest": document_digest(document)}


def _update_index(index_dir: Path, documents: Iterable[dict]) -> tuple[int, int]:
    """Delete, replace and add only the documents whose content hash changed; return how many
    documents the corpus has and how many were updated."""
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        indexed = {fields["id"]: fields.get("digest") for fields in searcher.all_stored_fields()}
    seen: set[str] = set()
    changed = []
    for document in documents:
        seen.add(document["id"])
        if indexed.get(document["id"]) != document["digest"]:
            changed.append(document)
    gone = indexed.keys() - seen
    if not gone and not changed:
        return len(seen), 0
    writer = ix.writer(limitmb=256)
    for key in gone:
        writer.delete_by_term("id", key)
    for document in changed:
        writer.update_document(**document)
    writer.commit()
    return len(seen), len(gone) + len(changed)


def open_index(index_dir: Path) -> whoosh_index.Index:
    """Open a built index, registering its user dictionary so queries segment like the index."""
    register_dictionary_file(index_dir / USER_DICT)
    return whoosh_index.open_dir(str(index_dir))
