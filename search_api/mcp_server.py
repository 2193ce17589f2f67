"""The knowledge base as an MCP server (official ``mcp`` SDK): tools for AI assistants, documents as resources.

The same server runs two ways: ``kb mcp`` over stdio for a desktop assistant, and inside ``kb serve`` at
``/mcp`` (streamable HTTP) behind the API's keys and roles (``search_api.app``). Every tool only reads, and
each is the product's own function (``KnowledgeBase``, the routes' shared page functions) with the result
given its citations and links (``search_api.mcp_shapes``); uploads and deletions are not tools.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Literal

import anyio.to_thread
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.types import Resource, ToolAnnotations
from pydantic import Field

from kb import __version__
from kb.answer.cite import document_citation, name_of
from kb.config import Settings
from kb.errors import KBError, NotFound
from kb.facts import FactFilter
from kb.service import KnowledgeBase
from kb.text import fold
from search_api.mcp_shapes import (
    AskOutput,
    BodiesOutput,
    DocumentOutput,
    PassageOutput,
    RecordsOutput,
    SearchOutput,
    ask_output,
    bodies_output,
    cited,
    link,
    records_output,
    search_output,
)
from search_api.routes.facts import target_page, task_page
from search_api.routes.search import FilterSpec

INSTRUCTIONS = (
    "Kho văn bản chính sách, kế hoạch của cơ quan nhà nước Việt Nam. Dùng `ask` cho câu hỏi có câu trả lời ngắn, "
    "`search` để tìm đoạn văn bản, `list_tasks` / `list_targets` cho nhiệm vụ, chỉ tiêu theo cơ quan và thời hạn, "
    "`get_document` cho thông tin và hiệu lực của một văn bản, `get_passage` để đọc một đoạn trích với ngữ cảnh. "
    "Mỗi kết quả có trích dẫn (số hiệu, mục, trang, nguyên văn, vị trí ký tự, đường dẫn): hãy dẫn nguồn khi trả lời.")
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
DOC_URI = "kb://documents/{doc_id}"

Filters = Annotated[FilterSpec | None, Field(description="lọc theo loại văn bản, cơ quan ban hành, mã văn bản, năm")]
BodyArg = Annotated[str | None, Field(description="tên cơ quan, có dấu hoặc không: 'Bộ Công an', 'bo cong an'",
                                      max_length=200)]
DocArg = Annotated[str | None, Field(description="chỉ văn bản này: mã, tên tệp hoặc số hiệu (03/NQ-CP)",
                                     max_length=200)]
TextArg = Annotated[str | None, Field(description="các từ có trong nội dung nhiệm vụ, chỉ tiêu", max_length=200)]
Limit = Annotated[int, Field(ge=1, le=200, description="số bản ghi tối đa trả về")]
Offset = Annotated[int, Field(ge=0, description="bỏ qua bấy nhiêu bản ghi đầu (phân trang)")]
IsoDate = Annotated[str | None, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="ngày YYYY-MM-DD")]


@contextmanager
def _answering() -> Iterator[None]:
    """The caller's mistakes (no such document, a bad date …) reach the assistant as its Vietnamese message."""
    try:
        yield
    except KBError as exc:
        raise ToolError(exc.text("vi")) from exc


class KBServer(MCPServer):
    """An ``MCPServer`` whose resources are the documents of the knowledge base, listed when asked."""

    def __init__(self, kb: Callable[[], KnowledgeBase], **kwargs) -> None:
        super().__init__(**kwargs)
        self._kb = kb

    async def list_resources(self) -> list[Resource]:
        docs = await anyio.to_thread.run_sync(lambda: self._kb().documents())
        return [Resource(uri=DOC_URI.format(doc_id=d.doc_id), name=d.doc_id, title=name_of(d),
                         description=f"{d.title or d.source} — toàn văn (các trích dẫn trỏ vào văn bản này)",
                         mime_type="text/plain") for d in docs]


def build_server(kb: Callable[[], KnowledgeBase], settings: Settings) -> KBServer:
    """The MCP server over the knowledge base ``kb()`` returns; links point at ``settings.page_url``."""
    server = KBServer(kb, name="vn-policy-kb", title="Tra cứu văn bản chính sách", version=__version__,
                      instructions=INSTRUCTIONS, log_level="WARNING")
    base = settings.page_url
    _search_tools(server, kb, base)
    _record_tools(server, kb, base)
    _document_tools(server, kb, base)
    return server


def _search_tools(server: KBServer, kb: Callable[[], KnowledgeBase], base: str) -> None:
    @server.tool(annotations=READ_ONLY)
    def search(query: Annotated[str, Field(min_length=1, max_length=2000, description="câu hỏi hoặc từ khoá")],
               filters: Filters = None,
               limit: Annotated[int, Field(ge=1, le=50, description="số đoạn trả về")] = 10) -> SearchOutput:
        """Tìm kiếm kết hợp (ngữ nghĩa và từ khoá) trong các văn bản; trả về các đoạn văn bản phù hợp nhất,
        mỗi đoạn kèm trích dẫn: số hiệu, loại, mục, trang, nguyên văn, vị trí ký tự và đường dẫn."""
        with _answering():
            return search_output(kb().search(query, limit, filters.to_filters() if filters else None), base)

    @server.tool(annotations=READ_ONLY)
    def ask(question: Annotated[str, Field(min_length=1, max_length=2000, description="câu hỏi tiếng Việt")],
            filters: Filters = None) -> AskOutput:
        """Trả lời một câu hỏi từ các văn bản (cơ quan chủ trì, thời hạn, chỉ tiêu, thông tin văn bản, danh
        sách nhiệm vụ …) với trích dẫn; trích dẫn đầu tiên là căn cứ của câu trả lời. Nếu văn bản không nói,
        status là not_found; nếu văn bản được hỏi không có trong kho, status là not_in_kb."""
        with _answering():
            return ask_output(kb().ask(question, filters.to_filters() if filters else None), base)


