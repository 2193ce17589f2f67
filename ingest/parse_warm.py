"""Imported by the sandbox's fork server (``ingest.sandbox``): one small plan parsed there, so that the
lexicons and tables the parse steps load on first use (~0.4 s) are loaded once, before any child is
forked, not again in every child."""

from ingest.parse import parse

PLAN = ("KẾ HOẠCH\nTriển khai chuyển đổi số năm 2026\nI. MỤC TIÊU\n1. Đến năm 2026, 100% hồ sơ được số hóa.\n"
        "II. NHIỆM VỤ\n1. Sở Tài chính chủ trì, phối hợp Sở Nội vụ xây dựng cơ sở dữ liệu trước tháng 6/2026.\n")
parse(PLAN.encode(), "warm.txt", "warm", 900, 1400)
