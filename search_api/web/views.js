// Tra cứu văn bản chính sách — views built on app.js (loaded before this file):
// fact tables (answer and document view), deleting a document and the tasks view (#/tasks); the staff
// upload view is upload.js. As in app.js, API data only ever goes through textContent.
"use strict";

// ---------- fact tables ----------

const TASK_COLS = ["Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Mục"];
const TARGET_COLS = ["Chỉ tiêu", "Giá trị", "Thời hạn/Mốc", "Cơ quan theo dõi", "Mục"];
const FACT_TEXT_MAX = 220; // long task sentences are cut in tables; the link leads to the full text

const clip = (s, n = FACT_TEXT_MAX) => (s && s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s || "");

/** Body names of a record's lead / coordinators / monitor list (objects or plain strings). */
const bodyNames = (list) => (list || []).map((b) => (typeof b === "string" ? b : b && b.name))
  .filter(Boolean).join("; ");

const isTask = (f) => f.kind === "task" || (f.kind == null && "task" in f);

/** The deadline as written ("6/2026"), with the normalised date as a tooltip. */
function deadlineCell(t) {
  const text = t.deadline || formatDate(t.due);
  if (!text) return "";
  return el("span", { text, attrs: { title: t.due ? `Hạn: ${formatDate(t.due)}` : null } });
}

/** "80" with a unit column "%" → "80 %"; worded values ("Đạt mức tiên tiến…") are kept as written. */
function targetValue(t) {
  const v = t.value == null ? "" : String(t.value).trim();
  const numeric = /^[\d\s.,<>=≤≥~+\-]+$/.test(v);
  return numeric && t.unit_column ? `${v} ${t.unit_column}` : v;
}

/** The record's own words, linking to the document view with the span highlighted. */
function factLink(text, f) {
  return el("a", { text: clip(text) || "(không có nội dung)", attrs: { href: docHref(f.doc_id, f.start, f.end) } });
}

/** Section path; with `withDoc`, the document's number or name underneath. */
function sectionCell(f, withDoc) {
  const wrap = el("span", { text: f.section || "—" });
  if (withDoc) wrap.append(el("span", { cls: "cell-note", text: docLabel(f) }));
  return wrap;
}

function taskCells(t, withDoc) {
  return [factLink(t.task || t.quote, t), bodyNames(t.lead), bodyNames(t.coordinators), deadlineCell(t),
    sectionCell(t, withDoc)];
}

function targetCells(t, withDoc) {
  return [factLink(t.indicator || t.quote, t), targetValue(t), t.horizon, bodyNames(t.monitor), sectionCell(t, withDoc)];
}

/** A table in its own horizontally scrolling, keyboard-focusable region. Cells: text or nodes. */
function dataTable(caption, cols, rows, cls = "") {
  const head = el("tr", {}, ...cols.map((c) => el("th", { text: c, attrs: { scope: "col" } })));
  const tbody = el("tbody");
  for (const cells of rows) {
    tbody.append(el("tr", {}, ...cells.map((v, i) => el("td", { attrs: { "data-col": i, "data-label": cols[i] } },
      v instanceof Node ? v : v == null || v === "" ? "—" : String(v)))));
  }
  const table = el("table", { cls: `data-table ${cls}`.trim() },
    el("caption", { cls: "visually-hidden", text: caption }), el("thead", {}, head), tbody);
  return el("div", { cls: "scroll-wrap", attrs: { role: "region", tabindex: "0", "aria-label": caption } }, table);
}

/** A table of records with its export buttons; `exportParams`: the filters of the export (see exportTools). */
const tasksTable = (tasks, caption, withDoc, exportParams, total = tasks.length) => el("div", { cls: "table-block" },
  exportTools("task", exportParams, total),
  dataTable(caption, TASK_COLS, tasks.map((t) => taskCells(t, withDoc)), "tasks-table"));
