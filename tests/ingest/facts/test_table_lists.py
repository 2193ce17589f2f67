"""A document's tables as lists (``ingest.facts.table_lists``): a caption heads its table's top rows, a group row
the rows numbered under it."""

from ingest.facts.table_lists import table_lists
from ingest.textbuilder import TextBuilder


def _loaded(lines: list[tuple[str, str | None]]):
    builder = TextBuilder()
    for line, kind in lines:
        builder.line(line, kind)
    return builder.build()


def _heads(loaded) -> dict[str, list[str]]:
    text = loaded.text
    return {text[h.start:h.end]: [text[a:b].split(" | ")[1] for a, b in h.items] for h in table_lists(loaded)}


def test_a_caption_heads_its_rows_and_a_group_row_the_rows_under_it():
    loaded = _loaded([("Bảng III. Các chuỗi dự án khí - điện", None), ("TT | Dự án | Địa điểm", "table_header"),
                      ("A | Chuỗi Lô B", "table_row"), ("1 | Mỏ khí Lô B | Cần Thơ", "table_row"),
                      ("2 | Đường ống Lô B - Ô Môn | Cần Thơ", "table_row"),
                      ("B | Chuỗi Cá Voi Xanh", "table_row"), ("1 | Mỏ khí Cá Voi Xanh | Đà Nẵng", "table_row"),
                      ("2 | Các NMĐ Cá Voi Xanh | Quảng Ngãi", "table_row")])
    heads = _heads(loaded)
    assert heads["Bảng III. Các chuỗi dự án khí - điện"] == ["Chuỗi Lô B", "Chuỗi Cá Voi Xanh"]
    assert heads["B | Chuỗi Cá Voi Xanh"] == ["Mỏ khí Cá Voi Xanh", "Các NMĐ Cá Voi Xanh"]
    [group] = [h for h in table_lists(loaded) if loaded.text[h.start:h.end].startswith("B |")]
    assert [loaded.text[a:b] for a, b in group.above] == ["Bảng III. Các chuỗi dự án khí - điện"]


def test_a_figure_in_the_first_column_is_no_row_number():
    """"20.330" is a figure, "900 | Hưng Yên" the rest of the row above broken across lines: neither heads rows."""
    loaded = _loaded([("Bảng IV. Đường dây", None), ("TT | Dự án | Quy mô", "table_header"),
                      ("1 | Giải tỏa công suất", "table_row"), ("1.1 | ĐD 500 kV Nghi Sơn | 2x190", "table_row"),
                      ("1.2 | TBA 500 kV Hưng Yên 2", "table_row"), ("900 | Hưng Yên", "table_row"),
                      ("1.3 | ĐD 500 kV Bác Ái | 2x25", "table_row"), ("20.330 | 20.954", "table_row"),
                      ("2 | Nhập khẩu điện", "table_row"), ("2.1 | TBA Lao Bảo | 1", "table_row"),
                      ("2.2 | ĐD Lao Bảo | 2", "table_row")])
    heads = _heads(loaded)
    assert heads["1 | Giải tỏa công suất"] == ["ĐD 500 kV Nghi Sơn", "TBA 500 kV Hưng Yên 2", "ĐD 500 kV Bác Ái"]
    assert heads["Bảng IV. Đường dây"] == ["Giải tỏa công suất", "Nhập khẩu điện"]
    assert not any(h.startswith(("900", "20.330")) for h in heads)
