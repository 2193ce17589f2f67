"""The outline of items: markers, ranks, lead-ins."""

import pytest

from ingest.facts.items import build_tree, marker_of, walk


@pytest.mark.parametrize("line,marker,rank", [
    ("II. NHIỆM VỤ", "II. ", 4), ("V. TỔ CHỨC THỰC HIỆN", "V. ", 4), ("A. BỘ NÔNG NGHIỆP", "A. ", 4.5),
    ("4. Sở Y tế", "4. ", 5), ("1.2. Triển khai", "1.2. ", 6), ("2.5.*Thúc đẩy", "2.5.*", 6),
    ("a) Rà soát", "a) ", 8), ("đ) Chủ trì", "đ) ", 8), ("- Phối hợp", "- ", 9), ("+ Kiểm tra", "+ ", 10),
    ("Điều 3. Tổ chức thực hiện", "Điều 3. ", 3), ("Tăng cường tuyên truyền", "", 100.0),
])
def test_markers(line, marker, rank):
    assert marker_of(line) == (marker, rank)


def test_a_lead_in_heads_the_items_after_it_and_a_second_one_ends_its_list():
    text = "II. NHIỆM VỤ\nGiao Sở A:\n- việc một\n- việc hai\nGiao Sở B:\n- việc ba\nIII. KINH PHÍ"
    root = build_tree(text, [])
    parents = {item.line: item.parent.line for item in walk(root)}
    assert parents["- việc hai"] == "Giao Sở A:" and parents["- việc ba"] == "Giao Sở B:"
    assert parents["Giao Sở B:"] == "II. NHIỆM VỤ" and parents["III. KINH PHÍ"] == ""


def test_a_plain_paragraph_continues_the_item_above_and_separators_are_skipped():
    root = build_tree("a) Tiếp tục đầu tư.\nĐối với các công trình xây mới, ưu tiên nước mặt.\n__________", [])
    [item] = root.children
    assert [c.line for c in item.children] == ["Đối với các công trình xây mới, ưu tiên nước mặt."]
