from builder.search.snippets import make_snippet, needle_pattern


def test_matches_are_marked_and_text_is_escaped():
    pattern = needle_pattern(["噪声", "noise"])
    snippet = make_snippet("<b>夜间</b>噪声 & Noise control", pattern)
    assert snippet == "&lt;b&gt;夜间&lt;/b&gt;<mark>噪声</mark> &amp; <mark>Noise</mark> control"


def test_english_stems_match_word_prefixes_only():
    pattern = needle_pattern(["pollut"])
    assert make_snippet("air pollution", pattern) == "air <mark>pollut</mark>ion"
    assert make_snippet("unpolluted", pattern) == ""


def test_a_long_text_is_cut_around_the_first_match():
    text = "甲" * 200 + "黑臭水体" + "乙" * 200
    snippet = make_snippet(text, needle_pattern(["黑臭水体"]))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>黑臭水体</mark>" in snippet and len(snippet) < 140


def test_no_needles_no_snippet():
    assert make_snippet("噪声", None) == ""
    assert make_snippet("噪声", needle_pattern(["光伏"])) == ""
