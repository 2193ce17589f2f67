from kb.text import canonical_tones, clean, document_numbers, fold, has_diacritics, words


def test_fold_strips_every_diacritic_and_d_bar():
    assert fold("Ủy ban nhân dân tỉnh Tây Ninh đã") == "uy ban nhan dan tinh tay ninh da"
    assert not has_diacritics("Tay Ninh da thanh lap") and has_diacritics("Tây Ninh")


def test_nfd_input_is_stored_as_nfc():
    nfd = "Chuye\u0302\u0309n đo\u0302\u0309i so\u0302\u0301"
    assert clean(nfd) == "Chuyển đổi số"


def test_old_and_new_tone_placement_become_one():
    assert canonical_tones("hoà bình, Toà án, thuỷ lợi") == "hòa bình, Tòa án, thủy lợi"
    assert canonical_tones("hoàng, khoảng") == "hoàng, khoảng"  # a following letter: unchanged
    untouched = "luật, kỹ thuật, hoặc, trí tuệ, thuở, quả, quý, quỹ"
    assert canonical_tones(untouched) == untouched  # a second mark on the vowel, or the u of "qu"
    assert words("Hoà Thành") == words("Hòa Thành")


def test_document_numbers_in_both_official_forms():
    text = "theo Quyết định số 713/QĐ-UBND, Nghị định 224/2026/NĐ-CP, Nghị quyết 57-NQ/TW và 01-KH/BCĐ; 52/100"
    assert document_numbers(text) == ["713/QĐ-UBND", "224/2026/NĐ-CP", "57-NQ/TW", "01-KH/BCĐ"]


def test_words_are_underthesea_words_lower_cased_without_punctuation():
    assert words("Sở Thông tin và Truyền thông chủ trì.") == ["sở", "thông_tin", "và", "truyền_thông", "chủ_trì"]


def test_clean_keeps_paragraphs_and_drops_control_characters():
    assert clean("a\u0000b  c\r\n\r\n\r\n\r\nd\ufeff") == "ab c\n\nd"