const targetsTable = (targets, caption, withDoc, exportParams, total = targets.length) =>
  el("div", { cls: "table-block" }, exportTools("target", exportParams, total),
  dataTable(caption, TARGET_COLS, targets.map((t) => targetCells(t, withDoc)), "targets-table"));

// ---------- export: the full records as the API writes them (GET /v1/tasks/export, /v1/targets/export) ----------

const EXPORTS = { task: ["/v1/tasks/export", "nhiem-vu"], target: ["/v1/targets/export", "chi-tieu"] };

/** "Tải CSV (n dòng)" and "Tải Excel (n dòng)": every record the filters `params` give (a list view's, as
 * on screen, or `ids` of an answer's records), not just the rows shown. */
function exportTools(kind, params, count) {
  const [path, name] = EXPORTS[kind];
  const tools = el("p", { cls: "table-tools" });
  for (const [format, label] of [["csv", "Tải CSV"], ["xlsx", "Tải Excel"]]) {
    const query = new URLSearchParams(params);
    query.set("format", format);
    const button = el("button", { cls: `btn-link export-${format}`, text: `${label} (${count} dòng)`,
      attrs: { type: "button" } });
    button.addEventListener("click", () => downloadFile(`${path}?${query}`, `${name}.${format}`));
    tools.append(button, " ");
  }
  return tools;
}

/** The export filters of an answer's records: their ids. */
const idParams = (records) => new URLSearchParams(records.map((r) => ["ids", r.id]));

/** Under the answer: the records it was built from, targets and tasks in separate tables. */
function factsBlock(facts) {
  const tasks = facts.filter(isTask);
  const targets = facts.filter((f) => !isTask(f));
  const box = el("div", { cls: "facts", attrs: { id: "facts" } });
  if (targets.length) {
    box.append(el("h3", { cls: "results-heading", text: `Chỉ tiêu (${targets.length})` }),
      targetsTable(targets, "Chỉ tiêu liên quan đến câu trả lời", true, idParams(targets)));
  }
  if (tasks.length) {
    box.append(el("h3", { cls: "results-heading", text: `Nhiệm vụ (${tasks.length})` }),
      tasksTable(tasks, "Nhiệm vụ liên quan đến câu trả lời", true, idParams(tasks)));
  }
  return box;
}

// ---------- the document's targets, tasks and cited numbers ----------

/** Targets, tasks and the documents list for one document view; a failed part carries {error}. */
async function loadDocFacts(docId) {
  const q = `doc_id=${encodeURIComponent(docId)}&limit=500`;
  const get = (path) => api(path).catch((err) => ({ error: err.message }));
  const [targets, tasks, docs, outline] = await Promise.all([get(`/v1/targets?${q}`), get(`/v1/tasks?${q}&role=any`),
    loadDocuments().catch(() => []), get(`/v1/documents/${encodeURIComponent(docId)}/outline`)]);
  return { targets, tasks, docs, outline };
}

const RELATION_LABELS = { rests_on: "Căn cứ", implements: "Thực hiện", amends: "Sửa đổi, bổ sung",
  replaces: "Thay thế / bãi bỏ", replaced_by: "Bị thay thế bởi" };
// the same relation seen from the other document: "X rests on this one" → "Là căn cứ của X"
const REVERSE_LABELS = { rests_on: "Là căn cứ của", implements: "Được thực hiện bởi",
  amends: "Được sửa đổi, bổ sung bởi", replaces: "Bị thay thế / bãi bỏ bởi" };

/** The documents of the library that name this one in a relation: [label, document]. */
function reverseRelations(doc, docs) {
  const number = normNumber(doc.number);
  if (!number) return [];
  const found = [];
  for (const d of docs) {
    if (d.doc_id === doc.doc_id) continue;
    const r = (d.relations || []).find((x) => x.type in REVERSE_LABELS && normNumber(x.number) === number);
    if (r) found.push([REVERSE_LABELS[r.type], d]);
  }
  return found;
}

