"""Staff server: the built site on 127.0.0.1, plus GET /api/search answered from the index.

jieba and the index are loaded once, at start-up, not per request.
"""

from __future__ import annotations

import json
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from builder.models import Term
from builder.search.engine import SearchEngine
from builder.search.query import KINDS, QueryError

MAX_LIMIT = 100


class AtlasHandler(SimpleHTTPRequestHandler):
    engine: SearchEngine

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path.rstrip("/") == "/api/search":
            self._search(parse_qs(parts.query))
        else:
            super().do_GET()

    def _search(self, params: dict[str, list[str]]) -> None:
        def first(name: str) -> str | None:
            return params.get(name, [None])[0] or None

        kind = first("kind")
        try:
            limit = min(max(int(first("limit") or 10), 1), MAX_LIMIT)
            if kind is not None and kind not in KINDS:
                raise QueryError(f"kind must be one of {', '.join(KINDS)}")
            result = self.engine.search(
                first("q") or "", plan=first("plan"), kind=kind, limit=limit
            )
        except (QueryError, ValueError) as error:
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(error)})
            return
        self._json(HTTPStatus.OK, result.as_json())

    def _json(self, status: HTTPStatus, data: dict) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the staff server is a local tool


def make_server(
    site_dir: Path, index_dir: Path, glossary: list[Term], port: int = 8000
) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1; port 0 picks a free one (tests)."""
    handler = type("BoundHandler", (AtlasHandler,), {"engine": SearchEngine(index_dir, glossary)})
    return ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(site_dir)))


def serve(site_dir: Path, index_dir: Path, glossary: list[Term], port: int = 8000) -> None:
    server = make_server(site_dir, index_dir, glossary, port)
    host, bound = server.server_address[:2]
    print(f"Plan Atlas on http://{host}:{bound}/ (search API: /api/search?q=…); Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
