"""Render stage: turn the linked corpus into Markdown pages and the navigation, with Jinja2."""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from builder.charts import Bar, Panel, bar_panel
from builder.consistency import Finding
from builder.editions import counterpart, label_text, localized, messages
from builder.editions import edition as edition_of
from builder.english_names import english_names
from builder.export import Download, downloads, export_files
from builder.figures import STATUS_ORDER
from builder.link import Registry, chapter_key
from builder.load import Corpus
from builder.money import amount, in_larger_unit, money
from builder.names import Names
from builder.relations import Relations, relate
from builder.revision.report import char_diff, diff_html
from builder.site_model import (
    PLAN_TABLES,
    Facts,
    national_row,
    site_pages,
    source_anchor,
    source_target,
)
from builder.text import (
    TermLinker,
    anchor_id,
    excerpt,
    figure,
    file_size,
    md_escape,
    safe_url,
    yaml_string,
    zh_numeral,
)

NavItem = dict[str, Any] | str


@dataclass(frozen=True)
class RenderedSite:
    pages: dict[str, str]  # the pages rendered, by path
    nav: list[NavItem]
    kept: frozenset[str] = frozenset()  # pages not rendered: as the previous build wrote them


@dataclass(frozen=True)
class PageStream:
    """An edition's pages, each rendered when `texts()` reaches it: a build writes each page
    and lets it go (at 200 plans an edition's Markdown held together took over a gigabyte)."""

    nav: list[NavItem]
    rendered: list[str]  # the paths of the pages `texts()` renders, in order
    kept: frozenset[str]  # pages not rendered: as the previous build wrote them
    texts: Callable[[], Iterator[tuple[str, str]]]  # (path, Markdown) of each rendered page

    @property
    def paths(self) -> list[str]:
        return [*self.rendered, *sorted(self.kept)]


# A provision page names each other plan on its topics up to this many; beyond, one line per
# topic links the topic page (otherwise every page grows with the number of plans).
OTHERS_LISTED = 3


