"""An Atom feed of every plan's revisions (site/feed.xml), built offline with the site."""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

from builder.link import Registry
from builder.load import Corpus

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


def write_feed(corpus: Corpus, registry: Registry, site_dir: Path) -> Path:
    base = os.environ.get("SITE_URL", DEFAULT_SITE_URL).rstrip("/")
    entries = sorted(
        ((r.date, plan, r) for plan in corpus.plans for r in plan.revisions),
        key=lambda item: (item[0], item[1].id, item[2].revision),
        reverse=True,
    )
    updated = f"{entries[0][0].isoformat()}T00:00:00Z" if entries else "1970-01-01T00:00:00Z"
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        "<title>生态文明规划库 修订 · Plan Atlas revisions</title>",
        f"<id>{escape(base)}/feed.xml</id>",
        f'<link rel="self" href="{escape(base)}/feed.xml"/>',
        f"<updated>{updated}</updated>",
    ]
    for date, plan, revision in entries:
        url = f"{base}{registry.url(plan.id + '/revisions')}#revision-{revision.revision}"
        report = plan.reports.get(revision.revision, {})
        counts = {key: len(report.get(key, [])) for key in ("reworded", "added", "removed")}
        projects = sum(
            len(report.get(key, []))
            for key in ("projects_changed", "projects_added", "projects_removed")
        )
        summary = (
            f"{revision.description}. Reworded {counts['reworded']}, added {counts['added']}, "
            f"removed {counts['removed']} provisions; {len(report.get('indicators', []))} "
            f"indicator and {projects} project changes."
        )
        parts += [
            "<entry>",
            f"<title>{escape(plan.meta.short_zh)} 第{revision.revision}版 · "
            f"{escape(plan.meta.short_en)} revision {revision.revision}</title>",
            f"<id>{escape(url)}</id>",
            f'<link href="{escape(url)}"/>',
            f"<updated>{date.isoformat()}T00:00:00Z</updated>",
            f"<summary>{escape(summary)}</summary>",
            "</entry>",
        ]
    parts.append("</feed>")
    path = site_dir / "feed.xml"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path
