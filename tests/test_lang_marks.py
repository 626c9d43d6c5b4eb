"""The language-marking hook (builder/lang_marks.py): the other language carries its lang."""

from __future__ import annotations

from builder.lang_marks import mark_languages


def test_chinese_quoted_in_english_is_marked_run_by_run():
    html = "<p>The soil groups (土类) of 第20条, about 11.72万 ha.</p>"
    assert mark_languages(html, "en") == (
        '<p>The soil groups (<span lang="zh-CN">土类</span>) of <span lang="zh-CN">第20条</span>,'
        ' about 11.72<span lang="zh-CN">万</span> ha.</p>'
    )


def test_text_already_marked_or_that_cannot_hold_a_span_is_left_alone():
    html = (
        '<p lang="zh-CN">中文<b>加粗</b></p><svg><text>石峰区</text></svg>'
        '<script>var s = "中文";</script><a title="中文">x</a><code>第1条</code>'
    )
    assert mark_languages(html, "en") == html


def test_an_english_line_in_a_chinese_page_is_marked_and_chinese_text_is_not():
    html = "<p>规划总则</p><p>: 1964 (the plan's own scope section)</p><p>PM2.5浓度</p>"
    assert mark_languages(html, "zh-CN") == (
        '<p>规划总则</p><p><span lang="en">: 1964 (the plan\'s own scope section)</span></p>'
        "<p>PM2.5浓度</p>"
    )


def test_the_language_of_an_element_ends_with_it_even_past_void_and_stray_tags():
    html = '<div lang="zh-CN"><p>中文<br>文字</p></span></div><p>then 英文</p>'
    marked = mark_languages(html, "en")
    assert marked.startswith('<div lang="zh-CN"><p>中文<br>文字</p></span></div>')
    assert marked.endswith('<p>then <span lang="zh-CN">英文</span></p>')
