"""No script from the data: hostile payloads in every text field of a fixture corpus, built
by the real pipeline and MkDocs in both editions, leave no live script, event-handler
attribute or dangerous URL in any page, and the payloads still show as text."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from builder.build import BuildError
from builder.pipeline import build_all
from builder.safe_html import unsafe
from builder.yamlio import read_yaml, write_yaml

from ..conftest import FIXTURES, copy_checkout

PAYLOADS = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "![y](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">a</a>',
    "<javascript:alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)",
    '{: onclick="alert(1)" }',
    "{ onclick=alert(1) }",
    "<svg onload=alert(1)>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "[z](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "{{ 7*7 }} {% raw %} {#",
    '<div markdown="1">[m](javascript:alert(1))</div>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "`code` *em* _u_ | pipe | \\",
    "\n[r]: javascript:alert(1)\n# heading\n- [l][r]\n!!! note\n",
]
PAYLOAD = " ".join(PAYLOADS)
# Fields that are identifiers, keys, enumerations or source quotes (checked against the
# source text), not text a reader sees; and files that map ids to ids.
NOT_TEXT = {
    *("id", "key", "plans", "attribute", "kind", "status", "type", "source_file", "quote"),
    *("date", "went_to", "used_ids", "inferred"),
}
ID_MAPS = {"links.yaml", "national_keys.yaml"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"}


def poisoned(node: Any, key: Any = None) -> Any:
    """Every text value with the payloads appended (the original kept: ids stay unique)."""
    if isinstance(node, dict):
        return {k: poisoned(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [poisoned(v, key) for v in node]
    if isinstance(node, str) and key not in NOT_TEXT:
        return node + PAYLOAD
    return node


def poison_corpus(corpus: Path) -> int:
    fields = 0
    for path in corpus.rglob("*.yaml"):
        if path.name not in ID_MAPS:
            before = path.read_text(encoding="utf-8")
            write_yaml(path, poisoned(read_yaml(path)))
            fields += path.read_text(encoding="utf-8").count("alert(1)") // 10 - (
                before.count("alert(1)") // 10
            )
    return fields


class LiveCode(HTMLParser):
    """What in a page could run: scripts, event handlers, dangerous URLs, embedded frames."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        if tag in ("iframe", "object", "embed", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            cleaned = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRIBUTES and cleaned.startswith(DANGEROUS_SCHEMES):
                self.found.append(f"<{tag} {name}={cleaned[:40]}>")
            elif tag == "script" and "alert" in cleaned:
                self.found.append(f"<script {name}={cleaned[:40]}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert" in data:
            self.found.append(f"<script>{data[:40]}")


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("poisoned")
    project = copy_checkout(root / "checkout")
    shutil.rmtree(project.corpus)
    shutil.copytree(FIXTURES / "mini", project.corpus)
    assert poison_corpus(project.corpus) > 50
    build_all(project, root / "site", root / "search-index")
    return root / "site"


def test_no_page_of_either_edition_holds_live_code(poisoned_site: Path):
    pages = sorted(poisoned_site.rglob("*.html"))
    assert any(p.parts[-3:-1] == ("en", "demo") for p in pages)
    shown = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parser = LiveCode()
        parser.feed(text)
        assert parser.found == [], page.relative_to(poisoned_site)
        shown += "[x](javascript:alert(1))" in _text_of(text)
    assert shown > 20  # the payloads are on the pages, as text


def _text_of(html: str) -> str:
    collected: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            collected.append(data)

    Text(convert_charrefs=True).feed(html)
    return "".join(collected)


@pytest.mark.parametrize(
    ("tag", "problem"),
    [
        ('<a href="javascript:alert(1)">', "a link to 'javascript:alert(1)'"),
        ('<a href=" JaVa&#9;Script:alert(1)">', "a link to ' JaVa&#9;Script:alert(1)'"),
        ("<img src='data:image/svg+xml,x'>", "a link to 'data:image/svg+xml,x'"),
        ('<span onmouseover="x">', "an event-handler attribute"),
        ("<script>", "a tag that runs or embeds code"),
        ('<iframe src="../x/">', "a tag that runs or embeds code"),
        ('<a href="../shifeng/art-1/#art-1">', None),
        ('<a href="https://example.org/a:b">', None),
        ('<a href="mailto:plan-atlas@example.org?subject=a:b">', None),
        ('<abbr title="javascript: not a link">', None),
    ],
)
def test_the_last_check_knows_what_runs(tag: str, problem: str | None):
    assert unsafe(tag) == problem


def test_a_page_with_a_script_link_fails_the_build_naming_it(tmp_path: Path):
    project = copy_checkout(tmp_path / "checkout")
    shutil.rmtree(project.corpus)
    shutil.copytree(FIXTURES / "mini", project.corpus)
    about = project.static_pages / "about.md"
    about.write_text(about.read_text("utf-8") + '\n<a href="javascript:alert(1)">x</a>\n', "utf-8")
    with pytest.raises(BuildError, match=r"about\.md: refused a link to 'javascript:alert\(1\)'"):
        build_all(project, tmp_path / "site", tmp_path / "search-index")
    assert not (tmp_path / "site").exists()
