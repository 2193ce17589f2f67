from kb.sparse import encode_passage, encode_query, passage_terms, query_terms


def test_passage_terms_have_words_folded_copies_syllables_and_numbers():
    terms = passage_terms("Thành lập 484 tổ công nghệ theo 713/QĐ-UBND")
    for term in ("thành_lập", "thanh_lap", "tổ", "to", "công_nghệ", "cong_nghe", "cong", "nghe",
                 "713/qđ-ubnd", "713/qd-ubnd"):
        assert term in terms
    assert terms.count("484") == 1  # a word without accents is not counted twice


def test_unaccented_question_meets_the_accented_passage_on_its_key_words():
    passage = set(passage_terms("thành lập 484 Tổ công nghệ cộng đồng trên địa bàn"))
    accented = set(query_terms("Tây Ninh đã thành lập bao nhiêu tổ công nghệ cộng đồng?"))
    unaccented = set(query_terms("Tay Ninh da thanh lap bao nhieu to cong nghe cong dong?"))
    key = {"thanh_lap", "cong_nghe", "cong_dong", "to"}
    assert key <= passage & accented
    assert key <= passage & unaccented


def test_bm25_weights_saturate_and_queries_weigh_terms_equally():
    once = dict(zip(*vars(encode_passage("số hóa")).values(), strict=True))
    many = dict(zip(*vars(encode_passage("số hóa " * 20)).values(), strict=True))
    assert max(many.values()) > max(once.values())
    assert max(many.values()) < 2.2 * 1.0 + 0.01  # k1 + 1 bounds a saturated weight
    query = encode_query("chỉ tiêu dịch vụ công")
    assert set(query.values) == {1.0} and query.indices == sorted(query.indices)
