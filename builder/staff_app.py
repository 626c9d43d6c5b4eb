"""The staff server's WSGI application: GET /api/search answered from the index, and the
built site's files with its own 404 page, no folder listings and no path outside the site.
Standard library only; builder/serve.py runs it."""

from __future__ import annotations

import json
import mimetypes
import os
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPMethod, HTTPStatus
from pathlib import Path
from typing import BinaryIO
from urllib.parse import parse_qs, quote, unquote
from wsgiref.types import StartResponse, WSGIEnvironment

from builder.paths import OutsideFolder, inside
from builder.search.engine import SearchEngine
from builder.search.query import KINDS, QueryError

MAX_LIMIT = 100
FILE_BLOCK = 64 * 1024
NOSNIFF = ("X-Content-Type-Options", "nosniff")
TEXT_MEDIA = {"application/json", "application/javascript", "application/xml", "image/svg+xml"}
EXTRA_MEDIA = {".js": "text/javascript", ".mjs": "text/javascript", ".map": "application/json"}
ENCODED_MEDIA = {
    "gzip": "application/gzip",
    "bzip2": "application/x-bzip2",
    "xz": "application/x-xz",
}


@dataclass(frozen=True)
class Response:
    status: HTTPStatus
    content_type: str = ""
    body: bytes = b""
    file: BinaryIO | None = None  # sent instead of `body`
    headers: tuple[tuple[str, str], ...] = ()

    def length(self) -> int:
        return os.fstat(self.file.fileno()).st_size if self.file else len(self.body)


class AtlasApp:
    """The WSGI application: /api/search, and the site's files with its own 404 page."""

    def __init__(self, site_dir: Path, engine: SearchEngine) -> None:
        self.site_dir = site_dir
        self.engine = engine

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        response = self.respond(environ)
        headers = list(response.headers)
        if response.content_type:
            headers.append(("Content-Type", response.content_type))
        if response.status != HTTPStatus.NOT_MODIFIED:
            headers.append(("Content-Length", str(response.length())))
        start_response(f"{response.status.value} {response.status.phrase}", [*headers, NOSNIFF])
        if environ["REQUEST_METHOD"] == "HEAD" or response.status == HTTPStatus.NOT_MODIFIED:
            if response.file:
                response.file.close()
            return []
        if response.file:
            return environ["wsgi.file_wrapper"](response.file, FILE_BLOCK)
        return [response.body]

    def respond(self, environ: WSGIEnvironment) -> Response:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        if "\x00" in path or "\x00" in unquote(query):  # PATH_INFO arrives percent-decoded
            return text_response(HTTPStatus.BAD_REQUEST, "Bad request: null byte in the URL")
        if method not in ("GET", "HEAD"):
            return method_not_allowed(method)
        if path.rstrip("/") == "/api/search":
            return self.search(parse_qs(query))
        return self.static(path, query, environ.get("HTTP_IF_MODIFIED_SINCE"))

    def search(self, params: dict[str, list[str]]) -> Response:
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
            return json_response(HTTPStatus.BAD_REQUEST, {"error": str(error)})
        return json_response(HTTPStatus.OK, result.as_json())

    def static(self, path: str, query: str, if_modified_since: str | None) -> Response:
        target = site_file(self.site_dir, path)
        if target is None:
            return self.not_found()
        if target.is_dir():
            if not path.endswith("/"):
                return redirect(path + "/", query)
            target = target / "index.html"  # no directory listings
        elif path.endswith("/"):  # a file is not a folder: its relative links would break
            return self.not_found()
        if not target.is_file():
            return self.not_found()
        return file_response(target, if_modified_since) or self.not_found()

    def not_found(self) -> Response:
        """The site's own 404 page, read per request: a build may have replaced it."""
        try:
            page = (self.site_dir / "404.html").read_bytes()
        except OSError:
            return text_response(HTTPStatus.NOT_FOUND, "Not found")
        return Response(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", page)


def site_file(site_dir: Path, path: str) -> Path | None:
    """The file or folder a URL path names inside the site, or None if it would leave it.

    Resolved per request because `site` is a link that each build re-points; symlinks are
    followed and must still land inside the site."""
    try:
        parts = [p for p in path.encode("latin-1").decode("utf-8").split("/") if p]
    except UnicodeError:
        return None
    if any(part in (".", "..") for part in parts):
        return None
    try:
        target = inside(site_dir.resolve(), "/".join(parts)).resolve()
        return target if target.exists() else None
    except (OutsideFolder, OSError, ValueError):  # OSError: a name too long, say
        return None


def file_response(target: Path, if_modified_since: str | None) -> Response | None:
    try:
        handle = target.open("rb")
    except OSError:
        return None
    modified = os.fstat(handle.fileno()).st_mtime
    headers = (("Last-Modified", formatdate(modified, usegmt=True)),)
    if unchanged_since(if_modified_since, modified):
        handle.close()
        return Response(HTTPStatus.NOT_MODIFIED, headers=headers)
    return Response(HTTPStatus.OK, media_type(target), file=handle, headers=headers)


def unchanged_since(if_modified_since: str | None, modified: float) -> bool:
    if not if_modified_since:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since).timestamp()
    except (TypeError, ValueError):
        return False
    return int(modified) <= since


def media_type(target: Path) -> str:
    guessed, encoding = mimetypes.guess_type(target.name)
    if encoding is not None:  # sitemap.xml.gz is a gzip file to the browser, not XML
        return ENCODED_MEDIA.get(encoding, "application/octet-stream")
    media = EXTRA_MEDIA.get(target.suffix) or guessed or "application/octet-stream"
    textual = media.startswith("text/") or media in TEXT_MEDIA or media.endswith("+json")
    return f"{media}; charset=utf-8" if textual else media


def redirect(path: str, query: str) -> Response:
    location = quote(path.encode("latin-1")) + (f"?{query}" if query else "")
    return Response(
        HTTPStatus.MOVED_PERMANENTLY,
        "text/plain; charset=utf-8",
        f"Moved to {location}\n".encode(),
        headers=(("Location", location),),
    )


def method_not_allowed(method: str) -> Response:
    if method not in HTTPMethod.__members__:
        return text_response(HTTPStatus.NOT_IMPLEMENTED, f"Method {method} is not supported")
    return text_response(
        HTTPStatus.METHOD_NOT_ALLOWED, "Only GET and HEAD are answered", (("Allow", "GET, HEAD"),)
    )


def text_response(
    status: HTTPStatus, message: str, headers: tuple[tuple[str, str], ...] = ()
) -> Response:
    return Response(status, "text/plain; charset=utf-8", f"{message}\n".encode(), headers=headers)


def json_response(status: HTTPStatus, data: dict) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Response(
        status, "application/json; charset=utf-8", body, headers=(("Cache-Control", "no-store"),)
    )