/** A related document: its number (linked when it is in the library) and, when known, its title. */
function relatedItem(label, name, docId, title) {
  const target = docId ? el("a", { text: name, attrs: { href: docHref(docId) } }) : el("span", { text: name });
  return el("li", {}, `${label}: `, target, title ? el("span", { cls: "cell-note", text: title }) : null);
}

/** "Căn cứ và quan hệ": what the document rests on, implements, amends or replaces, and the documents of the
 * library that do so to it (mentions are in the next section). */
function relationsSection(doc, docs) {
  const relations = (doc.relations || []).filter((r) => r.type in RELATION_LABELS);
  const reverse = reverseRelations(doc, docs);
  const byId = new Map(docs.map((d) => [d.doc_id, d]));
  const id = "doc-relations";
  const section = el("section", { cls: "doc-section", attrs: { "aria-labelledby": id, id: `${id}-section` } },
    sectionHeading(id, "Căn cứ và quan hệ", relations.length + reverse.length));
  if (!relations.length && !reverse.length) {
    section.append(statusLine("Không có"));
    return section;
  }
  const list = el("ul", { cls: "related-list" });
  for (const r of relations) {
    const known = r.doc_id && byId.get(r.doc_id);
    list.append(relatedItem(RELATION_LABELS[r.type], r.number || r.title || "", r.doc_id, known && known.title));
  }
  for (const [label, d] of reverse) list.append(relatedItem(label, docLabel(d), d.doc_id, d.number ? d.title : null));
  section.append(list);
  return section;
}

/** "Bố cục": the document's parts (Chương, Điều, I., Phụ lục …), each a link that highlights it. */
function outlineSection(doc, outline) {
  const id = "doc-outline";
  const parts = Array.isArray(outline) ? outline : [];
  const section = el("section", { cls: "doc-section", attrs: { "aria-labelledby": id, id: `${id}-section` } },
    sectionHeading(id, "Bố cục", parts.length));
  if (!parts.length) {
    section.append(statusLine(outline && outline.error ? `Không tải được: ${outline.error}` : "Không có"));
    return section;
  }
  const list = el("ul", { cls: "numbers-list" });
  parts.forEach((part, i) => {
    const end = i + 1 < parts.length ? parts[i + 1].start : part.start + part.section.length;
    list.append(el("li", {}, el("a", { text: part.section, attrs: { href: docHref(doc.doc_id, part.start, end) } })));
  });
  section.append(list);
  return section;
}

function sectionHeading(id, title, count) {
  return el("h3", { attrs: { id } }, `${title} `, el("span", { cls: "count", text: `(${count})` }));
}

/** "Chỉ tiêu (n)" / "Nhiệm vụ (n)": a table, "Không có", or why it could not be loaded. */
function factSection(id, title, page, makeTable) {
  const section = el("section", { cls: "doc-section", attrs: { "aria-labelledby": id, id: `${id}-section` } });
  if (page.error) {
    section.append(el("h3", { text: title, attrs: { id } }), statusLine(`Không tải được: ${page.error}`));
    return section;
  }
  const items = page.items || [];
  const total = page.total ?? items.length;
  section.append(sectionHeading(id, title, total));
  if (!items.length) {
    section.append(statusLine("Không có"));
  } else {
    if (total > items.length) section.append(statusLine(`Hiển thị ${items.length}/${total}.`));
    section.append(makeTable(items));
  }
  return section;
}

const normNumber = (n) => String(n || "").replace(/\s+/g, "").toUpperCase();

/** "Các văn bản được nhắc đến": the numbers the text cites, linked when that document is in the library. */
function numbersSection(doc, docs) {
  const numbers = doc.numbers || [];
  const id = "doc-numbers";
  const section = el("section", { cls: "doc-section", attrs: { "aria-labelledby": id, id: `${id}-section` } },
    sectionHeading(id, "Các văn bản được nhắc đến", numbers.length));
  if (!numbers.length) {
    section.append(statusLine("Không có"));
    return section;
  }
  const byNumber = new Map(docs.filter((d) => d.number && d.doc_id !== doc.doc_id)
    .map((d) => [normNumber(d.number), d]));
  const list = el("ul", { cls: "numbers-list" });
  for (const n of numbers) {
    const known = byNumber.get(normNumber(n));
    list.append(el("li", {}, known
      ? el("a", { text: n, attrs: { href: docHref(known.doc_id), title: known.title || null } })
      : el("span", { text: n })));
  }
  section.append(list);
  return section;
}

