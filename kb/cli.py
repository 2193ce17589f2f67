"""The ``kb`` command: ingest, search, ask, docs, serve, mcp.

This entry point is the one place that ties ``kb``, ``ingest`` and ``search_api`` together; it
imports them lazily so that ``kb --help`` and ``kb search`` start quickly.
Errors are printed as one line naming what went wrong (exit 2 for the caller's mistakes, 1 for
ours), never as a traceback (set ``KB_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import sys
from pathlib import Path
from typing import Any

from kb.config import Settings, load_settings
from kb.errors import Conflict, InputError, KBError


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if args.data_dir:
        overrides["data_dir"] = Path(args.data_dir)
    return load_settings(**overrides)


def _open(args: argparse.Namespace):
    from kb.service import KnowledgeBase

    return KnowledgeBase(_settings(args))


def _print_json(value: Any) -> None:
    if isinstance(value, list):
        value = [v.model_dump() if hasattr(v, "model_dump") else v for v in value]
    print(json.dumps(value, ensure_ascii=False, indent=2))  # noqa: T201


def _out(line: str = "") -> None:
    print(line)  # noqa: T201


def _filters(args: argparse.Namespace):
    from kb.store import Filters

    return Filters(doc_types=args.type or [], issuers=args.issuer or [], doc_ids=args.doc or [],
                   year_from=args.year_from, year_to=args.year_to)


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest_paths

    kb = _open(args)
    try:
        terminal = sys.stderr.isatty()  # a bar there; elsewhere (a pipe, a log) a line now and then
        report = ingest_paths(kb, [Path(p) for p in args.paths], progress=terminal and not args.json,
                              log_every=None if terminal else kb.settings.progress_every_s)
    finally:
        kb.close()
    if args.json:
        files = [{k: v for k, v in vars(o).items() if k != "exception"} for o in report.outcomes]
        _print_json({"summary": report.summary(), "index_seconds": report.index_s, "files": files})
    else:
        for outcome in report.outcomes:
            if outcome.status == "failed":
                print(f"error: {outcome.error}", file=sys.stderr)  # noqa: T201
            for warning in outcome.warnings:
                print(f"warning: {outcome.source}: {warning}", file=sys.stderr)  # noqa: T201
        _out(report.summary())
    return 2 if report.failed else 0


def _print_citation(rank: int, c) -> None:
    label = c.number or c.title or c.source
    where = " · ".join(x for x in (c.doc_type, c.section, f"trang {c.page}" if c.page else None) if x)
    _out(f"[{rank}] {label} ({c.source}){' — ' + where if where else ''}  score={c.score:.4f}")
    _out("    " + c.quote.replace("\n", "\n    ")[:600])


def cmd_search(args: argparse.Namespace) -> int:
    kb = _open(args)
    try:
        result = kb.search(args.query, args.limit, _filters(args))
    finally:
        kb.close()
    if args.json:
        _print_json(result.model_dump())
    else:
        for rank, hit in enumerate(result.hits, start=1):
            _print_citation(rank, hit)
        if not result.hits:
            _out("Không tìm thấy kết quả.")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    kb = _open(args)
    try:
        answer = kb.ask(args.question, _filters(args))
    finally:
        kb.close()
    if args.json:
        _print_json(answer.model_dump())
    else:
        _out(answer.answer)
        for rank, c in enumerate(answer.citations[:3], start=1):
            _print_citation(rank, c)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    kb = _open(args)
    try:
        if args.action == "list":
            docs = kb.documents()
            if args.json:
                _print_json([d.model_dump() for d in docs])
            for d in [] if args.json else docs:
                _out(f"{d.doc_id}  {d.number or '-':<18} {d.doc_type or '-':<12} {d.chunks:>5}  {d.source}")
        elif args.action == "show":
            doc = kb.document(kb.resolve(args.id))
            if args.json:
                _print_json(doc.model_dump())
            else:
                for key, value in doc.model_dump().items():
                    _out(f"{key:>12}: {value}")
        else:
            doc = kb.delete(kb.resolve(args.id))
            _out(f"deleted {doc.source} ({doc.doc_id}, {doc.chunks} passages)")
    finally:
        kb.close()
    return 0


def cmd_records(args: argparse.Namespace) -> int:
    from kb.facts import FactFilter

    kb = _open(args)
    try:
        if args.command == "bodies":
            rows = kb.bodies()
            if args.json:
                _print_json(rows)
            for r in [] if args.json else rows:
                _out(f"{r.lead:>4} chủ trì {r.coordinator:>4} phối hợp {r.monitor:>4} theo dõi  {r.name}")
            return 0
        kind = "task" if args.command == "tasks" else "target"
        flt = FactFilter(body=args.body, doc_id=kb.resolve(args.doc) if args.doc else None, text=args.text,
                         due_before=getattr(args, "due_before", None), due_after=getattr(args, "due_after", None))
        found = kb.records(kind, flt)
    finally:
        kb.close()
    if args.json:
        _print_json(found)
        return 0
    for r in found:
        if r.kind == "task":
            lead = ", ".join(b.name for b in r.lead) or "-"
            _out(f"[{r.deadline or '-'}] {lead}: {r.task[:140]}  ({r.source}, {r.section})")
        else:
            monitor = ", ".join(b.name for b in r.monitor) or "-"
            _out(f"[{r.horizon or '-'}] {r.value} — {r.indicator[:120]} ({monitor}; {r.source}, {r.section})")
    _out(f"{len(found)} {'tasks' if kind == 'task' else 'targets'}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from kb.backup import backup, restore

    if args.command == "backup":
        try:
            kb = _open(args)
            kb.store.count()  # a data folder `kb serve` holds is refused now, with the way to back it up
        except Conflict as exc:
            raise Conflict(f"{exc.message}: while kb serve runs, have it take the backup: "
                           "POST /v1/backups with an admin key (written under KB_BACKUP_DIR)",
                           vi="Thư mục dữ liệu đang được 'kb serve' dùng: hãy để máy chủ tự sao lưu bằng "
                              "POST /v1/backups với khoá quản trị (bản sao lưu nằm trong KB_BACKUP_DIR).") from exc
        try:
            manifest = backup(kb, Path(args.folder))
        finally:
            kb.close()
        _out(f"backed up {manifest['documents']} documents, {manifest['points']} passages to {args.folder}")
    else:
        manifest = restore(Path(args.folder), _settings(args))
        _out(f"restored {manifest['documents']} documents, {manifest['restored_points']} passages")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from kb.check import check

    kb = _open(args)
    try:
        if args.repair:
            from ingest.pipeline import reindex

            report = check(kb, lambda doc_id: reindex(kb, doc_id))
        else:
            report = check(kb)
    finally:
        kb.close()
    if args.json:
        _print_json(report.model_dump())
    else:
        for p in report.problems:
            _out(f"{p.kind}: {p.detail}" + (f" → {p.action}" if p.action else ""))
        verdict = "ok" if report.ok else ("damaged: restore a backup (kb restore)" if report.damaged
                                          else "problems left: run kb check --repair")
        _out(f"{report.documents} documents, {report.passages} passages, {len(report.problems)} problems: {verdict}")
    return 0 if report.ok else 1


def cmd_migrate(args: argparse.Namespace) -> int:
    from kb.backup import migrate
    from kb.store.server import ServerStore

    settings = _settings(args)
    # A missing collection is created with KB_QDRANT_SHARDS, _REPLICAS and _WRITE_CONSISTENCY.
    target = ServerStore.connect(args.to, args.api_key or settings.qdrant_api_key, settings.collection, 384,
                                 layout=settings.collection_layout)
    try:
        result = migrate(settings, target)
    finally:
        target.close()
    _out(f"copied {result['copied']} passages; the server now holds {result['target']} "
         f"(embedded store: {result['source']}). Set KB_QDRANT_URL={args.to} to use it.")
    return 0 if result["target"] == result["source"] else 1


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from kb.gate import SWITCH_INTERVAL_S
    from kb.service import KnowledgeBase
    from search_api.app import create_app, verify
    from search_api.protocol import ErrorShapeH11Protocol

    settings = _settings(args)
    settings = settings.model_copy(update={"host": args.host or settings.host, "port": args.port or settings.port})
    _log_to_stderr("kb")  # index steps and failed index builds: next to uvicorn's own lines
    sys.setswitchinterval(SWITCH_INTERVAL_S)  # the event loop gets the GIL back sooner (kb.gate)
    faulthandler.enable()  # a fatal signal (SIGBUS of a store file on a full disk) leaves a line, not silence
    kb = KnowledgeBase(settings)
    try:
        if not settings.qdrant_url:
            verify(kb)  # a damaged data folder: a message and exit 1, no server that says ready
        app = create_app(settings, kb)
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="info",
                    http=ErrorShapeH11Protocol)  # its own 400s in the error shape
    finally:
        kb.close()
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Take upload jobs from the durable queue (KB_DATABASE_URL) until SIGTERM/SIGINT, or with --once
    until none is waiting."""
    import signal
    import threading

    from ingest.queue_worker import QueueWorker
    from kb.service import KnowledgeBase

    _log_to_stderr("kb")
    kb = KnowledgeBase(_settings(args))
    try:
        worker = QueueWorker(kb)
        if args.once:
            while worker.run_one():
                pass
            return 0
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        worker.run(stop)
    finally:
        kb.close()
    return 0


