import pytest

from builder.importer.noise import NOISE_RULES, clean_line


@pytest.mark.parametrize("rule", NOISE_RULES, ids=lambda rule: rule.name)
def test_each_rule_turns_its_example_into_the_expected_text(rule):
    before, after = rule.example
    assert rule.pattern.sub(rule.replacement, before) == after


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("PM _{2.5} 浓度为 37 μ g/m ³ ，未完成", "PM2.5浓度为37 μg/m³，未完成"),
        ("[bookmark: _Toc1][bookmark: _Toc2]第一节 建设基础 ", "第一节建设基础"),
        (
            "湘江白石省控断面和马家河霞湾国控断面继续保持 II 类",
            "湘江白石省控断面和马家河霞湾国控断面继续保持II类",
        ),
        ("总面积 180.58 平方公里", "总面积180.58平方公里"),
        ("公司 VOCs 治理", "公司VOCs治理"),
        # An English word keeps the spaces the source sets it off with (art-8, art-63).
        ("以美丽中国 and 人与自然和谐共生", "以美丽中国 and 人与自然和谐共生"),
        ("——**实施数智转型工程。**鼓励", "——实施数智转型工程。鼓励"),
    ],
)
def test_clean_line_removes_noise_only(raw, clean):
    assert clean_line(raw) == clean


def test_clean_line_keeps_the_source_wording_of_each_plan():
    assert clean_line("△EQI>-1") == "△EQI>-1"
    assert clean_line("ΔEQI>-1") == "ΔEQI>-1"
    assert clean_line("推动相关行业绿色高质量发展。。") == "推动相关行业绿色高质量发展。。"
