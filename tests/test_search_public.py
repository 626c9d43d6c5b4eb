"""The public search index (builder/search/public.py) on the fixture corpus; the browser side
that reads it is tested in test_browser_search.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.link import register_corpus
from builder.load import load_corpus
from builder.search import public
from builder.search.analysis import register_dictionary, segment
from builder.search.index import user_dictionary_words
from builder.search.public import WORD_BREAK, build_public_index, shard_of


@pytest.fixture
def index(mini_corpus: Path, tmp_path: Path):
    corpus = load_corpus(mini_corpus)
    out = tmp_path / "search-data"
    result = build_public_index(corpus, register_corpus(corpus), out)
    return corpus, out, result


def read(path: Path):
    return json.loads(path.read_text("utf-8"))


def words(out: Path) -> dict[str, list[int]]:
    """The vocabulary: word → [segmentation weight, documents, postings file number]."""
    merged: dict[str, list[int]] = {}
    for shard in (out / "v").glob("*.json"):
        merged.update(read(shard)["w"])
    return merged


def postings(out: Path, word: str, group: int | None = None) -> dict[int, int]:
    """A word's postings as the browser reads them: from its pack, or its plan group's file."""
    folder = out / "p" / str(shard_of(word, read(out / "meta.json")["shards"]))
    entry = words(out)[word]
    if group is None:
        flat = read(folder / f"{entry[2]}.json")[word]
    else:
        flat = read(folder / f"g{entry[3]}-{group}.json")
    return dict(zip(flat[0::2], flat[1::2], strict=True))


def test_every_record_is_a_document_with_its_url_and_labels_in_each_language(index):
    corpus, out, result = index
    meta = read(out / "meta.json")
    plan = corpus.plans[0]
    expected = len(plan.provisions) + len(plan.indicators) + len(plan.projects)
    assert result.documents == meta["documents"] == expected + len(corpus.glossary)
    first = read(out / "d" / "0.json")
    assert first["id"] == "demo/art-1" and first["url"] == "/demo/art-1/"
    assert first["label"] == {"zh": "第1条", "en": "Article 1"}
    assert set(first["title"]) == {"zh", "en"}
    spans = [span for kinds in meta["ranges"].values() for span in kinds.values()]
    covered = sorted(n for start, end in spans for n in range(start, end))
    assert covered == list(range(meta["documents"]))  # the filters cover every document once


def test_the_chinese_text_is_the_source_text_once_the_word_breaks_are_removed(index):
    corpus, out, _ = index
    for number, provision in enumerate(corpus.plans[0].provisions):
        text = read(out / "d" / f"{number}.json")["text"]["zh"]
        assert WORD_BREAK not in provision.text_zh
        assert text.replace(WORD_BREAK, "") == provision.text_zh
        assert WORD_BREAK in text  # cut into words, so the browser marks whole words only


def test_the_index_words_are_the_staff_index_words(index):
    corpus, out, _ = index
    dictionary = register_dictionary(user_dictionary_words(corpus))
    indexed = words(out)
    provision = corpus.plans[0].provisions[0]
    for word, _, _ in segment(provision.title_zh + provision.text_zh, dictionary):
        if word not in read(out / "meta.json")["stop"]:
            assert word in indexed, word


def test_each_word_is_in_the_shard_the_browser_looks_in(index):
    _, out, _ = index
    shards = read(out / "meta.json")["shards"]
    for shard in (out / "v").glob("*.json"):
        for word in (*read(shard)["w"], *read(shard)["s"]):
            assert shard_of(word, shards) == int(shard.stem), word


def test_a_word_in_a_title_outranks_the_same_word_in_a_text(index):
    """The staff index's field boosts: 组织领导 is art-2's title; art-1 does not have it."""
    _, out, _ = index
    scores = postings(out, "领导")  # a part of the title word 组织领导 (and of 领导小组)
    assert list(scores.values()) == sorted(scores.values(), reverse=True)
    assert all(score > 0 for score in scores.values())
    assert words(out)["领导"][1] == len(scores)


def test_article_numbers_and_sections_name_their_documents(index):
    corpus, out, _ = index
    provisions = corpus.plans[0].provisions
    for number, provision in enumerate(provisions):
        if provision.number:
            assert number in read(out / "n" / f"a{provision.number}.json")
        assert number in read(out / "n" / f"c{provision.chapter}.json")


def test_english_words_map_to_the_stems_the_index_holds(index):
    _, out, _ = index
    surfaces: dict[str, str] = {}
    for shard in (out / "v").glob("*.json"):
        surfaces.update(read(shard)["s"])
    indexed = words(out)
    assert surfaces, "the fixture's English has inflected words"
    for surface, stem in surfaces.items():
        assert stem in indexed, (surface, stem)


def test_a_rebuild_replaces_the_index_whole(index, mini_corpus: Path):
    corpus, out, _ = index
    (out / "d" / "999.json").write_text("{}")
    build_public_index(corpus, register_corpus(corpus), out)
    assert not (out / "d" / "999.json").exists()
    assert not out.with_name(out.name + ".staging").exists()


def test_a_common_word_has_its_best_postings_and_all_of_them_by_plan_group(
    mini_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """At hundreds of plans a word's postings are cut to the best TOP_POSTINGS, so a search in
    one plan reads that plan's group file instead (here: the best 1 of each word, one group)."""
    monkeypatch.setattr(public, "TOP_POSTINGS", 1)
    corpus = load_corpus(mini_corpus)
    out = tmp_path / "search-data"
    build_public_index(corpus, register_corpus(corpus), out)
    meta = read(out / "meta.json")
    assert meta["top"] == 1 and meta["groups"] == [[0, meta["documents"]]]
    start, end = meta["groups"][0]
    common = [w for w, entry in words(out).items() if entry[1] > 1]
    assert common
    complete = 0
    for word in common:
        best, everything = postings(out, word), postings(out, word, group=0)
        assert len(best) == 1
        assert all(start <= doc < end for doc in everything)
        assert set(best) <= set(everything) or not start <= next(iter(best)) < end
        complete += len(everything) == words(out)[word][1]
    assert complete  # words found in the plan's documents only: all of them are in the group