def cmd_mcp(args: argparse.Namespace) -> int:
    from kb.service import KnowledgeBase
    from search_api.mcp_server import build_server

    settings = _settings(args)
    kb = KnowledgeBase(settings)
    try:
        if not settings.qdrant_url:
            kb.store.count()  # a data folder `kb serve` holds fails now, with its message, not at the first tool
        build_server(lambda: kb, settings).run("stdio")  # stdout is the protocol's: nothing else is printed
    finally:
        kb.close()
    return 0


def _log_to_stderr(name: str) -> None:
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _iso_date(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from exc


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir",
                        help="where the store, caches and originals live (default: KB_DATA_DIR or ./data)")
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--type", action="append", help="only this document type, e.g. 'Quyết định' (repeatable)")
    filters.add_argument("--issuer", action="append", help="only this issuer (repeatable)")
    filters.add_argument("--doc", action="append", help="only this doc_id (repeatable)")
    filters.add_argument("--year-from", type=int)
    filters.add_argument("--year-to", type=int)

    top = argparse.ArgumentParser(prog="kb", description="Knowledge base of Vietnamese plans and policies")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", parents=[common], help="ingest files or folders (PDF, DOCX, TXT, MD, HTML)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", parents=[common, filters], help="hybrid search with citations")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", parents=[common, filters], help="answer a question with citations")
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ask)

    docs = sub.add_parser("docs", help="list, show or delete documents").add_subparsers(dest="action", required=True)
    p = docs.add_parser("list", parents=[common], help="every document")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_docs)
    for action in ("show", "delete"):
        p = docs.add_parser(action, parents=[common], help=f"{action} one document")
        p.add_argument("id", help="doc_id, file name or document number")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=cmd_docs)

    for name, what in (("tasks", "tasks (nhiệm vụ) with lead body and deadline"),
                       ("targets", "targets (chỉ tiêu) with value and horizon")):
        p = sub.add_parser(name, parents=[common], help=what)
        p.add_argument("--body", help="lead body (tasks) or monitoring body (targets), accented or not")
        p.add_argument("--doc", help="only this document (id, file name or number)")
        p.add_argument("--text", help="words the task or indicator contains")
        if name == "tasks":
            p.add_argument("--due-before", type=_iso_date, help="due strictly before YYYY-MM-DD")
            p.add_argument("--due-after", type=_iso_date, help="due on or after YYYY-MM-DD")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=cmd_records)
    p = sub.add_parser("bodies", parents=[common], help="responsible bodies and their counts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_records)

    for name, what in (("backup", "copy the knowledge base (passages, catalog, caches, originals) to a new folder"),
                       ("restore", "fill an empty data folder from a backup folder")):
        p = sub.add_parser(name, parents=[common], help=what)
        p.add_argument("folder")
        p.set_defaults(func=cmd_backup)
    p = sub.add_parser("check", parents=[common],
                       help="verify store, catalog and originals agree and can be read; --repair what can be")
    p.add_argument("--repair", action="store_true",
                   help="re-index documents whose passages are missing, drop orphan passages and originals")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("migrate", parents=[common], help="copy the embedded store to a Qdrant server, no re-embedding")
    p.add_argument("--to", required=True, help="the server's URL, e.g. http://qdrant:6333")
    p.add_argument("--api-key", help="the server's API key (default KB_QDRANT_API_KEY)")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("mcp", parents=[common], help="the MCP server for AI assistants, over stdio (read-only)")
    p.set_defaults(func=cmd_mcp)

    p = sub.add_parser("worker", parents=[common],
                       help="take upload jobs from the durable queue in KB_DATABASE_URL (any number, any machine)")
    p.add_argument("--once", action="store_true", help="stop when no job is waiting")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("serve", parents=[common], help="the search API, the web page, /mcp and /v1/retrieval")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_serve)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KBError as exc:
        # what an operator must act on (a damaged backup or data folder) is said in Vietnamese too
        line = f"lỗi: {exc.text('vi')} ({exc.message})" if exc.operator else f"error: {exc.message}"
        if exc.status >= 500 and exc.__cause__ is not None:  # what HTTP callers are not told (the server logs it)
            line += f" ({type(exc.__cause__).__name__}: {str(exc.__cause__)[:300]})"
        print(line, file=sys.stderr)  # noqa: T201
        return 2 if isinstance(exc, InputError) or exc.status < 500 else 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)  # noqa: T201
        return 130
    except BrokenPipeError:  # `kb tasks | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("KB_DEBUG"):
            raise
        message = f"error: internal error ({type(exc).__name__}: {exc}); set KB_DEBUG=1 for details"
        print(message, file=sys.stderr)  # noqa: T201
        return 1


if __name__ == "__main__":
    sys.exit(main())
