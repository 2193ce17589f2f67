"""The MCP server with the MCP SDK's own client: over streamable HTTP against a real ``kb serve`` (``/mcp``,
behind the API's keys) and over stdio against ``kb mcp``; the HTTP API read with ``kb.client`` beside it."""

from __future__ import annotations

import concurrent.futures
import shutil
import sys
from contextlib import asynccontextmanager

import anyio
import httpx
import httpx2
import pytest
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

from kb.client import KBClient, KBClientError
from tests.conftest import PLAN_EDITOR, PLAN_READER, ROOT, clean_env

QUESTION = "Cơ quan nào chủ trì xây dựng Luật Công nghiệp công nghệ số?"
TOOLS = {"search", "ask", "list_tasks", "list_targets", "list_bodies", "get_document", "get_passage"}
VIETNAMESE = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def in_own_thread(run):
    """``anyio.run(run)`` in a thread of its own: the browser tests' session (Playwright's sync API) keeps an
    event loop running in the main thread, where another cannot start."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(anyio.run, run).result()


@asynccontextmanager
async def over_http(base: str, key: str | None):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    async with httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30, read=300)) as http:
        async with streamable_http_client(f"{base}/mcp", http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                yield session


@asynccontextmanager
async def over_stdio(data):
    params = StdioServerParameters(command=sys.executable, args=["-m", "kb.cli", "mcp", "--data-dir", str(data)],
                                   cwd=str(ROOT), env=clean_env())
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            yield session


async def call(session: ClientSession, tool: str, **arguments) -> dict:
    result = await session.call_tool(tool, arguments)
    assert not result.is_error, result.content
    return result.structured_content


def assert_cited(c: dict, text: str, base: str) -> None:
    """A citation the web page can open: the exact quote at its offsets, and the link to that span."""
    assert c["number"] and c["quote"] == text[c["start"]:c["end"]]
    assert c["link"] == f"{base}/#/doc/{c['doc_id']}?start={c['start']}&end={c['end']}"


@pytest.fixture(scope="module")
def api(plan_api):
    base, _ = plan_api
    with KBClient(base, PLAN_READER) as client:
        yield base, client


def test_an_assistant_gets_cited_answers_and_task_lists_over_http(api):
    base, client = api

    async def run():
        async with over_http(base, PLAN_READER) as s:
            tools = (await s.list_tools()).tools
            answer = await call(s, "ask", question=QUESTION)
            tasks = await call(s, "list_tasks", body="Bộ Công an", limit=200)
            return tools, answer, tasks

    tools, answer, tasks = in_own_thread(run)
    assert {t.name for t in tools} == TOOLS
    for tool in tools:  # typed, described in Vietnamese, read-only
        assert tool.output_schema and VIETNAMESE & set(tool.description.lower()) and tool.annotations.read_only_hint
    doc = client.documents(q="03/NQ-CP")[0]
    text = client.text(doc.doc_id)
    assert answer["status"] == "answered" and "Bộ Thông tin và Truyền thông" in answer["answer"]
    first = answer["citations"][0]
    assert first["number"] == "03/NQ-CP" and "Luật Công nghiệp công nghệ số" in first["quote"] and first["section"]
    assert_cited(first, text, "http://127.0.0.1:" + base.rsplit(":", 1)[1])
    same = client.tasks(body="Bộ Công an", limit=500)  # the HTTP API's answer: the same records
    assert tasks["total"] == same.total >= 10 and [t["id"] for t in tasks["items"]] == [t.id for t in same.items]
    for task in tasks["items"]:
        assert any(b["name"] == "Bộ Công an" for b in task["lead"])
        assert_cited(task["citation"], text, "http://127.0.0.1:" + base.rsplit(":", 1)[1])


def test_every_tool_answers_with_citations_over_http(api):
    base, client = api
    doc = client.documents(q="03/NQ-CP")[0]
    text = client.text(doc.doc_id)
    page = "http://127.0.0.1:" + base.rsplit(":", 1)[1]

    async def run():
        async with over_http(base, PLAN_READER) as s:
            found = await call(s, "search", query="dữ liệu quốc gia", limit=5, filters={"doc_id": doc.doc_id})
            targets = await call(s, "list_targets", doc="03/NQ-CP", limit=5)
            bodies = await call(s, "list_bodies", name="cong an")
            record = await call(s, "get_document", document="03/NQ-CP")
            hit = found["hits"][0]
            passage = await call(s, "get_passage", doc_id=hit["doc_id"], start=hit["start"] + 3, end=hit["end"],
                                 context=50)
            missing = await s.call_tool("get_document", {"document": "99/NQ-XX"})
            resources = (await s.list_resources()).resources
            read = await s.read_resource(f"kb://documents/{doc.doc_id}")
            return found, targets, bodies, record, passage, missing, resources, read

    found, targets, bodies, record, passage, missing, resources, read = in_own_thread(run)
    same = client.search("dữ liệu quốc gia", 5, doc_id=doc.doc_id)
    assert [(h["doc_id"], h["start"]) for h in found["hits"]] == [(h.doc_id, h.start) for h in same.hits]
    for c in found["hits"]:
        assert_cited(c, text, page)
    assert targets["total"] == client.targets(doc_id=doc.doc_id).total > 0
    assert all(t["doc_id"] == doc.doc_id for t in targets["items"])
    assert_cited(targets["items"][0]["citation"], text, page)
    police = next(b for b in bodies["items"] if b["name"] == "Bộ Công an")
    assert police["lead"] > 0 and [d["number"] for d in police["documents"]] == ["03/NQ-CP"]
    assert police["documents"][0]["link"] == f"{page}/#/doc/{doc.doc_id}"
    assert record["number"] == "03/NQ-CP" and record["validity"] and record["tasks"] > 0
    assert record["link"] == f"{page}/#/doc/{doc.doc_id}" and "03/NQ-CP" in record["citation"]["quote"]
    hit = found["hits"][0]
    assert passage["citation"]["quote"] == text[hit["start"] + 3:hit["end"]]
    assert passage["citation"]["section"] == hit["section"] and passage["before"] == text[hit["start"] - 47:
                                                                                           hit["start"] + 3]
    assert missing.is_error and "Không có văn bản '99/NQ-XX'" in missing.content[0].text
    assert {r.uri for r in resources} == {f"kb://documents/{d.doc_id}" for d in client.documents()}
    assert read.contents[0].text == text


def test_the_same_keys_and_roles_govern_mcp(api):
    base, client = api
    before = [(d.doc_id, d.sha256, d.tasks, d.targets) for d in client.documents()]
    for headers in ({}, {"Authorization": "Bearer not-a-key"}, {"X-API-Key": "not-a-key"}):
        refused = httpx.post(f"{base}/mcp", headers={**headers, "Accept": "application/json, text/event-stream"},
                             json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"

    async def run():
        async with over_http(base, PLAN_READER) as s:
            tools = (await s.list_tools()).tools
            delete = await s.call_tool("delete_document", {"doc_id": before[0][0]})
        async with over_http(base, PLAN_EDITOR) as s:  # an editor key gets the same read-only tools
            editor_tools = {t.name for t in (await s.list_tools()).tools}
        return tools, delete, editor_tools

    tools, delete, editor_tools = in_own_thread(run)
    assert all(t.annotations.read_only_hint and not t.annotations.destructive_hint for t in tools)
    assert editor_tools == TOOLS and delete.is_error
    assert [(d.doc_id, d.sha256, d.tasks, d.targets) for d in client.documents()] == before


def test_the_http_client_raises_the_error_shape(api):
    base, client = api
    with KBClient(base) as anonymous, pytest.raises(KBClientError) as refused:
        anonymous.search("dữ liệu")
    assert refused.value.status == 401 and refused.value.code == "unauthorized" and "khoá API" in refused.value.message
    with KBClient(base, PLAN_READER, language="en") as english, pytest.raises(KBClientError) as missing:
        english.document("no-such-doc")
    assert (missing.value.status, missing.value.code) == (404, "not_found")
    with pytest.raises(KBClientError) as bad:
        client.passage(client.documents()[0].doc_id, 10, 5)
    assert (bad.value.status, bad.value.code) == (400, "bad_span")
    assert client.role() == "reader"


def test_kb_mcp_serves_the_same_tools_over_stdio(plan_template, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(plan_template, data)

    async def run():
        async with over_stdio(data) as s:
            tools = {t.name for t in (await s.list_tools()).tools}
            answer = await call(s, "ask", question=QUESTION)
            tasks = await call(s, "list_tasks", body="bo cong an", limit=1)
            missing = await s.call_tool("list_tasks", {"doc": "99/NQ-XX"})
            return tools, answer, tasks, missing

    tools, answer, tasks, missing = in_own_thread(run)
    assert tools == TOOLS and "Bộ Thông tin và Truyền thông" in answer["answer"]
    first = answer["citations"][0]
    assert first["number"] == "03/NQ-CP" and first["link"].startswith("http://127.0.0.1:8000/#/doc/")
    assert tasks["total"] >= 10 and len(tasks["items"]) == 1 and tasks["items"][0]["citation"]["quote"]
    assert missing.is_error and "99/NQ-XX" in missing.content[0].text