def test_the_same_corpus_writes_the_same_files_byte_for_byte(mini_corpus: Path, tmp_path: Path):
    """Two processes with different string hashing write identical files (a set's order once
    leaked into the English surface lists), so a rebuild rewrites only what changed."""
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; from builder.load import load_corpus; "
        "from builder.link import register_corpus; "
        "from builder.search.public import build_public_index; "
        "c = load_corpus(Path(sys.argv[1])); "
        "build_public_index(c, register_corpus(c), Path(sys.argv[2]))"
    )
    outs = [tmp_path / f"out{seed}" for seed in (1, 2)]
    for seed, out in zip((1, 2), outs, strict=True):
        env = {"PYTHONHASHSEED": str(seed), "PATH": "/usr/bin:/bin"}
        command = [sys.executable, "-c", script, str(mini_corpus), str(out)]
        subprocess.run(command, check=True, env=env, cwd=Path(__file__).parent.parent)
    first, second = ({p.relative_to(o): p.read_bytes() for p in o.rglob("*.json")} for o in outs)
    assert first == second


def test_an_unchanged_plan_brings_its_analysed_documents_from_the_cache(tmp_path: Path):
    """An edit to one plan analyses that plan again and links the other plan's document files
    to the previous index's; the index is byte for byte the one an uncached build of the
    edited corpus writes."""
    from builder.cache import Cache
    from tests.conftest import copy_checkout

    corpus_dir = copy_checkout(tmp_path / "checkout").corpus
    cache = Cache(tmp_path / "cache")

    def build(
        out: Path, with_cache: Cache | None, previous: Path | None = None
    ) -> dict[Path, bytes]:
        corpus = load_corpus(corpus_dir)
        build_public_index(corpus, register_corpus(corpus), out, with_cache, previous)
        return {p.relative_to(out): p.read_bytes() for p in out.rglob("*.json")}

    build(tmp_path / "first", cache)
    entries = cache.folder / public.CACHE_STAGE
    assert len(list(entries.iterdir())) == 2  # one per plan
    provisions = corpus_dir / "shifeng" / "provisions.yaml"
    text = provisions.read_text("utf-8")
    provisions.write_text(text.replace("位于株洲市境最北端", "位于株洲市境的最北端", 1), "utf-8")
    cached = build(tmp_path / "cached", Cache(cache.folder), previous=tmp_path / "first")
    assert len(list(entries.iterdir())) == 3  # Lingling's came from the cache
    assert cached == build(tmp_path / "uncached", None)
    spans = read(tmp_path / "cached" / "meta.json")["ranges"]
    lingling = {n for start, end in spans["lingling"].values() for n in range(start, end)}
    linked = {
        int(path.stem)
        for path in (tmp_path / "cached" / "d").iterdir()
        if path.stat().st_ino == (tmp_path / "first" / "d" / path.name).stat().st_ino
    }
    assert linked == lingling
    assert any("的最北端" in b.decode().replace(WORD_BREAK, "") for b in cached.values())


def test_no_analysed_plan_is_held_once_its_documents_are_written(
    real_corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The plans' analysed documents pass through one at a time and are let go once written:
    holding all of them while the postings were made took 1.7 GB at 200 plans. Counted when
    the postings begin (the real `_segmentation_weights` runs right after the documents)."""
    import gc

    alive: list[int] = []
    weights = public._segmentation_weights

    def counting(dictionary: str):
        gc.collect()
        alive.append(sum(isinstance(o, public.Part) for o in gc.get_objects()))
        return weights(dictionary)

    monkeypatch.setattr(public, "_segmentation_weights", counting)
    build_public_index(real_corpus, register_corpus(real_corpus), tmp_path / "search-data")
    assert alive == [0]
