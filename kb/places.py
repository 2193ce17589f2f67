"""Provinces and cities named in a text (the lexicon ``kb/data/places.txt``), folded so "Dak Lak" is Đắk Lắk.

A question that names one ("Ở Đắk Lắk, …", "UBND xã, phường ở Cần Thơ …") is answered from the documents that
speak of it; ingestion keeps, for each document, the places its text names.

>>> places_in("Ở Dak Lak, khi phát hiện ca bệnh … báo cáo về Sở Y tế tỉnh Đắk Lắk")
['Đắk Lắk']
>>> places_in("thời gian vận hành nhà máy điện hạt nhân Ninh Thuận 1")  # a plant's name
[]
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kb.text import fold

_FILE = Path(__file__).parent / "data" / "places.txt"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(name, pattern of one way of writing it); "TP HCM" is written for "Thành phố Hồ Chí Minh"."""
    lines = [line.strip() for line in _FILE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    pairs = [line.partition("\t")[::2] for line in lines]  # (as written, the name it is written for, or "")
    # not the name of a thing numbered after a place: "NMĐ Hạt nhân Ninh Thuận 1", "Long An II"
    return [(name or written, re.compile(rf"(?<!\w){re.escape(fold(written))}(?!\w)(?!\s+(?:\d{{1,2}}|i{{1,3}})\b)"))
            for written, name in pairs]


def places_in(text: str) -> list[str]:
    """The places ``text`` names, once each, in the lexicon's spelling."""
    folded = fold(text)
    return list(dict.fromkeys(name for name, pattern in _patterns() if pattern.search(folded)))