def _doc_id(k: KnowledgeBase, doc: str | None) -> str | None:
    return k.resolve(doc) if doc else None


def _record_tools(server: KBServer, kb: Callable[[], KnowledgeBase], base: str) -> None:
    @server.tool(annotations=READ_ONLY)
    def list_tasks(body: BodyArg = None,
                   role: Annotated[Literal["lead", "coordinator", "any"],
                                   Field(description="lead: chủ trì; coordinator: phối hợp; any: cả hai")] = "lead",
                   due_before: IsoDate = None, due_after: IsoDate = None, doc: DocArg = None, text: TextArg = None,
                   limit: Limit = 50, offset: Offset = 0) -> RecordsOutput:
        """Các nhiệm vụ trích từ văn bản: nội dung, cơ quan chủ trì và phối hợp, thời hạn (due: hạn chót
        YYYY-MM-DD), sản phẩm, văn bản và mục; lọc theo cơ quan, vai trò, thời hạn (due_before: trước ngày,
        due_after: từ ngày), văn bản. Mỗi nhiệm vụ kèm trích dẫn."""
        with _answering():
            k = kb()
            flt = FactFilter(body=body, role=role, due_before=due_before, due_after=due_after,
                             doc_id=_doc_id(k, doc), text=text)
            page = task_page(k, flt, limit, offset)
            return records_output(page.total, page.items, base)

    @server.tool(annotations=READ_ONLY)
    def list_targets(body: BodyArg = None, doc: DocArg = None, text: TextArg = None, limit: Limit = 50,
                     offset: Offset = 0) -> RecordsOutput:
        """Các chỉ tiêu trích từ văn bản: chỉ số, giá trị (kèm đơn vị, so sánh), mốc thời gian (horizon),
        cơ quan theo dõi, văn bản và mục; lọc theo cơ quan, văn bản, từ ngữ. Mỗi chỉ tiêu kèm trích dẫn."""
        with _answering():
            k = kb()
            page = target_page(k, FactFilter(body=body, doc_id=_doc_id(k, doc), text=text), limit, offset)
            return records_output(page.total, page.items, base)

    @server.tool(annotations=READ_ONLY)
    def list_bodies(name: Annotated[str | None, Field(description="chỉ các cơ quan có tên chứa các từ này "
                                                                  "(có dấu hoặc không)", max_length=200)] = None,
                    limit: Limit = 100) -> BodiesOutput:
        """Các cơ quan được giao nhiệm vụ, chỉ tiêu: số nhiệm vụ chủ trì, phối hợp, số chỉ tiêu theo dõi, các
        cách viết tên, và các văn bản nêu cơ quan đó (kèm đường dẫn); nhiều việc nhất trước."""
        with _answering():
            k = kb()
            found = [b for b in k.bodies() if not name or fold(name) in fold(f"{b.name} {' '.join(b.variants)}")]
            docs = {d.doc_id: d for d in k.documents()}
            return bodies_output(len(found), found[:limit], docs, base)


def _document_tools(server: KBServer, kb: Callable[[], KnowledgeBase], base: str) -> None:
    @server.tool(annotations=READ_ONLY)
    def get_document(document: Annotated[str, Field(min_length=1, max_length=200,
                                                    description="mã văn bản, tên tệp hoặc số hiệu (03/NQ-CP)")],
                     ) -> DocumentOutput:
        """Thông tin một văn bản: số hiệu, loại, cơ quan ban hành, ngày ban hành, trích yếu, người ký, căn cứ,
        quan hệ với văn bản khác (thay thế, sửa đổi, thực hiện …), hiệu lực (validity), số nhiệm vụ và chỉ
        tiêu; kèm trích dẫn phần đầu văn bản và đường dẫn."""
        with _answering():
            k = kb()
            doc = k.document(k.resolve(document))
            return DocumentOutput(**doc.model_dump(), link=link(base, doc.doc_id),
                                  citation=cited(document_citation(k, doc), base))

    @server.tool(annotations=READ_ONLY)
    def get_passage(doc_id: Annotated[str, Field(min_length=1, max_length=200, description="mã văn bản (doc_id)")],
                    start: Annotated[int, Field(ge=0, description="vị trí ký tự đầu đoạn (start của trích dẫn)")],
                    end: Annotated[int, Field(ge=1, description="vị trí ký tự cuối đoạn (end của trích dẫn)")],
                    context: Annotated[int, Field(ge=0, le=5000, description="số ký tự ngữ cảnh mỗi bên")] = 300,
                    ) -> PassageOutput:
        """Đọc đoạn text[start:end] của một văn bản (như một trích dẫn trả về) với ngữ cảnh trước và sau,
        kèm mục, trang và đường dẫn."""
        with _answering():
            p = kb().passage(doc_id, start, end, context)
            return PassageOutput(citation=cited(p.citation, base), before=p.before, after=p.after)

    @server.resource(DOC_URI, name="document", title="Toàn văn văn bản", mime_type="text/plain",
                     description="toàn văn một văn bản; start, end của trích dẫn là vị trí ký tự trong văn bản này")
    def document_text(doc_id: str) -> str:
        try:
            k = kb()
            k.document(doc_id)
            return k.text(doc_id)
        except NotFound as exc:
            raise ResourceNotFoundError(exc.text("vi")) from exc
