"""The staff server against odd and hostile requests, over real HTTP on 127.0.0.1.

Headers, folders, HEAD, the site's 404 page, paths that try to leave the site, null bytes,
other methods, idle connections, and a burst of concurrent searches.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from builder.models import Term
from builder.serve import make_server
from builder.yamlio import read_yaml

from ..conftest import ROOT

SECRET = "the secret beside the site"
NOISE = quote("噪声")


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # names lowercased
    body: bytes


@contextmanager
def running(site: Path, index_dir: Path, glossary: list[Term], **options: float) -> Iterator[int]:
    """A staff server on a free loopback port, stopped afterwards; yields the port."""
    server = make_server(site, index_dir, glossary, port=0, **options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield server.effective_port
    finally:
        server.close()
        thread.join(10)


@pytest.fixture(scope="module")
def site(built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real site, with a secret beside it and links from inside it to there."""
    root = tmp_path_factory.mktemp("hostile")
    site = root / "site"
    shutil.copytree(built[0], site)
    (root / "secret.txt").write_text(SECRET)
    (root / "outside").mkdir()
    (root / "outside" / "secret.txt").write_text(SECRET)
    (site / "secret-link.txt").symlink_to(root / "secret.txt")
    (site / "outside-link").symlink_to(root / "outside")
    (site / "inside-link.html").symlink_to(site / "index.html")
    return site


@pytest.fixture(scope="module")
def port(site: Path, built, real_corpus) -> Iterator[int]:
    with running(site, built[1], real_corpus.glossary) as port:
        yield port


