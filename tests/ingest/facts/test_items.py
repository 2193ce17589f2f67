"""The outline of items: markers, ranks, lead-ins."""

import pytest

from ingest.facts.items import build_tree, list_heads, marker_of, walk


@pytest.mark.parametrize("line,marker,rank", [
    ("II. NHIỆM VỤ", "II. ", 4), ("V. TỔ CHỨC THỰC HIỆN", "V. ", 4), ("A. BỘ NÔNG NGHIỆP", "A. ", 4.5),
    ("4. Sở Y tế", "4. ", 5), ("1.2. Triển khai", "1.2. ", 6), ("2.5.*Thúc đẩy", "2.5.*", 6),
    ("a) Rà soát", "a) ", 8), ("đ) Chủ trì", "đ) ", 8), ("- Phối hợp", "- ", 9), ("+ Kiểm tra", "+ ", 10),
    ("(ii) Chủ đầu tư phối hợp", "(ii) ", 8.5), ("(3) Bộ Công Thương", "(3) ", 8.5),
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


def test_lists_are_every_item_over_two_marked_ones_with_what_stands_above():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\na) Đến năm 2026\n- việc một\n- việc hai\nb) Đến năm 2030\n"
            "- chỉ tiêu ba\n+ chi tiết\n- chỉ tiêu bốn\nIII. NHIỆM VỤ\nThủ tướng yêu cầu thực hiện các nhiệm vụ sau:\n"
            "1. một\n2. hai")
    heads = {text[h.start:h.end]: h for h in list_heads(build_tree(text, []))}
    assert set(heads) == {"2. Mục tiêu cụ thể", "a) Đến năm 2026", "b) Đến năm 2030",
                          "Thủ tướng yêu cầu thực hiện các nhiệm vụ sau:"}
    head = heads["b) Đến năm 2030"]
    assert [text[a:b] for a, b in head.above] == ["II. MỤC TIÊU", "2. Mục tiêu cụ thể"]
    assert [text[a:b] for a, b in head.items] == ["- chỉ tiêu ba", "- chỉ tiêu bốn"]
    assert text[:head.last].endswith("chỉ tiêu bốn")
    assert len(heads["Thủ tướng yêu cầu thực hiện các nhiệm vụ sau:"].items) == 2


def test_what_is_attached_below_a_signature_is_under_none_of_the_items_above_it():
    text = "Điều 3. Sở A chịu trách nhiệm thi hành.\nNơi nhận: như trên.\nBẢNG TIÊU CHÍ\n1. Tổ chức bộ máy"
    signature = text.index("Nơi nhận")
    root = build_tree(text, [(signature, text.index("BẢNG"))], [text.index("BẢNG")])
    assert [c.line for c in root.children] == ["Điều 3. Sở A chịu trách nhiệm thi hành.", "BẢNG TIÊU CHÍ"]
    assert [c.line for c in root.children[1].children] == ["1. Tổ chức bộ máy"]  # under the attached title


def test_an_attached_documents_title_heads_its_items_once_their_numbering_starts_again_they_are_another_list():
    # CV 5155: the signature reader took in the title's first lines; "2.4.Tủ sách" is a criterion of 2., not a 2.
    text = ("Nơi nhận: như trên.\nTrương Hải Thanh\n\nBẢNG TIÊU CHÍ ĐÁNH GIÁ, XẾP LOẠI\nTRUNG TÂM HỌC TẬP CỘNG ĐỒNG\n"
            "(TỪ NĂM 2025)\n1. Tổ chức bộ máy (10 điểm)\n1.1. Có đủ các chức danh.\n2. Cơ sở vật chất (20 điểm)\n"
            "2.1. Trụ sở làm việc.\n2.4.Tủ sách, sách, báo.\n3. Kinh phí hoạt động (20 điểm)\n"
            "1. Ủy ban nhân dân xã quyết định thành lập đoàn kiểm tra.\n2. Việc đánh giá, xếp loại")
    attached = text.index("(TỪ NĂM")
    root = build_tree(text, [(0, attached)], [attached])
    heads = {text[h.start:h.end]: [text[a:b] for a, b in h.items] for h in list_heads(root)}
    title = "BẢNG TIÊU CHÍ ĐÁNH GIÁ, XẾP LOẠI\nTRUNG TÂM HỌC TẬP CỘNG ĐỒNG\n(TỪ NĂM 2025)"
    assert heads[title] == ["1. Tổ chức bộ máy (10 điểm)", "2. Cơ sở vật chất (20 điểm)",
                            "3. Kinh phí hoạt động (20 điểm)"]
    assert heads["2. Cơ sở vật chất (20 điểm)"] == ["2.1. Trụ sở làm việc.", "2.4.Tủ sách, sách, báo."]
    assert marker_of("2.4.Tủ sách")[1] == marker_of("2.1. Trụ sở")[1] != marker_of("2. Cơ sở")[1]
