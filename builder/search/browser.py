"""Drive the built site's search boxes in headless Chromium (tests and bench/static_search.py).

Debian's chromium is used (`CHROMIUM`); Playwright's own browser download does not work here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _StaticHandler(SimpleHTTPRequestHandler):
    """Plain static files under a path prefix, with the site's 404 page, as a web host serves
    them: the 404 page's links are absolute (`/atlas/assets/…`), so the prefix must match."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return ""
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_static(site_dir: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `site_dir` as plain static files on 127.0.0.1 (a free port) under `prefix`
    (the path of the site's public URL); yield its base URL."""
    handler = type("Handler", (_StaticHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def record_id(href: str, base: str = "/") -> str:
    """Map a result link to the record it shows: /shifeng/ch04/#art-37 → shifeng/art-37
    (`base`: the site's URL, whose path the link starts with)."""
    parts = urlsplit(href)
    path = parts.path.removeprefix(urlsplit(base).path.rstrip("/"))
    segments = [s for s in path.split("/") if s and s != "index.html"]
    if segments[:1] == ["en"]:  # the English edition: the same records under /en/
        segments = segments[1:]
    if not segments:
        return ""
    plan = segments[0]
    if parts.fragment and len(segments) > 1 and segments[1] != segments[-1]:
        return f"{plan}/{parts.fragment}"
    if parts.fragment and (
        segments[-1].startswith("ch") or segments[-1] in ("indicators", "projects")
    ):
        return f"{plan}/{parts.fragment}"
    return "/".join(segments[:2])


def page_results(page: Any, base: str, query: str, edition: str = "") -> list[str]:
    """Run one query on an edition's search page as a reader would (type it, press Enter);
    return the record ids of the results in the order shown. `page` is a Playwright page; it
    stays on the search page for the next query, as a reader's would."""
    if urlsplit(page.url).path != urlsplit(base + edition + "search/").path:
        page.goto(base + edition + "search/")
    page.fill("#atlas-q", query)
    page.press("#atlas-q", "Enter")
    wait_for_answer(page, query)
    hrefs = page.eval_on_selector_all("#atlas-search-results a", "as => as.map(a => a.href)")
    return list(dict.fromkeys(i for i in (record_id(h, base) for h in hrefs) if i))


def wait_for_answer(page: Any, query: str) -> None:
    """Until the search page shows its answer to `query` (atlas-search.js sets data-query)."""
    page.wait_for_function(
        "q => document.getElementById('atlas-search-status').dataset.query === q",
        arg=query,
        timeout=15000,
    )
