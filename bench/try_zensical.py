"""Can the site move from MkDocs to Zensical before mkdocs-material's end of life (2027-05-05)?

Renders both editions with the project's own code (generated and hand-written pages, laid out
as `python -m builder build` does) into a temp folder and builds each edition three ways:
`mkdocs` (the real build: builder.build.build_site, strict, three hooks), `zensical` (the
edition's MkDocs configuration, given docs_dir, site_dir, nav, site_url and hooks as build_site
gives them) and `zensical+shims` (SHIMS applied to a copy of the theme overrides, to see what
breaks past the first template error). One table compares exit status, seconds, warnings and
errors, HTML pages against Markdown pages, the hooks' effects (table_names.py: Markdown tables
captioned and scoped; nav_scope.py: `extra.scoped_nav_after: 0` takes the home page's plan
tabs away; safe_html.py: Zensical also gets a page it refuses), the home page's <title>, and
every internal href/src resolved against its page (targets written after MkDocs, such as
pagefind/ and api/, left out); messages and broken-link examples follow.

Usage: .venv/bin/python bench/try_zensical.py [--corpus PATH] [--venv PATH] [--keep]
Installs Zensical into its own virtual environment (default .zensical-venv/ in the checkout).
Exits 0 whatever Zensical does (a report), 1 when the script cannot run. Not in `make test`.
"""

from __future__ import annotations

import argparse
import html
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mkdocs.utils.yaml import yaml_load  # noqa: E402

from builder.build import MKDOCS_HOOKS, build_site, edition_url  # noqa: E402
from builder.consistency import check_consistency  # noqa: E402
from builder.editions import EDITIONS, Edition  # noqa: E402
from builder.export import downloads, export_files  # noqa: E402
from builder.link import register_corpus  # noqa: E402
from builder.load import load_corpus  # noqa: E402
from builder.pipeline import WRITTEN_AFTER_MKDOCS, Project  # noqa: E402
from builder.relations import relate  # noqa: E402
from builder.render import render_site, write_pages  # noqa: E402
from builder.table_names import HEAD, MARKDOWN_TABLE, UNSCOPED_TH  # noqa: E402

