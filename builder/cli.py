"""Command line: `python -m builder COMMAND`. Each command parses arguments and calls one stage."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from builder.build import BuildError
from builder.importer import SourceError, import_plan, parse_plan
from builder.link import LinkError
from builder.pipeline import Project, build_all, check
from builder.problems import CorpusError


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
    commands.add_parser(
        "check", help="validate the corpus and its consistency checks; print every problem"
    )
    build = commands.add_parser(
        "build", help="validate, generate pages into docs/generated/, build site/ and site/api/"
    )
    build.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        help="where to build (default: ROOT/site); replaced only on success",
    )
    imp = commands.add_parser(
        "import", help="parse a plan's source text and write its imported corpus YAML"
    )
    imp.add_argument("source", type=Path, help="the plan's source text (corpus/sources/*.txt)")
    imp.add_argument("--plan", required=True, help="plan id, the folder under corpus/")
    imp.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")
    return parser


def _print_warnings(warnings: list) -> None:
    """The source's own inconsistencies: reported, shown on the data-notes pages, not fatal."""
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    project = Project(args.root.resolve())
    try:
        if args.command == "check":
            result = check(project)
            _print_warnings(result.warnings)
            print(f"corpus OK: {', '.join(p.id for p in result.corpus.plans)}")
        elif args.command == "build":
            started = time.perf_counter()
            site_dir = args.site_dir or project.root / "site"
            result = build_all(project, site_dir)
            _print_warnings(result.warnings)
            pages = sum(len(p.provisions) for p in result.corpus.plans)
            print(f"built {site_dir} ({pages} provisions) in {time.perf_counter() - started:.1f} s")
        elif args.command == "import":
            plan_dir = project.corpus / args.plan
            action = parse_plan if args.dry_run else import_plan
            print(action(args.source, plan_dir).summary())
    except CorpusError as error:
        print(error, file=sys.stderr)
        return 1
    except (BuildError, LinkError, SourceError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
