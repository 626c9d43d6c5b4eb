"""Command line: `python -m builder COMMAND`. Each command parses arguments and calls one stage."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

from builder.build import BuildError
from builder.guard import ShrinkError
from builder.importer import IMPORTED_FILES, SourceError, import_plan, plan_folder
from builder.link import LinkError
from builder.load import load_glossary
from builder.pipeline import BuildResult, Project, build_all, check
from builder.problems import CorpusError
from builder.progress import TIMINGS, Progress
from builder.publish import BuildLocked, builds_dir
from builder.render import MissingVendorScript
from builder.revision.confirm import apply_confirmations
from builder.revision.history import Amendment, read_history, rollback
from builder.search.query import KINDS, QueryError
from builder.search.text_output import format_result


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m builder",
        description="Build Plan Atlas: validate the corpus, generate pages, build the site.",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path.cwd(),
        help="project checkout (default: current directory)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check_command = commands.add_parser(
        "check", help="validate the corpus and its consistency checks; print every problem"
    )
    build = commands.add_parser(
        "build", help="validate, generate pages, build site/ (with site/api/) and the staff index"
    )
    build.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        help="where to build (default: ROOT/site); replaced only on success",
    )
    for command in (check_command, build):
        command.add_argument(
            "--allow-shrink",
            action="store_true",
            help="publish even though plans or records of the published site would disappear "
            "without an import recording it (refused otherwise)",
        )
    imp = commands.add_parser(
        "import", help="parse a plan's source text and write its imported corpus YAML"
    )
    imp.add_argument(
        "source", type=Path, help="the plan's source: .txt (corpus/sources/*.txt), .docx or .pdf"
    )
    imp.add_argument("--plan", required=True, help="plan id, the folder under corpus/")
    imp.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")
    imp.add_argument(
        "--description",
        default="",
        help="a short description of this revision, in English (both editions show it as such)",
    )
    imp.add_argument(
        "--amendment",
        type=dt.date.fromisoformat,
        metavar="ISSUED",
        help="the text is an official amendment of the plan, issued on this date (YYYY-MM-DD); "
        "without it the import is the site's own (a first import or a mended extraction)",
    )
    imp.add_argument("--doc-no", help="the amendment's document number (with --amendment)")
    revisions = commands.add_parser(
        "revisions", help="list a plan's revisions (number, date, source checksum, description)"
    )
    revisions.add_argument("plan", help="plan id, the folder under corpus/")
    confirm = commands.add_parser(
        "confirm",
        help="apply the maintainer's answers in the latest revision's confirm.yaml "
        "(`same: true`: the new record keeps the old id)",
    )
    confirm.add_argument("plan", help="plan id, the folder under corpus/")
    roll = commands.add_parser(
        "rollback", help="restore a plan's imported files as they were in revision N (recorded)"
    )
    roll.add_argument("plan", help="plan id, the folder under corpus/")
    roll.add_argument("revision", type=int, help="the revision to go back to")
    search = commands.add_parser(
        "search",
        help="search the staff index (made by `build`): provisions, indicators, projects, terms",
        description='Chinese, English or mixed words; "quoted phrases"; filters plan:ID '
        "kind:KIND chapter:N; article numbers (第37条, 37条, art 37); 零陵 第四章 第二节.",
    )
    search.add_argument("query", help="what to look for")
    search.add_argument("--plan", help="only this plan (shifeng, lingling)")
    search.add_argument("--kind", choices=KINDS, help="only this kind of record")
    search.add_argument("--limit", type=int, default=10, help="how many hits (default 10)")
    search.add_argument("--json", action="store_true", help="print the result as JSON")
    serve = commands.add_parser(
        "serve", help="serve site/ on 127.0.0.1 with the staff search API at /api/search"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: a free one)")
    serve.add_argument(
        "--processes", type=int, default=None, help="server processes (default: one per core)"
    )
    return parser


def format_history(history: list[dict], plan: str) -> str:
    if not history:
        return f"{plan}: no revision recorded yet (the first re-import records revision 1)"
    lines = [f"{plan}: {len(history)} revision(s)"]
    for entry in history:
        kind = "amendment issued " + str(entry["issued"]) if entry.get("issued") else "import"
        lines.append(
            f"  {entry['revision']:>3}  {entry['date']}  {entry['sha256'][:12]}  "
            f"{entry['source']}  {kind}  {entry['description']}"
        )
    return "\n".join(lines)


def _build_summary(result: BuildResult, site_dir: Path, seconds: float) -> str:
    if result.corpus is None:
        return f"{site_dir} is up to date: no input changed ({seconds:.1f} s)"
    provisions = sum(len(p.provisions) for p in result.corpus.plans)
    index = result.index
    index_note = (
        "index rebuilt"
        if index and index.rebuilt
        else f"index: {index.updated if index else 0} documents updated"
    )
    return (
        f"built {site_dir} ({provisions} provisions; {result.mode}: "
        f"{result.pages_rendered} pages rendered, {result.pages_written} changed, "
        f"{index_note}) in {seconds:.1f} s"
    )


def _glossary(project: Project) -> list:
    return load_glossary(project.corpus)


def _search(project: Project, args: argparse.Namespace) -> int:
    from builder.search.engine import SearchEngine

    if not (project.search_index / "corpus.sha256").exists():
        print("error: no search index yet: run `make site` first", file=sys.stderr)
        return 1
    try:
        engine = SearchEngine(project.search_index, _glossary(project))
        result = engine.search(args.query, plan=args.plan, kind=args.kind, limit=args.limit)
    except QueryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
    else:
        print(format_result(result))
    return 0


def _print_warnings(warnings: list, shown: int = 10) -> None:
    """Warnings do not stop a build; all of them are listed on the site's maintenance page."""
    for warning in warnings[:shown]:
        print(f"warning: {warning}", file=sys.stderr)
    if len(warnings) > shown:
        print(f"warning: … and {len(warnings) - shown} more (see /maintenance/)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    project = Project(args.root.resolve())
    try:
        if args.command == "check":
            checked = check(project, args.allow_shrink)
            _print_warnings(checked.warnings)
            assert checked.corpus is not None  # check always loads it
            print(f"corpus OK: {', '.join(p.id for p in checked.corpus.plans)}")
        elif args.command == "build":
            started = time.perf_counter()
            site_dir = args.site_dir or project.root / "site"
            timings = builds_dir(site_dir) / "current" / TIMINGS
            progress = Progress.on_terminal(sys.stderr, timings)
            try:
                result = build_all(
                    project, site_dir, allow_shrink=args.allow_shrink, progress=progress
                )
            finally:
                if progress:
                    progress.close()
            _print_warnings(result.warnings)
            print(_build_summary(result, site_dir, time.perf_counter() - started))
        elif args.command == "revisions":
            print(format_history(read_history(plan_folder(project.corpus, args.plan)), args.plan))
        elif args.command == "confirm":
            merged = apply_confirmations(plan_folder(project.corpus, args.plan), IMPORTED_FILES)
            for new, old in merged:
                print(f"{args.plan}: {new} is {old}: it keeps the id {old}")
            if not merged:
                print(f"{args.plan}: no entry in confirm.yaml is marked `same: true`")
        elif args.command == "rollback":
            number = rollback(
                plan_folder(project.corpus, args.plan), args.revision, list(IMPORTED_FILES)
            )
            print(f"{args.plan}: rolled back to revision {args.revision}, recorded as {number}")
        elif args.command == "search":
            return _search(project, args)
        elif args.command == "serve":
            from builder.serve import serve

            spread = {"processes": args.processes} if args.processes else {}
            serve(project.site, project.search_index, _glossary(project), args.port, **spread)
        elif args.command == "import":
            plan_dir = plan_folder(project.corpus, args.plan)
            amendment = Amendment(args.amendment, args.doc_no) if args.amendment else None
            imported = import_plan(
                args.source, plan_dir, args.description, args.dry_run, amendment=amendment
            )
            print(imported.summary())
            if imported.report is not None:
                print(imported.report.markdown())
    except CorpusError as error:
        print(error, file=sys.stderr)
        return 1
    except (
        BuildError,
        LinkError,
        SourceError,
        MissingVendorScript,
        BuildLocked,
        ShrinkError,
        ValueError,
    ) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a read-only folder, a full disk: the published site is kept
        print(f"error: {_os_message(error)}; the published site is unchanged", file=sys.stderr)
        return 1
    return 0


def _os_message(error: OSError) -> str:
    where = f" ({error.filename})" if error.filename else ""
    return f"{error.strerror or error}{where}"
