"""Targets in prose and their values."""

import pytest

from ingest.facts.context import Context
from ingest.facts.targets import goals, parse_value


@pytest.mark.parametrize("text,value,number,unit,comparator", [
    ("ít nhất 80% hồ sơ", "ít nhất 80%", 80.0, "%", ">="), ("≥ 55 %", "≥ 55 %", 55.0, "%", ">="),
    ("Top 15", "Top 15", 15.0, "top", "="),
    ("12 cơ sở dữ liệu quốc gia với", "12 cơ sở dữ liệu", 12.0, "cơ sở dữ liệu", "="),
    ("GDP bình quân đầu người khoảng trên 5.000 USD", "trên 5.000 USD", 5000.0, "USD", ">"),
    ("chỉ số giá tiêu dùng bình quân khoảng 4,5 - 5%", "khoảng 4,5 - 5%", 4.5, "%", "~"),
    ("Kinh phí chi cho nghiên cứu phát triển đạt 2% GDP", "đạt 2% GDP", 2.0, "% GDP", "="),
    ("Tốc độ tăng GDP đạt 8% trở lên", "đạt 8% trở lên", 8.0, "%", "="),
    ("khoảng trên 1.700km đường bộ", "trên 1.700 km đường bộ", 1700.0, "km đường bộ", ">"),  # a unit written onto it
])
def test_values(text, value, number, unit, comparator):
    assert parse_value(text) == {"value": value, "number": number, "unit": unit, "comparator": comparator}


def test_a_clause_listing_several_indicators_gives_one_target_each():
    text = ("Phấn đấu đến năm 2030, Hà Nội có tối thiểu 200 công trình, Thành phố Hồ Chí Minh có tối thiểu 500 "
            "công trình.")
    found = goals(text, 0, Context(), None)
    assert [g.value["value"] for g in found] == ["tối thiểu 200 công trình", "tối thiểu 500 công trình"]
    assert all(g.horizon == "đến năm 2030" for g in found)


def test_in_a_section_of_targets_the_horizon_is_inherited_and_elsewhere_it_must_be_stated():
    assert goals("Trên 80% số trạm y tế cấp xã đủ điều kiện.", 0, Context(mode="targets", horizon="đến năm 2030"),
                 None)[0].horizon == "đến năm 2030"
    assert goals("Trên 80% số trạm y tế cấp xã đủ điều kiện.", 0, Context(mode="duties"), "năm 2026") == []


@pytest.mark.parametrize("text", ["Năm 2024, tỷ lệ hồ sơ trực tuyến đã đạt 85%.",
                                  "Ước thực hiện cả năm đạt 100,12% kế hoạch."])
def test_what_was_achieved_is_not_a_target(text):
    assert goals(text, 0, Context(mode="targets", horizon="năm 2025"), None) == []


def test_in_a_list_of_targets_what_was_done_after_the_figure_describes_the_indicator():
    text = "80% thông tin, dữ liệu đã được số hóa trong giải quyết thủ tục hành chính được khai thác, sử dụng lại."
    found = goals(text, 0, Context(mode="targets", horizon="giai đoạn 2028-2030"), None)
    assert [g.value["value"] for g in found] == ["80%"]
    assert goals("80% số xã đã hoàn thành chuyển đổi số năm 2025.", 0, Context(mode="duties"), None) == []


def test_a_figure_aimed_at_in_a_duty_takes_the_plans_horizon():
    text = "Phấn đấu tỷ trọng đào tạo các ngành STEM trong các cơ sở giáo dục đại học đạt tối thiểu 30%."
    found = goals(text, 0, Context(mode="duties"), "giai đoạn 2026-2030")
    assert [(g.value["value"], g.horizon) for g in found] == [("tối thiểu 30%", "giai đoạn 2026-2030")]
    assert goals("Hỗ trợ 30% kinh phí cho các hợp tác xã.", 0, Context(mode="duties"), "giai đoạn 2026-2030") == []