def request(port: int, method: str, path: str, headers: dict[str, str] | None = None) -> Reply:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            method, path, body=b"x" if method == "POST" else None, headers=headers or {}
        )
        response = connection.getresponse()
        body = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def raw_request(port: int, head: bytes) -> Reply:
    """Send `head` (a request line, no headers) as bytes, as http.client would refuse to."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return parse_reply(answer)


def parse_reply(answer: bytes) -> Reply:
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Reply(int(status_line.split()[1]), headers, body)


def text_files(site: Path) -> dict[str, str]:
    """A path of each kind of text file the site has, and its media type."""

    def first(pattern: str) -> str:
        return "/" + next(site.glob(pattern)).relative_to(site).as_posix()

    return {
        "/": "text/html",
        first("assets/stylesheets/*.css"): "text/css",
        first("assets/javascripts/*.js"): "text/javascript",
        "/api/plans.csv": "text/csv",
        "/api/plans.json": "application/json",
        first("api/sources/*.txt"): "text/plain",
        "/sitemap.xml": "application/xml",
    }


def test_text_is_declared_utf8(port, site):
    for path, media in text_files(site).items():
        reply = request(port, "GET", path)
        assert reply.status == 200, path
        assert reply.headers["content-type"] == f"{media}; charset=utf-8", path


def test_binary_files_carry_no_charset(port):
    assert request(port, "GET", "/assets/images/favicon.png").headers["content-type"] == "image/png"
    gzip = request(port, "GET", "/sitemap.xml.gz")
    assert gzip.headers["content-type"] == "application/gzip"  # not XML sent gzipped
    assert "content-encoding" not in gzip.headers


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/assets/images/favicon.png", 200),
        ("GET", f"/api/search?q={NOISE}", 200),
        ("GET", "/api/search?q=", 400),
        ("GET", "/no-such-page/", 404),
        ("GET", "/shifeng", 301),
        ("GET", "/?x=%00", 400),
        ("HEAD", "/", 200),
        ("HEAD", "/no-such-page/", 404),
        ("POST", "/", 405),
        ("BREW", "/", 501),
    ],
)
def test_every_answer_says_nosniff(port, method, path, status):
    reply = request(port, method, path)
    assert reply.status == status
    assert reply.headers["x-content-type-options"] == "nosniff"


def test_a_folder_serves_its_index_page(port, site):
    reply = request(port, "GET", "/shifeng/art-37/")
    assert reply.status == 200
    assert reply.body == (site / "shifeng" / "art-37" / "index.html").read_bytes()


def test_a_folder_without_an_index_page_is_not_listed(port, site):
    assert not (site / "assets" / "index.html").exists()
    reply = request(port, "GET", "/assets/")
    assert reply.status == 404
    assert reply.body == (site / "404.html").read_bytes()


def test_a_folder_without_its_slash_is_redirected(port):
    reply = request(port, "GET", "/shifeng/art-37")
    assert (reply.status, reply.headers["location"]) == (301, "/shifeng/art-37/")
    reply = request(port, "GET", f"/search?q={NOISE}")
    assert (reply.status, reply.headers["location"]) == (301, f"/search/?q={NOISE}")


def test_a_file_is_not_a_folder(port):
    assert request(port, "GET", "/index.html/").status == 404


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/api/plans.csv",
        f"/api/search?q={NOISE}",
        "/api/search?q=",
        "/no-such-page/",
        "/shifeng",
    ],
)
def test_head_is_get_without_the_body(port, path):
    get, head = request(port, "GET", path), request(port, "HEAD", path)
    assert head.status == get.status
    assert int(get.headers["content-length"]) == len(get.body)
    for name in ("content-type", "content-length", "last-modified", "location", "cache-control"):
        assert head.headers.get(name) == get.headers.get(name), name
    assert head.body == b""


def test_head_sends_no_body_bytes(port):
    """Read to the end of the connection: nothing follows the headers of a HEAD answer."""
    reply = raw_request(port, b"HEAD /")
    assert reply.status == 200 and int(reply.headers["content-length"]) > 1000
    assert reply.body == b""


@pytest.mark.parametrize("path", ["/no/such/page/", "/missing.css", "/shifeng/art-9999/"])
def test_a_missing_path_gets_the_sites_404_page(port, site, path):
    reply = request(port, "GET", path)
    assert reply.status == 404
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert reply.body == (site / "404.html").read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        b"/../secret.txt",
        b"/../../../../etc/passwd",
        b"/%2e%2e/secret.txt",
        b"/%2E%2E/%2e%2e/%2e%2e/etc/passwd",
        b"/assets/..%2f..%2fsecret.txt",
        b"/assets/%2e%2e/%2e%2e/secret.txt",
        b"//etc/passwd",
        b"/secret-link.txt",  # a link inside the site to a file outside it
        b"/outside-link/secret.txt",  # ... and to a folder outside it
        b"/outside-link/",
        b"/%ff%fe",  # not UTF-8
        b"/" + b"a" * 5000,  # longer than a file name may be
    ],
)
def test_paths_never_escape_the_site(port, path):
    reply = raw_request(port, b"GET " + path)
    assert reply.status == 404
    assert SECRET.encode() not in reply.body and b"root:" not in reply.body


def test_a_link_that_stays_inside_the_site_is_followed(port, site):
    reply = request(port, "GET", "/inside-link.html")
    assert reply.status == 200 and reply.body == (site / "index.html").read_bytes()


@pytest.mark.parametrize(
    "head",
    [
        b"GET /index.html\x00.png",
        b"GET /%00",
        b"GET /index.html%00.png",
        b"GET /api/search?q=%00",
        b"GET /api/search?q=\x00",
        b"GET /?x=a\x00b",
        b"HEAD /%00",
    ],
)
def test_a_null_byte_gets_a_400(port, head):
    reply = raw_request(port, head)
    assert reply.status == 400
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["content-type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_other_methods_are_refused(port, method):
    reply = request(port, method, "/api/search?q=x")
    assert (reply.status, reply.headers["allow"]) == (405, "GET, HEAD")
    assert reply.headers["content-type"] == "text/plain; charset=utf-8"
    assert 0 < len(reply.body) < 100


def test_an_unknown_method_is_not_implemented(port):
    reply = request(port, "BREW", "/")
    assert reply.status == 501 and 0 < len(reply.body) < 100


def test_a_page_that_did_not_change_is_not_sent_again(port):
    modified = request(port, "GET", "/").headers["last-modified"]
    reply = request(port, "GET", "/", {"If-Modified-Since": modified})
    assert (reply.status, reply.body) == (304, b"")


def test_the_search_api_answers_json_that_is_not_cached(port):
    reply = request(port, "GET", f"/api/search/?q={NOISE}&limit=3")
    assert reply.status == 200
    assert reply.headers["content-type"] == "application/json; charset=utf-8"
    assert reply.headers["cache-control"] == "no-store"
    assert len(json.loads(reply.body)["hits"]) == 3
    reply = request(port, "GET", "/api/search?q=x&limit=many")
    assert reply.status == 400 and reply.headers["cache-control"] == "no-store"
    assert "error" in json.loads(reply.body)


def test_idle_connections_are_closed(site, built, real_corpus):
    with running(site, built[1], real_corpus.glossary, idle_timeout=1.0) as port:
        with socket.create_connection(("127.0.0.1", port), timeout=15) as silent:
            started = time.monotonic()
            assert silent.recv(1) == b""  # closed by the server
            assert 0.9 <= time.monotonic() - started < 10
        # Also once a keep-alive request has been answered.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        connection.request("GET", "/api/plans.csv")
        connection.getresponse().read()
        assert connection.sock is not None
        assert connection.sock.recv(1) == b""
        connection.close()


def test_fifty_concurrent_searches_all_succeed(port, root):
    queries = [entry["q"] for entry in read_yaml(root / "tests" / "search_eval.yaml")["queries"]]
    replies: list[Reply | BaseException] = [RuntimeError("not sent")] * 50
    start_line = threading.Barrier(50)

    def client(slot: int) -> None:
        start_line.wait()
        try:
            replies[slot] = request(port, "GET", f"/api/search?q={quote(queries[slot])}")
        except (OSError, http.client.HTTPException) as error:
            replies[slot] = error

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    failures = [r for r in replies if not isinstance(r, Reply) or r.status != 200]
    assert failures == []
    assert all("hits" in json.loads(r.body) for r in replies if isinstance(r, Reply))


@pytest.fixture
def served_by_cli(built, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`python -m builder serve --port 0 --processes 2` over the built site, as `make serve`
    runs it; yields the server process and its port."""
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    (tmp_path / "site").symlink_to(built[0])
    (tmp_path / "search-index").symlink_to(built[1])
    command = [sys.executable, "-m", "builder", "--root", str(tmp_path), "serve"]
    server = subprocess.Popen(
        [*command, "--port", "0", "--processes", "2"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", banner).group(1))  # type: ignore[union-attr]
        yield server, port
    finally:
        server.kill()
        server.wait(10)


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(stat.parent.name))
        except OSError:
            continue
    return found


def test_make_serve_runs_a_process_per_core_and_they_die_with_it(served_by_cli, root):
    server, port = served_by_cli
    queries = [entry["q"] for entry in read_yaml(root / "tests" / "search_eval.yaml")["queries"]]
    replies = [request(port, "GET", f"/api/search?q={quote(q)}") for q in queries[:20]]
    assert [reply.status for reply in replies] == [200] * 20
    workers = children_of(server.pid)
    assert len(workers) == 2
    server.send_signal(signal.SIGKILL)  # even killed, the workers go with it
    server.wait(10)
    deadline = time.monotonic() + 5
    while any(map(process_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(process_running, workers))


def process_running(pid: int) -> bool:
    """Alive and not a zombie (a killed orphan may wait for its new parent to reap it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
