"""Re-importing a revised plan: stable ids, an exact change report, history, orphans."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from builder.importer import import_plan
from builder.load import load_corpus
from builder.revision.history import Amendment, read_history
from builder.yamlio import read_yaml

from .conftest import ROOT, copy_checkout

SOURCE = "000_77ecffee2542df39.txt"
# The revision a test's import records: the next after the real plan's history.
HISTORY = read_history(ROOT / "corpus" / "shifeng")
NEXT = len(HISTORY) + 1


def revise(text: str) -> str:
    """Edit one article, change one indicator target, delete project 13, add a project."""
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if "金利亚环保科技有限公司" in line)
    lines[i] = lines[i].replace(
        "到 2027 年，重点完成株洲市金利亚", "到 2026 年，重点完成株洲市金利亚"
    )
    i = next(k for k, line in enumerate(lines) if line.startswith("\t\t15\t农膜回收率"))
    lines[i] = lines[i].replace("≥86", "≥88")
    del lines[next(k for k, line in enumerate(lines) if "\t13\t石峰区“一住两公”" in line)]
    renumbered = []
    for line in lines:  # the table is renumbered after the deletion
        cells = line.split("\t")
        if len(cells) == 8 and cells[1].isdigit() and int(cells[1]) > 13:
            cells[1] = str(int(cells[1]) - 1)
        renumbered.append("\t".join(cells))
    lines = renumbered
    last = next(k for k, line in enumerate(lines) if "\t环保执法能力提升\t" in line)
    new = ["", "25", "石峰区新能源公交示范线项目", "新建", "开通新能源公交示范线2条。"]
    lines.insert(last + 1, "\t".join([*new, "2025-2027 年", "800", "生态环境石峰分局"]))
    return "\n".join(lines)


def insert_article(text: str) -> str:
    """A new 第38条 after 第37条; the following articles are renumbered."""

    def bump(match: re.Match[str]) -> str:
        number = int(match[1])
        return f"第 {number + 1} 条" if number >= 38 else match[0]

    body = re.sub(r"^第\s*(\d+)\s*条", bump, text, flags=re.MULTILINE)
    anchor = "第 39 条 着力打好臭氧污染防治攻坚战"
    new = "第 38 条 新增大气监测条文\n\n新建城区空气质量自动监测站3个，实现街道全覆盖。\n\n"
    return body.replace(anchor, new + anchor, 1)


@pytest.fixture
def checkout(tmp_path: Path):
    project = copy_checkout(tmp_path / "checkout")
    source = project.corpus / "sources" / SOURCE
    return project, source.read_text(encoding="utf-8")


def test_the_report_says_exactly_what_changed(checkout, tmp_path: Path):
    project, text = checkout
    revised = tmp_path / "revised.txt"
    revised.write_text(revise(text), encoding="utf-8")
    result = import_plan(revised, project.corpus / "shifeng", "one of each change")
    report = result.report
    assert [i for i, _ in report.reworded] == ["art-37"]
    assert report.added == [] and report.removed == [] and report.moved == []
    assert report.indicators == [("ind-15", "target 2027", "≥86", "≥88")]
    assert report.projects_removed == ["proj-13 石峰区“一住两公”地块土壤污染状况调查项目"]
    assert report.projects_added == ["proj-26 石峰区新能源公交示范线项目"]
    assert report.projects_changed == []
    assert report.totals == (189310, 189310 - 1500 + 800)
    assert "到202[-7-]{+6+}年" in report.markdown()


def test_ids_stay_stable_and_curation_carries_over(checkout, tmp_path: Path):
    project, text = checkout
    revised = tmp_path / "revised.txt"
    revised.write_text(revise(text), encoding="utf-8")
    import_plan(revised, project.corpus / "shifeng", "one of each change")
    projects = {
        p["id"]: p for p in read_yaml(project.corpus / "shifeng" / "projects.yaml")["projects"]
    }
    assert projects["proj-14"]["number"] == 13  # renumbered in the table, same id
    assert "proj-13" not in projects and projects["proj-26"]["number"] == 25
    english = read_yaml(project.corpus / "shifeng" / "english.yaml")
    assert "proj-14" in english["projects"] and "proj-13" not in english["projects"]
    orphans = read_yaml(project.corpus / "shifeng" / "revisions" / str(NEXT) / "orphans.yaml")
    assert "proj-13" in orphans["english.yaml"]["projects"]
    corpus = load_corpus(project.corpus)  # still a valid corpus
    stale = "stale: the Chinese changed after it was translated (numbers not compared)"
    translation = (project.corpus / "shifeng" / "translation.yaml").read_text("utf-8")

    def line(entry: str) -> int:  # where the entry stands in the translation file
        return translation.split("\n").index(entry) + 1

    assert sorted(str(w) for w in corpus.warnings) == [
        "corpus/shifeng/links.yaml: topics.proj-26: record has no topic",
        "corpus/shifeng/translation.yaml: projects.proj-26: translation pending (no English yet)",
        f"corpus/shifeng/translation.yaml:{line('  art-37:')}: provisions.art-37: {stale}",
        f"corpus/shifeng/translation.yaml:{line('  ind-15:')}: indicators.ind-15: {stale}",
    ]


def test_a_new_article_gets_a_new_id_and_renumbered_ones_keep_theirs(checkout, tmp_path: Path):
    project, text = checkout
    revised = tmp_path / "revised.txt"
    revised.write_text(insert_article(text), encoding="utf-8")
    result = import_plan(revised, project.corpus / "shifeng", "new article 38")
    assert result.report.added == ["art-108"]
    provisions = {
        p["id"]: p for p in read_yaml(project.corpus / "shifeng" / "provisions.yaml")["provisions"]
    }
    assert provisions["art-108"]["number"] == 38
    assert provisions["art-38"]["number"] == 39
    assert provisions["art-38"]["title_zh"] == "着力打好臭氧污染防治攻坚战"
    assert {m.how for m in result.report.matches if m.old_id == "art-38"} == {"renumbered"}


def test_history_snapshots_and_dry_run(checkout, tmp_path: Path):
    project, text = checkout
    plan_dir = project.corpus / "shifeng"
    revised = tmp_path / "revised.txt"
    revised.write_text(revise(text), encoding="utf-8")
    before = (plan_dir / "projects.yaml").read_bytes()
    history_before = (plan_dir / "revisions.yaml").read_bytes()
    import_plan(revised, plan_dir, dry_run=True)
    assert (plan_dir / "projects.yaml").read_bytes() == before
    assert (plan_dir / "revisions.yaml").read_bytes() == history_before
    import_plan(revised, plan_dir, "one of each change")
    history = read_history(plan_dir)
    assert [(r["revision"], r["description"]) for r in history] == [
        *((r["revision"], r["description"]) for r in HISTORY),
        (NEXT, "one of each change"),
    ]
    assert (plan_dir / "revisions" / str(NEXT - 1) / "projects.yaml").read_bytes() == before
    assert (plan_dir / "revisions" / str(NEXT) / "report.md").exists()


def test_reimporting_the_same_text_changes_nothing(checkout):
    project, _ = checkout
    result = import_plan(project.corpus / "sources" / SOURCE, project.corpus / "shifeng")
    assert result.report.empty


def test_revision_pages_show_the_change_side_by_side(checkout, tmp_path: Path):
    from builder.pipeline import build_all

    project, text = checkout
    revised = tmp_path / "revised.txt"
    revised.write_text(revise(text), encoding="utf-8")
    amendment = Amendment(dt.date(2025, 6, 30), "株石政发〔2025〕1号")
    import_plan(revised, project.corpus / "shifeng", "one of each change", amendment=amendment)
    build_all(project, tmp_path / "site", tmp_path / "search-index")
    page = (tmp_path / "site" / "shifeng" / "revisions" / "index.html").read_text("utf-8")
    # An official amendment is said plainly and listed apart from the site's own imports.
    assert "最近一次修订：</strong>2025-06-30印发（株石政发〔2025〕1号）" in page
    amendments = page[page.index('id="amendments"') : page.index('id="imports"')]
    assert f'href="#revision-{NEXT}"' in amendments and "#revision-1" not in amendments
    english = (tmp_path / "site" / "en" / "shifeng" / "revisions" / "index.html").read_text()
    assert "Latest amendment:</strong> issued on 2025-06-30" in english
    row = page[page.index(f'id="r{NEXT}-art-37"') :].split("</tr>")[0]
    assert "<del>7</del>" in row and "<ins>6</ins>" in row
    assert "≥86" in page and "≥88" in page and "proj-13" in page
    article = (tmp_path / "site" / "shifeng" / "art-37" / "index.html").read_text("utf-8")
    assert f"Last changed in revision {NEXT}" in article
    assert (
        "Last changed" not in (tmp_path / "site" / "shifeng" / "art-36" / "index.html").read_text()
    )
    feed = (tmp_path / "site" / "feed.xml").read_text("utf-8")
    entries = len(HISTORY) + len(read_history(ROOT / "corpus" / "lingling")) + 1
    assert feed.count("<entry>") == entries and "one of each change. Reworded 1" in feed
    # Each revision's text stays readable and citable, a page per chapter:
    # /shifeng/revisions/N/ch04/#art-37; the contents page /shifeng/revisions/N/ keeps the
    # anchor and links on (for links made before the split).
    for number, year in ((1, "2027"), (NEXT, "2026")):
        folder = tmp_path / "site" / "shifeng" / "revisions" / str(number)
        then = (folder / "ch04" / "index.html").read_text("utf-8")
        cited = then[then.index('id="art-37"') :].split('id="art-38"')[0]
        assert f"到{year}年，重点完成株洲市金利亚" in cited.replace(" ", "")
        assert f'href="../revisions/{number}/ch04/#art-37"' in article
        contents = (folder / "index.html").read_text("utf-8")
        line = contents[contents.index('<li id="art-37">') :].split("</li>")[0]
        assert 'href="ch04/#art-37" data-entry' in line


def test_rollback_restores_an_earlier_revision_and_is_recorded(checkout, tmp_path: Path):
    from builder.importer import IMPORTED_FILES
    from builder.revision.history import rollback

    project, text = checkout
    plan_dir = project.corpus / "shifeng"
    original = (plan_dir / "projects.yaml").read_bytes()
    revised = tmp_path / "revised.txt"
    revised.write_text(revise(text), encoding="utf-8")
    import_plan(revised, plan_dir, "one of each change")
    assert (plan_dir / "projects.yaml").read_bytes() != original
    assert rollback(plan_dir, NEXT - 1, list(IMPORTED_FILES)) == NEXT + 1
    assert (plan_dir / "projects.yaml").read_bytes() == original
    history = read_history(plan_dir)
    assert history[-1]["description"] == f"rollback to revision {NEXT - 1}"
    assert history[-1]["sha256"] == history[0]["sha256"]
    with pytest.raises(ValueError, match="no revision 9 to roll back to"):
        rollback(plan_dir, 9, list(IMPORTED_FILES))


def test_a_removed_article_keeps_its_page(checkout, tmp_path: Path):
    from builder.pipeline import build_all

    project, text = checkout
    start = text.index("第 107 条 社会参与")
    end = text.index("附件：1.")
    revised = tmp_path / "revised.txt"
    revised.write_text(text[:start] + text[end:], encoding="utf-8")
    result = import_plan(revised, project.corpus / "shifeng", "drop article 107")
    assert result.report.removed == [("art-107", None)]
    build_all(project, tmp_path / "site", tmp_path / "search-index")
    page = (tmp_path / "site" / "shifeng" / "art-107" / "index.html").read_text("utf-8")
    assert f"removed in revision {NEXT}" in page and "进一步完善生态环境信息公开化制度" in page
    english = (tmp_path / "site" / "en" / "shifeng" / "art-107" / "index.html").read_text("utf-8")
    assert f"removed in revision {NEXT}" in english
    assert "Further improve the system of eco-environmental information disclosure" in english


def move_and_reword(text: str) -> str:
    """Move article 106 to the end of chapter 8 as the new 第103条, reworded: a match the
    importer is not sure of (similar text, another place)."""
    lines = text.split("\n")
    start = lines.index("第 106 条 技术创新")
    block = lines[start : start + 4]  # heading, blank, paragraph, blank
    del lines[start : start + 4]
    block[0] = "第 103 条 科技人才"
    block[2] = (
        "引进环保与生态经济专业人才，形成产学研联合机制，"
        "加快建立企业主导产业技术创新的体制机制，支撑示范区建设。"
    )
    for number in (105, 104, 103):
        i = next(k for k, line in enumerate(lines) if line.startswith(f"第 {number} 条 "))
        lines[i] = lines[i].replace(f"第 {number} 条", f"第 {number + 1} 条")
    chapter_9 = lines.index("第九章 保障措施")
    lines[chapter_9:chapter_9] = block
    return "\n".join(lines)


def test_a_confirmed_match_keeps_the_old_id(checkout, tmp_path: Path):
    from builder.cli import main

    project, text = checkout
    plan_dir = project.corpus / "shifeng"
    english = plan_dir / "english.yaml"
    assert "art-106: Technological innovation" in english.read_text("utf-8")
    revised = tmp_path / "revised.txt"
    revised.write_text(move_and_reword(text), encoding="utf-8")
    result = import_plan(revised, plan_dir, "article 106 moved and reworded")
    assert [(m.new_id, m.old_id) for m in result.report.ambiguous] == [("art-108", "art-106")]
    confirm = plan_dir / "revisions" / str(NEXT) / "confirm.yaml"
    answers = read_yaml(confirm)
    assert answers["ambiguous"] == [
        {"new": "art-108", "old": "art-106", "confidence": 0.782, "same": None}
    ]
    assert "art-106:" not in english.read_text("utf-8")  # moved to the orphans file

    confirm.write_text(confirm.read_text("utf-8").replace("same: null", "same: true"), "utf-8")
    assert main(["--root", str(project.root), "confirm", "shifeng"]) == 0

    provisions = {p["id"]: p for p in read_yaml(plan_dir / "provisions.yaml")["provisions"]}
    assert "art-108" not in provisions and provisions["art-106"]["number"] == 103
    assert "art-106: Technological innovation" in english.read_text("utf-8")
    report = read_yaml(plan_dir / "revisions" / str(NEXT) / "report.yaml")
    assert report["added"] == [] and report["removed"] == []
    assert [item["id"] for item in report["reworded"]] == ["art-106"]
    assert read_yaml(confirm)["ambiguous"][0]["applied"] is True
    removed = plan_dir / "removed.yaml"
    assert not removed.exists() or not read_yaml(removed)["provisions"]
    load_corpus(project.corpus)  # the corpus stays valid
