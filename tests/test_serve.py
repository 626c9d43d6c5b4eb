"""The staff server: the site and /api/search, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest

from builder.serve import make_server


@pytest.fixture(scope="module")
def base_url(built, real_corpus):
    site, index_dir = built
    server = make_server(site, index_dir, real_corpus.glossary, port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(10)
    assert not thread.is_alive()


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_search_api_answers_json(base_url):
    status, content_type, body = get(
        f"{base_url}/api/search?q={quote('噪声')}&plan=shifeng&limit=3"
    )
    assert status == 200 and content_type.startswith("application/json")
    data = json.loads(body)
    assert data["query"] == "噪声" and data["total"] >= 3
    assert len(data["hits"]) == 3
    assert set(data["hits"][0]) == {
        "id", "plan", "kind", "label", "title_zh", "title_en", "url", "score", "snippet"
    }  # fmt: skip
    assert all(hit["plan"] == "shifeng" for hit in data["hits"])


def test_bad_requests_get_a_clear_400(base_url):
    status, _, body = get(f"{base_url}/api/search?q=")
    assert status == 400 and "empty" in json.loads(body)["error"]
    status, _, body = get(f"{base_url}/api/search?q=x&kind=chapter")
    assert status == 400 and "kind must be one of" in json.loads(body)["error"]


def test_the_site_is_served_beside_the_api(base_url):
    status, _, body = get(f"{base_url}/shifeng/art-37/")
    assert status == 200 and "第37条" in body
    status, _, body = get(f"{base_url}/search/")
    assert status == 200 and "atlas-search-form" in body


def test_only_get_and_head_are_answered(base_url):
    request = urllib.request.Request(f"{base_url}/api/search?q=x", data=b"q=x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 405 and caught.value.headers["Allow"] == "GET, HEAD"


def test_the_server_listens_on_loopback_only(built, real_corpus):
    server = make_server(built[0], built[1], real_corpus.glossary, port=0)
    assert server.server_address == ("127.0.0.1", server.effective_port)
    server.close()
