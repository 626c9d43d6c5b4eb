import pytest

from builder.link import LinkError, Registry, Target, register_corpus
from builder.load import load_corpus


def test_urls_follow_the_published_scheme():
    assert Target("shifeng/art-37.md").url == "/shifeng/art-37/"
    assert Target("shifeng/index.md").url == "/shifeng/"
    assert Target("index.md").url == "/"
    assert Target("shifeng/indicators.md", "ind-5.2").url == "/shifeng/indicators/#ind-5.2"
    assert Target("lingling/4.3.2.md").url == "/lingling/4.3.2/"


def test_href_is_relative_to_the_linking_page():
    registry = Registry()
    registry.add("shifeng/art-37", Target("shifeng/art-37.md"))
    registry.add("shifeng/ind-4", Target("shifeng/indicators.md", "ind-4"))
    assert registry.href("shifeng/art-37", "shifeng/ch04.md") == "art-37.md"
    assert registry.href("shifeng/art-37", "index.md") == "shifeng/art-37.md"
    assert registry.href("shifeng/ind-4", "shifeng/indicators.md") == "#ind-4"
    assert registry.href("shifeng/ind-4", "compare.md") == "shifeng/indicators.md#ind-4"


def test_unknown_id_fails_with_a_suggestion():
    registry = Registry()
    registry.add("shifeng/art-37", Target("shifeng/art-37.md"))
    with pytest.raises(
        LinkError, match=r"no record with id 'shifeng/art-73'; did you mean 'shifeng/art-37'\?"
    ):
        registry.url("shifeng/art-73")


def test_two_records_cannot_share_a_page_or_an_id():
    registry = Registry()
    registry.add("a", Target("x.md"))
    with pytest.raises(LinkError, match=r"would both be x\.md"):
        registry.add("b", Target("x.md"))
    with pytest.raises(LinkError, match="two records share the id 'a'"):
        registry.add("a", Target("y.md"))


def test_every_record_of_the_fixture_corpus_has_a_page(mini_corpus):
    registry = register_corpus(load_corpus(mini_corpus))
    assert registry.url("demo/art-2") == "/demo/art-2/"
    assert registry.url("demo/ch02") == "/demo/ch02/"
