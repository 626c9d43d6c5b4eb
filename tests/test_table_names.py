"""The MkDocs hook that names Markdown tables and scopes their column headers."""

from __future__ import annotations

from types import SimpleNamespace

from builder.table_names import on_page_content

PAGE = SimpleNamespace(title="投资对比 Investment")


def test_a_markdown_table_is_named_after_the_heading_above_it():
    html = (
        '<h2 id="by-domain">按领域 <small>By domain</small>'
        '<a class="headerlink" href="#by-domain">¶</a></h2>\n<p>text</p>\n'
        "<table>\n<thead>\n<tr>\n<th>领域</th>\n<th>投资</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>a &amp; b</td>\n<td>1</td>\n</tr>\n</tbody>\n</table>"
    )
    out = on_page_content(html, page=PAGE)
    assert '<caption class="atlas-visually-hidden">按领域 By domain</caption>' in out
    assert out.count('<th scope="col">') == 2 and "<td>a &amp; b</td>" in out


def test_without_a_heading_the_page_title_names_it_and_html_tables_are_left_alone():
    html = (
        "<table>\n<thead>\n<tr>\n<th>x</th>\n</tr>\n</thead>\n</table>"
        '<table class="atlas-table"><caption>own</caption><tr><th scope="row">y</th></tr></table>'
    )
    out = on_page_content(html, page=PAGE)
    assert '<caption class="atlas-visually-hidden">投资对比 Investment</caption>' in out
    assert out.endswith(
        '<table class="atlas-table"><caption>own</caption><tr><th scope="row">y</th></tr></table>'
    )
