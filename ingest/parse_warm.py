"""Imported by the sandbox's fork server (``ingest.sandbox``): one small plan read there, so that the
lexicons, tables and models the read steps load on first use (the parse steps ~0.4 s, the word
segmenter of the BM25 terms and the language detector some seconds more) are loaded once, before any
child is forked, not again in every child."""

from ingest.prepare import read

PLAN = ("KẾ HOẠCH\nTriển khai chuyển đổi số năm 2026\nI. MỤC TIÊU\n1. Đến năm 2026, 100% hồ sơ được số hóa.\n"
        "II. NHIỆM VỤ\n1. Sở Tài chính chủ trì, phối hợp Sở Nội vụ xây dựng cơ sở dữ liệu trước tháng 6/2026.\n")
read(PLAN.encode(), "warm.txt", "warm", "warm", 900, 1400)
