"""The shrink guard against the real built site: emptying a plan's provisions or dropping a
plan fails the build and names what would disappear; a removal an import recorded passes."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.guard import ShrinkError, guard_shrink, published_records, unrecorded_losses
from builder.incremental import Stamp
from builder.load import load_corpus
from builder.pipeline import build_all
from builder.publish import published

from ..conftest import ROOT, copy_checkout


def without_plan(corpus_dir: Path, plan: str) -> None:
    index = corpus_dir / "corpus.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace(f"- {plan}\n", ""), "utf-8")


def test_the_published_site_is_read_from_its_exports(built_site: Path, real_corpus):
    records = published_records(published(built_site, "site"))
    assert records is not None and set(records) == {"shifeng", "lingling"}
    assert len(records["shifeng"]["provisions"]) == 107
    assert "ind-5.2" in records["lingling"]["indicators"]
    assert unrecorded_losses(real_corpus, records) == []


def test_a_plan_dropped_from_the_corpus_fails_the_build_and_keeps_the_site(
    built_site: Path, tmp_path: Path
):
    project = copy_checkout(tmp_path / "checkout")
    without_plan(project.corpus, "lingling")
    stamp = Stamp.read(published(built_site, "."))
    with pytest.raises(ShrinkError, match=r"plan lingling \(all its pages and records\)"):
        build_all(project, built_site, built_site.parent / "search-index")
    assert Stamp.read(published(built_site, ".")) == stamp  # nothing was published
    builds = [p for p in (built_site.parent / ".builds").iterdir() if not p.is_symlink()]
    assert all((p / "stamp.json").exists() for p in builds)  # nor a build folder begun


def test_records_that_vanish_are_named_unless_an_import_recorded_them(
    built_site: Path, real_corpus
):
    before = published_records(published(built_site, "site"))
    assert before is not None
    shifeng = real_corpus.plan("shifeng")
    shrunk = dataclasses.replace(
        shifeng,
        provisions=shifeng.provisions[:100],
        indicators=[i for i in shifeng.indicators if i.id != "ind-4"],
        projects=shifeng.projects[1:],
    )
    corpus = dataclasses.replace(real_corpus, plans=[shrunk, real_corpus.plan("lingling")])
    assert unrecorded_losses(corpus, before) == [
        "shifeng: 7 provisions (art-101, art-102, art-103, art-104, art-105, art-106, art-107)",
        "shifeng: 1 indicators (ind-4)",
        "shifeng: 1 projects (proj-1)",
    ]
    report = {
        "removed": [{"id": f"art-{n}", "went_to": None} for n in range(101, 108)],
        "indicators": [{"id": "ind-4", "what": "removed", "old": "x", "new": None}],
        "projects_removed": ["proj-1 某项目"],
    }
    recorded = dataclasses.replace(shrunk, reports={2: report})
    corpus = dataclasses.replace(real_corpus, plans=[recorded, real_corpus.plan("lingling")])
    guard_shrink(corpus, published(built_site, "site"))  # an import recorded it: no error
    with pytest.raises(ShrinkError):
        guard_shrink(dataclasses.replace(corpus, plans=[recorded]), published(built_site, "site"))
    guard_shrink(dataclasses.replace(corpus, plans=[recorded]), None)  # nothing published yet


def test_check_names_the_loss_and_the_flag_allows_it(built_site: Path, tmp_path: Path):
    project = copy_checkout(tmp_path / "checkout")
    current = project.root / ".builds" / "current"
    shutil.copytree(published(built_site, "site") / "api", current / "site" / "api")
    (project.root / "site").symlink_to(Path(".builds") / "current" / "site")
    without_plan(project.corpus, "shifeng")

    def check(*flags: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "builder", "--root", str(project.root), "check", *flags]
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)

    refused = check()
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.splitlines()[:2] == [
        "error: this build would remove from the published site what no import recorded removing:",
        "  plan shifeng (all its pages and records)",
    ]
    allowed = check("--allow-shrink")
    assert allowed.returncode == 0 and allowed.stdout.strip() == "corpus OK: lingling"
    assert load_corpus(project.corpus).plans[0].id == "lingling"