def make_environment(registry: Registry, corpus: Corpus, relations: Relations) -> Environment:
    env = Environment(
        loader=PackageLoader("builder", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown attribute lists use `{#id}`, Jinja's default comment opener.
        comment_start_string="{##",
        comment_end_string="##}",
        finalize=_escape_output,
    )
    env.filters.update(
        md=md_escape,
        anchor=anchor_id,
        yaml=yaml_string,
        zh_numeral=zh_numeral,
        excerpt=excerpt,
        prefix=lambda value, prefix: f"{prefix}{value}",
        filesize=file_size,
        figure=figure,  # as the source prints it: 1964, 180.58
        url=safe_url,  # a link target that is not the registry's (the Downloads files)
        wan=amount,  # an amount in 万元 as a table cell prints it: 1,730,592
    )
    env.globals["diff"] = lambda old, new, side: Markup(diff_html(char_diff(old, new), side))
    linker = TermLinker(corpus.glossary)
    records = _records_by_id(corpus)

    def term_paragraphs(paragraphs: list[str], page: str) -> list[Markup]:
        return linker.paragraphs(paragraphs, lambda term: registry.href(f"term/{term}", page))

    def source_href(plan_id: str, lines: tuple[int, int], page: str) -> Markup:
        """The one link to source lines: their part of the source text, the lines marked. A
        published URL (an <a> tag's), since MkDocs rewrites links in Markdown only."""
        target = registry.html_href(source_target(plan_id, lines[0]), page)
        return Markup(f"{target}{source_anchor(lines)}")

    def panel_chart(panel: Panel, page: str) -> Markup:
        """A panel of bars, each a link to its projects as seen from `page`."""

        def href(bar: Bar) -> str:
            return f"{registry.html_href(str(bar.target), page)}{bar.suffix}"

        return Markup(bar_panel(panel, href))

    env.globals.update(
        registry=registry,
        chapter_key=chapter_key,
        relations=relations,
        term_paragraphs=term_paragraphs,
        source_href=source_href,
        panel_chart=panel_chart,
        topics={topic.key: topic for topic in corpus.topics},
        record=records.__getitem__,
        national_row=national_row,
        OTHERS_LISTED=OTHERS_LISTED,
    )
    return env


def _escape_output(value: Any) -> Any:
    """Every value a template prints takes the one escape path (builder.text.md_escape),
    whatever template or macro carries it; numbers and Markup pass as they are."""
    return md_escape(value) if isinstance(value, str) else value


def render_site(
    corpus: Corpus,
    registry: Registry,
    findings: list[Finding] | None = None,
    relations: Relations | None = None,
    edition: str = "zh",
    files: list[Download] | None = None,
    unchanged: Collection[str] = frozenset(),
) -> RenderedSite:
    """The pages of `page_stream`, rendered into memory at once (for tests and tools; a build
    writes each page as it comes)."""
    stream = page_stream(corpus, registry, findings, relations, edition, files, unchanged)
    return RenderedSite(pages=dict(stream.texts()), nav=stream.nav, kept=stream.kept)


def page_stream(
    corpus: Corpus,
    registry: Registry,
    findings: list[Finding] | None = None,
    relations: Relations | None = None,
    edition: str = "zh",
    files: list[Download] | None = None,
    unchanged: Collection[str] = frozenset(),
) -> PageStream:
    """Every page of the site model (builder/site_model.py) in one edition, each rendered when
    read: the same pages and anchors in every edition, each page naming its counterparts.
    `files` are the exports the Downloads page lists (made here when not given). The pages in
    `unchanged` (paths; builder/freshness.py) are not rendered but kept as the previous build
    wrote them."""
    relations = relations or relate(corpus)
    if files is None:
        files = downloads(export_files(corpus, registry, relations), corpus)
    env = make_environment(registry, corpus, relations)
    _add_edition_globals(env, edition, corpus, relations)
    facts = Facts(corpus, relations, findings or [], files)
    pages = [(p, name) for p in site_pages(corpus) if (name := p.kind.template) is not None]
    rendered = [(page, name) for page, name in pages if page.path not in unchanged]

    def texts() -> Iterator[tuple[str, str]]:
        for page, name in rendered:
            template = env.get_template(name)
            text = template.render(page=page.path, corpus=corpus, **facts.context(page, edition))
            yield page.path, with_alternate(text, page.path, edition)

    kept = frozenset(page.path for page, _ in pages if page.path in unchanged)
    paths = [page.path for page, _ in rendered]
    return PageStream(build_nav(corpus, edition), paths, kept, texts)


def _add_edition_globals(env: Environment, code: str, corpus: Corpus, relations: Relations) -> None:
    """What every template of one edition prints with: its catalogue's words (`say`), text in its
    language (`tr`, `gloss`), and the names of chapters, sections, provisions and records."""
    names = Names(code)
    words = messages(code)
    gloss_code = words["gloss_lang"].split("-")[0]
    record_names = _record_names(corpus, names)
    districts = {plan.id: localized(plan.meta, "district", code) for plan in corpus.plans}

    def say_markup(key: str, **fields: object) -> Markup:
        escaped = {name: md_escape(value) for name, value in fields.items()}
        return Markup(words[key]).format(**escaped)

    env.filters.update(
        money=partial(_money, code=code),  # with its unit, and in 亿元 where large
        larger_unit=partial(in_larger_unit, code=code),
    )
    env.globals.update(
        edition=edition_of(code),
        say=say_markup,
        tr=lambda record, field: localized(record, field, code),
        own=lambda record, field: getattr(record, f"{field}_{code}", None),  # no fallback
        gloss=lambda record, field: getattr(record, f"{field}_{gloss_code}", None) or "",
        chapter_name=names.chapter,
        section_name=names.section,
        cite=names.cite,
        heading=names.heading,
        cite_in=lambda provision, language: Names(language).cite(provision),
        name_of=record_names.__getitem__,
        catalogue=words,
        statuses=STATUS_ORDER,
        english_names=english_names(corpus),
        district=districts.__getitem__,  # a plan's district, in the edition's language
        label_text=partial(label_text, code),  # _labels.j2's plain form: one definition
    )


def _money(wan: float | None, code: str) -> str:
    return messages(code)["missing"] if wan is None else money(wan, code)


def _record_names(corpus: Corpus, names: Names) -> dict[str, str]:
    """Every record's name as lists of links show it, gathered once per edition."""
    found = {}
    for plan in corpus.plans:
        for provision in plan.provisions:
            found[f"{plan.id}/{provision.id}"] = names.heading(provision)
        for row in plan.indicators:
            name = localized(row, "name", names.code)
            reference = row.attribute == "reference"
            found[f"{plan.id}/{row.id}"] = names.indicator(row.number, row.sub, reference, name)
        for project in plan.projects:
            name = localized(project, "name", names.code)
            found[f"{plan.id}/{project.id}"] = names.project(project.number, name)
    return found


def counterpart_url(page: str, edition: str) -> str:
    """The relative URL, from `page` in `edition`, of the same page in the other edition."""
    url = page.removesuffix(".md").removesuffix("index")
    url = url if not url or url.endswith("/") else url + "/"
    up = "../" * (url.count("/") + edition_of(edition).depth)
    return up + counterpart(edition).prefix + url


def with_alternate(text: str, page: str, edition: str) -> str:
    """Name the page's counterpart in its front matter (the header's language switch)."""
    line = f"alternate: {counterpart_url(page, edition) or './'}\n"
    if text.startswith("---\n"):
        return "---\n" + line + text[4:]
    return f"---\n{line}---\n{text}"


def _records_by_id(corpus: Corpus) -> dict[str, Any]:
    return {
        f"{plan.id}/{item.id}": item
        for plan in corpus.plans
        for items in (plan.provisions, plan.indicators, plan.projects)
        for item in items
    }


def build_nav(corpus: Corpus, edition: str = "zh") -> list[NavItem]:
    """The sidebar of an edition: each plan's overview and chapters (provision pages stay out
    of it); both editions list the same pages."""
    words = messages(edition)
    names = Names(edition)

    def label(page: str) -> str:
        return words[f"nav.{page}"]

    nav: list[NavItem] = [{label("home"): "index.md"}]
    for plan in corpus.plans:
        items: list[NavItem] = [{label("overview"): f"{plan.id}/index.md"}]
        for chapter in plan.structure.chapters:
            items.append({names.chapter(chapter): f"{plan.id}/{chapter_key(chapter.n)}.md"})
        items += [{label(page): f"{plan.id}/{page}.md"} for _, page in PLAN_TABLES]
        nav.append({localized(plan.meta, "short", edition): items})
    comparison = [
        {label("compare-indicators"): "compare.md"},
        {label("investment"): "investment.md"},
    ]
    nav.append({label("compare"): comparison})
    # A top-level item: inside a section, material would make topics/index.md its index.
    nav.append({label("topics"): "topics/index.md"})
    nav.append({label("glossary"): "glossary.md"})
    nav.append({label("search"): "search.md"})
    # Every entry titled: a dirty build does not read unchanged pages, so an untitled entry
    # would lose its title on the pages it rebuilds.
    # The maintenance page is the staff's: the About page links it, the menu does not.
    about = [{label("about"): "about.md"}, {label("downloads"): "downloads.md"}]
    nav.append({label("about-section"): about})
    return _escape_titles(nav)


def _escape_titles(nav: list[NavItem]) -> list[NavItem]:
    """MkDocs' theme prints navigation titles as they are: chapter titles come from the
    corpus, so every title is HTML-escaped here, once."""
    escaped: list[NavItem] = []
    for item in nav:
        if isinstance(item, dict):
            item = {
                html.escape(title): _escape_titles(child) if isinstance(child, list) else child
                for title, child in item.items()
            }
        escaped.append(item)
    return escaped


class MissingVendorScript(FileNotFoundError):
    pass


def write_pages(
    pages: Iterable[tuple[str, str]],
    kept: Collection[str],
    static: list[tuple[Path, str]],
    out_dir: Path,
    vendor: list[Path] | None = None,
) -> list[str]:
    """Make `out_dir` hold exactly the pages ((path, Markdown) pairs, written as they come),
    those `kept` as they are, the static pages ((folder, prefix) pairs) and the vendor
    scripts, writing only the files whose content changed (their times tell MkDocs' dirty
    build what to redo). Returns the paths written."""
    fixed: dict[str, bytes] = {
        prefix + str(path.relative_to(folder)): path.read_bytes()
        for folder, prefix in static
        for path in folder.rglob("*")
        if path.is_file()
    }
    for script in vendor or []:
        if not script.exists():
            raise MissingVendorScript(f"{script} is missing: `make site` installs it (npm)")
        fixed[f"assets/vendor/{script.name}"] = script.read_bytes()
    contents = chain(sorted(fixed.items()), ((p, text.encode("utf-8")) for p, text in pages))
    wanted: set[str] = set()
    written = []
    for name, content in contents:
        wanted.add(name)
        if _write_if_changed(out_dir / name, content):
            written.append(name)
    for path in sorted(out_dir.rglob("*"), reverse=True):
        name = str(path.relative_to(out_dir))
        if path.is_file() and name not in wanted and name not in kept:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(content)
    temporary.replace(path)
    return True