ZENSICAL = "zensical==0.0.73"  # what the registry gives (0.0.74+ need zensical-ui, not there)
SHIMS = (("partials/cite.html", ".unescape()", ""),)  # MiniJinja strings have no Python methods
PROBE = "atlas-hook-probe"  # a page safe_html.py refuses, given to Zensical only
PROBE_TEXT = '# Probe\n\n<p onclick="void 0">safe_html.py refuses this page.</p>\n'
LINK = re.compile(r"""<[^>]*\s(?:href|src)=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
MESSAGE = re.compile(r"^(Warning|Error|\w+Error|\w+Exception)\b.*")  # Zensical's output


@dataclass
class Build:
    """One edition built one way, and what was found in it."""

    edition: Edition
    way: str
    exit: int
    seconds: float
    messages: list[str]  # every warning and error line, with its location when one is given
    findings: dict[str, str] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)


def ensure_zensical(path: Path) -> Path:
    """The zensical command of a virtual environment at `path`, installed there if need be."""
    pip = [str(path / "bin" / "python"), "-m", "pip", "install", "--quiet", ZENSICAL]
    try:
        if not (path / "bin" / "python").exists():
            venv.EnvBuilder(with_pip=True).create(path)
            (path / ".gitignore").write_text("*\n")  # as Python 3.13's venv does
        subprocess.run(pip, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        details = getattr(error, "stderr", "") or error
        message = f"try_zensical: could not install {ZENSICAL} into {path}: {details}"
        raise SystemExit(message) from error
    return path / "bin" / "zensical"


def render_editions(corpus_dir: Path, docs: Path) -> dict[str, list[Any]]:
    """Write each edition's pages into docs/CODE as the build does; return the navigations."""
    project = Project(ROOT)
    corpus = load_corpus(corpus_dir)
    registry, relations = register_corpus(corpus), relate(corpus)
    listed = downloads(export_files(corpus, registry, relations), corpus)
    findings, navs = check_consistency(corpus), {}
    for edition in EDITIONS:
        code = edition.code
        rendered = render_site(corpus, registry, findings, relations, code, listed)
        static, vendor = project.static_pages_of(code), project.vendor_scripts
        write_pages(rendered.pages.items(), rendered.kept, static, docs / code, vendor)
        navs[code] = rendered.nav
    return navs


def page_files(docs: Path) -> set[str]:
    """The HTML file each Markdown page becomes (use_directory_urls)."""
    stems = [page.relative_to(docs).with_suffix("") for page in docs.rglob("*.md")]
    return {str(s.parent / "index.html" if s.name == "index" else s / "index.html") for s in stems}


def edition_config(edition: Edition) -> dict[str, Any]:
    """The edition's MkDocs configuration as MkDocs reads it (INHERIT and !ENV resolved)."""
    with (ROOT / edition.config).open("rb") as source:
        return dict(yaml_load(source))


def write_config(tmp: Path, way: str, edition: Edition, nav: list[Any], overrides: Path) -> Path:
    """The configuration pointed at the temp folder, by paths relative to it (Zensical needs)."""
    config = edition_config(edition)
    config.update(
        docs_dir=f"docs/{edition.code}",
        site_dir=f"{way}/site/{edition.path}".rstrip("/"),
        nav=nav,
        site_url=site_url(edition),
        hooks=[str(hook) for hook in MKDOCS_HOOKS],
    )
    config["theme"]["custom_dir"] = str(overrides)
    config.setdefault("extra", {})["scoped_nav_after"] = 0  # nav_scope.py's effect shows
    path = tmp / f"{way}-{edition.code}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def site_url(edition: Edition) -> str:
    return edition_url(ROOT / EDITIONS[0].config, edition.code)


def run_mkdocs(tmp: Path, edition: Edition, nav: list[Any]) -> Build:
    config = write_config(tmp, "mkdocs", edition, nav, ROOT / "docs" / "overrides")
    site = tmp / "mkdocs" / "site" / edition.path
    started, code, messages = time.perf_counter(), 0, []
    try:
        build_site(config, tmp / "docs" / edition.code, site, nav, site_url=site_url(edition))
    except Exception as error:  # a report: whatever failed is a finding
        code, messages = 1, [f"{type(error).__name__}: {error}"]
    return Build(edition, "mkdocs", code, time.perf_counter() - started, messages)


def run_zensical(command: Path, config: Path, edition: Edition, way: str) -> Build:
    """`zensical build` (cache cleaned); its whole output is kept beside the configuration."""
    build = [str(command), "build", "--clean", "--config-file", str(config)]
    started = time.perf_counter()
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(build, cwd=config.parent, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    output = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + "\n" + done.stderr)
    config.with_suffix(".log").write_text(output, "utf-8")
    return Build(edition, way, done.returncode, seconds, message_lines(output))


def message_lines(output: str) -> list[str]:
    """Each warning or error line, with the source location on the line after it, if any."""
    lines = [*output.splitlines(), ""]
    found = []
    for line, after in itertools.pairwise(lines):
        if MESSAGE.match(line.strip()):
            where = re.search(r"╭─\[ (.+?) \]", after)
            found.append(line.strip() + (f" @ {where.group(1)}" if where else ""))
    return found


def shimmed_overrides(tmp: Path) -> Path:
    """A copy of the theme overrides with SHIMS applied."""
    copy = shutil.copytree(ROOT / "docs" / "overrides", tmp / "overrides-shimmed")
    for name, old, new in SHIMS:
        (copy / name).write_text((copy / name).read_text("utf-8").replace(old, new), "utf-8")
    return copy


def edition_pages(site: Path, edition: Edition) -> dict[str, str]:
    """The edition's HTML pages by path (not 404.html, the probe, another edition's pages)."""
    others = {e.path for e in EDITIONS if e.path and e != edition}
    pages = {}
    for path in (site / edition.path).rglob("*.html"):
        name = str(path.relative_to(site / edition.path))
        if name != "404.html" and name.split("/")[0] not in {*others, PROBE}:
            pages[name] = path.read_text("utf-8", errors="replace")
    return pages


def check_links(site: Path, edition: Edition, pages: dict[str, str]) -> tuple[int, list[str]]:
    """How many internal links the pages hold, and the ones whose target file is missing."""
    total, broken = 0, []
    for name, text in sorted(pages.items()):
        for match in LINK.finditer(text):
            url = html.unescape("".join(part or "" for part in match.groups()))
            target = urlparse(urljoin(f"http://site/{edition.prefix}{name}", url))
            path = unquote(target.path).lstrip("/")
            if target.netloc != "site" or path.split("/")[0] in WRITTEN_AFTER_MKDOCS:
                continue
            total += 1
            file = site / path
            if path == "" or path.endswith("/") or file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{edition.prefix}{name} → {url}")
    return total, broken


def named_tables(pages: dict[str, str]) -> str:
    """Markdown tables that have table_names.py's caption and scoped column headers."""
    tables = named = 0
    for text in pages.values():
        for table in MARKDOWN_TABLE.finditer(text):
            inner = table.group(1)
            tables += 1
            captioned = inner.lstrip().startswith('<caption class="atlas-visually-hidden">')
            named += captioned and not any(UNSCOPED_TH.search(h) for h in HEAD.findall(inner))
    return f"{named}/{tables} named"


def nav_scope_effect(home: str, nav: list[Any]) -> str:
    """With scoped_nav_after 0, nav_scope.py leaves the home page without its plan tabs."""
    tabs = home.count('class="md-tabs__item')
    return f"{'ran' if 0 < tabs < len(nav) else 'no effect'} ({tabs}/{len(nav)} tabs)"


def safe_html_effect(build: Build, site: Path) -> str:
    """Zensical's build of the probe page: refused (the hook ran) or built (it did not)."""
    if build.way == "mkdocs":
        return "not probed"
    if any("refused" in message for message in build.messages):
        return "ran (probe refused)"
    probe = site / build.edition.path / PROBE / "index.html"
    if not probe.is_file():
        return "no probe page"
    return "not run (probe built)" if "onclick" in probe.read_text("utf-8") else "probe cleaned"


def home_title(home: str, edition: Edition) -> str:
    """MkDocs' home page is titled with the site's name alone (main.html: page.is_homepage)."""
    title = re.search(r"<title>(.*?)</title>", home, re.S)
    name = edition_config(edition)["site_name"]
    return "ok" if title and html.unescape(title.group(1)).strip() == name else "not site name"


def template_error(messages: list[str]) -> str:
    """Where the first template error is (the whole message is printed below the table)."""
    for message in messages:
        if "could not render" in message or "TemplateError" in message:
            places = re.findall(r"\(in ([^)]+)\)", message)
            return places[-1] if places else message[:24]
    return "none"


def examine(build: Build, site: Path, expected: set[str], nav: list[Any]) -> None:
    """Fill in the build's findings from its messages and the site it made."""
    pages = edition_pages(site, build.edition)
    home = pages.get("index.html", "")
    total, build.broken = check_links(site, build.edition, pages)
    build.findings = {
        "exit status": str(build.exit),
        "seconds": f"{build.seconds:.1f}",
        "warnings": str(sum(m.startswith("Warning") for m in build.messages)),
        "errors": str(sum(not m.startswith("Warning") for m in build.messages)),
        "template error": template_error(build.messages),
        "html pages / .md": f"{len(expected & set(pages))}/{len(expected)}",
        "table_names hook": named_tables(pages),
        "nav_scope hook": nav_scope_effect(home, nav),
        "safe_html hook": safe_html_effect(build, site),
        "home <title>": home_title(home, build.edition),
        "internal links": str(total),
        "broken links": str(len(build.broken)),
    }


def print_report(builds: list[Build]) -> None:
    """The findings, a column per build; then each build's messages and broken-link examples."""
    rows = [["", *(f"{b.edition.code} {b.way}" for b in builds)]]
    rows += [[name, *(b.findings[name] for b in builds)] for name in builds[0].findings]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    for build in builds:
        print(f"\n{build.edition.code} {build.way}:")
        for message, count in Counter(m.split(" @ ")[0] for m in build.messages).items():
            first = next(m for m in build.messages if m.startswith(message))
            print(f"  {count}× {first[:240]}")
        for example in build.broken[:: max(1, len(build.broken) // 5)][:5]:  # spread out
            print(f"  broken: {example}")


def build_all(zensical: Path, corpus: Path, tmp: Path) -> list[Build]:
    """Render, build every edition every way, and examine what each made."""
    try:
        navs = render_editions(corpus, tmp / "docs")
    except Exception as error:
        raise SystemExit(f"try_zensical: could not render the editions: {error!r}") from error
    expected = {e.code: page_files(tmp / "docs" / e.code) for e in EDITIONS}
    builds = [run_mkdocs(tmp, e, navs[e.code]) for e in EDITIONS]
    for edition in EDITIONS:
        (tmp / "docs" / edition.code / f"{PROBE}.md").write_text(PROBE_TEXT, "utf-8")
    overrides = {"zensical": ROOT / "docs" / "overrides", "zensical+shims": shimmed_overrides(tmp)}
    for way, folder in overrides.items():
        for e in EDITIONS:
            config = write_config(tmp, way, e, navs[e.code], folder)
            builds.append(run_zensical(zensical, config, e, way))
    for build in builds:
        code = build.edition.code
        examine(build, tmp / build.way / "site", expected[code], navs[code])
    return sorted(builds, key=lambda build: EDITIONS.index(build.edition))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--venv", type=Path, default=ROOT / ".zensical-venv")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder, print its path")
    args = parser.parse_args()
    zensical = ensure_zensical(args.venv.resolve())
    tmp = Path(tempfile.mkdtemp(prefix="try-zensical-"))
    try:
        builds = build_all(zensical, args.corpus.resolve(), tmp)
        print(f"{ZENSICAL}, corpus {args.corpus}\n")
        print_report(builds)
    finally:
        if args.keep:
            print(f"\nkept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