function docFactSections(doc, facts) {
  const only = (more) => new URLSearchParams({ doc_id: doc.doc_id, ...more });
  return [
    factSection("doc-targets", "Chỉ tiêu", facts.targets,
      (items) => targetsTable(items, "Chỉ tiêu của văn bản", false, only({}))),
    factSection("doc-tasks", "Nhiệm vụ", facts.tasks,
      (items) => tasksTable(items, "Nhiệm vụ của văn bản", false, only({ role: "any" }))),
    relationsSection(doc, facts.docs || []),
    numbersSection(doc, facts.docs || []),
    outlineSection(doc, facts.outline),
  ];
}

// ---------- writing: errors, delete ----------

const WRITE_ERRORS = {
  401: "Khoá API không đúng hoặc chưa nhập.",
  403: "Khoá API này không có quyền biên tập.",
  404: "Không tìm thấy văn bản.",
  413: "Tệp quá lớn so với giới hạn của máy chủ.",
  415: "Định dạng tệp không được hỗ trợ (chỉ PDF, DOCX, TXT, MD, HTML).",
  422: "Không đọc được nội dung tệp.",
};

/** The API's own message (Vietnamese: the page asks for it), else a Vietnamese one for the status. */
function writeError(status, message) {
  return message || WRITE_ERRORS[status] || `Lỗi máy chủ (${status || "không phản hồi"}).`;
}

const writeRights = new Map(); // stored key → Promise of whether it may write (GET /v1/me)

/** Whether the key stored in this tab is an editor's or an admin's; false without a key or on any error. */
function canWrite() {
  const key = storedKey();
  if (!key) return Promise.resolve(false);
  if (!writeRights.has(key)) {
    writeRights.set(key, api("/v1/me", { key }).then((me) => Boolean(me && me.can_write)).catch(() => {
      writeRights.delete(key);
      return false;
    }));
  }
  return writeRights.get(key);
}

/** Writing controls, filled in only for editors: readers never see a delete button. */
function docActions(doc) {
  const box = el("div", { cls: "doc-actions", attrs: { id: "doc-actions" } });
  canWrite().then((allowed) => {
    if (!allowed) return;
    const button = el("button", { cls: "btn btn-danger", text: "Xoá văn bản", attrs: { type: "button", id: "btn-delete" } });
    button.addEventListener("click", () => deleteDoc(doc, button));
    box.append(editButton(doc), button); // edit.js
  });
  return box;
}

async function deleteDoc(doc, button) {
  if (button.getAttribute("aria-disabled") === "true") return;
  const key = storedKey();
  if (!key) {
    showError("Cần khoá API biên tập để xoá văn bản. Nhập khoá ở mục “Tải lên” rồi quay lại.");
    return;
  }
  const file = doc.source && doc.source !== docLabel(doc) ? ` (tệp ${doc.source})` : "";
  if (!window.confirm(`Xoá văn bản “${docLabel(doc)}”${file} khỏi kho? Thao tác này không hoàn tác được.`)) return;
  button.setAttribute("aria-disabled", "true");
  showError("");
  try {
    await api(`/v1/documents/${encodeURIComponent(doc.doc_id)}`, { method: "DELETE", key });
    refreshAfterWrite();
    flash = `Đã xoá văn bản “${docLabel(doc)}”.`;
    location.hash = "#/docs";
  } catch (err) {
    showError(writeError(err.status, err.message));
  } finally {
    button.removeAttribute("aria-disabled");
  }
}

/** Called once from app.js init(). */
function initViews() {
  initTasks();
  initUpload();
}
