// Tra cứu văn bản chính sách — plain ES2020, no framework.
// All API data is inserted with textContent / createElement (never innerHTML): the texts are untrusted.
// This file: helpers, API, ask/search, the documents list, one document and routing.
// views.js (loaded after it): fact tables, the document's targets/tasks, the tasks view and the upload view.
"use strict";

const INTENT_LABELS = { target: "Chỉ tiêu", deadline: "Thời hạn", body: "Cơ quan", general: "Thông tin" };
const MISSING_LABELS = { not_found: "Không tìm thấy", not_in_kb: "Không có trong kho" };
const LANG_LABELS = { vi: "Tiếng Việt", en: "Tiếng Anh" };
const EMPTY_TEXT = "Không tìm thấy kết quả.";
const KEY_STORE = "kb-api-key"; // sessionStorage only: the key is gone when the tab closes
const $ = (id) => document.getElementById(id);

let documentsCache = null; // Promise of the GET /v1/documents array
const textCache = new Map(); // doc_id → Promise of the document's text and table rows
let busy = false;          // an ask/search request is in flight
let docRenderId = 0;       // guards against a slow document load overwriting a newer one
let flash = "";            // a notice to show after the next navigation (e.g. "document deleted")

// ---------- small DOM helpers ----------

/** Create an element with optional class, text and attributes; children are appended. */
function el(tag, { cls, text, attrs } = {}, ...children) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text != null) node.textContent = String(text);
  if (attrs) for (const [k, v] of Object.entries(attrs)) if (v != null) node.setAttribute(k, String(v));
  for (const child of children) if (child != null && child !== false) node.append(child);
  return node;
}

function showError(message) {
  const box = $("error");
  box.textContent = message || "";
  box.hidden = !message;
}

function showNotice(message) {
  const box = $("notice");
  box.textContent = message || "";
  box.hidden = !message;
}

const statusLine = (text) => el("p", { cls: "status", text });

/** Label shown for a document or citation: number, else title, else source file. */
// (a task or target record has a `kind`: its `number` is the target's figure, the document's is `doc_number`)
const docLabel = (d) => (d.kind ? d.doc_number : d.number || d.doc_number) || d.title || d.source || d.doc_id;

/** "2024-03-15" → "15/03/2024", "2020-10" (known to the month) → "10/2020"; anything else as is. */
function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso || "");
  if (!m) return iso || "";
  return m[3] ? `${m[3]}/${m[2]}/${m[1]}` : `${m[2]}/${m[1]}`;
}

/** The document view's address; with a span, it is marked; with a page (of a PDF), the page is shown. */
function docHref(docId, start, end, page) {
  const params = new URLSearchParams();
  if (start != null && end != null) {
    params.set("start", start);
    params.set("end", end);
  }
  if (page != null) params.set("page", page);
  return `#/doc/${encodeURIComponent(docId)}${params.toString() ? `?${params}` : ""}`;
}

// ---------- API ----------

function storedKey() {
  try { return sessionStorage.getItem(KEY_STORE) || ""; } catch { return ""; }
}

function storeKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY_STORE, key);
    else sessionStorage.removeItem(KEY_STORE);
  } catch { /* storage disabled: the key lives only in the input */ }
}

/** The API's error message from a parsed body, if any. */
const apiMessage = (body) => (body && body.error && body.error.message) || "";

/**
 * fetch JSON; on 4xx/5xx throw an Error carrying the API's message and `status`.
 * `json` is sent as the request body; `key` as X-API-Key; `withTotal`: {items, total} (X-Total-Count). Reads go without a key; if the server
 * does not allow public reading (401) and a staff key is stored, the read is retried once with it.
 */
async function api(path, { method = "GET", json, key, withTotal = false } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": "vi" }; // the API's messages in Vietnamese
  if (json !== undefined) headers["Content-Type"] = "application/json";
  if (key) headers["X-API-Key"] = key;
  let res;
  try {
    res = await fetch(path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  } catch {
    throw new Error("Không kết nối được tới máy chủ. Vui lòng thử lại.");
  }
  if (res.status === 401 && !key && storedKey()) return api(path, { method, json, key: storedKey(), withTotal });
  let body = null;
  try { body = await res.json(); } catch { /* non-JSON body */ }
  if (!res.ok) {
    const err = new Error(apiMessage(body) || `Lỗi máy chủ (${res.status}).`);
    err.status = res.status;
    throw err;
  }
  return withTotal ? { items: body, total: Number(res.headers.get("X-Total-Count") || 0) } : body;
}

/** GET a file (an export, a page image) as a Blob, with the stored key when reading needs one; errors as api(). */
async function fetchBlob(path) {
  const send = (key) => fetch(path, { headers: key ? { "Accept-Language": "vi", "X-API-Key": key }
    : { "Accept-Language": "vi" } });
  let res;
  try {
    res = await send("");
    if (res.status === 401 && storedKey()) res = await send(storedKey());
  } catch {
    throw new Error("Không kết nối được tới máy chủ. Vui lòng thử lại.");
  }
  if (!res.ok) {
    let body = null;
    try { body = await res.json(); } catch { /* non-JSON body */ }
    const err = new Error(apiMessage(body) || `Lỗi máy chủ (${res.status}).`);
    err.status = res.status;
    throw err;
  }
  return res.blob();
}

/** Save a file the API makes under `fileName`; a failure is shown in the error box. */
async function downloadFile(path, fileName) {
  let blob;
  try {
    blob = await fetchBlob(path);
  } catch (err) {
    return showError(err.message);
  }
  const url = URL.createObjectURL(blob);
  const link = el("a", { attrs: { href: url, download: fileName } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function loadDocuments() {
  if (!documentsCache) {
    documentsCache = api("/v1/documents").catch((err) => { documentsCache = null; throw err; });
  }
  return documentsCache;
}

/** The text citations point into and where its table rows stand ({text, table_rows}), fetched once. */
function loadTextData(docId) {
  if (!textCache.has(docId)) {
    const p = api(`/v1/documents/${encodeURIComponent(docId)}/text`)
      .then((t) => ({ text: t.text || "", rows: t.table_rows || [] }));
    p.catch(() => textCache.delete(docId));
    textCache.set(docId, p);
  }
  return textCache.get(docId);
}

const loadText = (docId) => loadTextData(docId).then((t) => t.text);

/** After an upload or a delete: lists and texts are fetched again. */
function invalidateDocuments() {
  documentsCache = null;
  textCache.clear();
}

// ---------- offsets ----------

/** Python offsets count code points; JS strings are UTF-16. Convert a code-point index. */
function cpToUtf16(text, cp) {
  if (!/[\uD800-\uDFFF]/.test(text)) return cp;
  let i = 0;
  for (let n = 0; n < cp && i < text.length; n++) i += text.codePointAt(i) > 0xffff ? 2 : 1;
  return i;
}

/** [s, e] as UTF-16 indexes when start/end are a valid span of text, else null. */
function spanOf(text, start, end) {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start >= end) return null;
  if (end > [...text].length) return null;
  return [cpToUtf16(text, start), cpToUtf16(text, end)];
}

// ---------- citation cards ----------

const CONTEXT_CHARS = 240;

/** Text around [s, e], cut at a space, with the span marked: "…before <mark>quote</mark> after…". */
function contextNodes(text, s, e) {
  let from = Math.max(0, s - CONTEXT_CHARS);
  let to = Math.min(text.length, e + CONTEXT_CHARS);
  if (from > 0) { const sp = text.indexOf(" ", from); if (sp !== -1 && sp < s) from = sp + 1; }
  if (to < text.length) { const sp = text.lastIndexOf(" ", to); if (sp > e) to = sp; }
  return [from > 0 ? "…" : "", text.slice(from, s), el("mark", { text: text.slice(s, e) }),
    text.slice(e, to), to < text.length ? "…" : ""];
}

/** "Xem ngữ cảnh": the quote inside the surrounding text, loaded when first opened. */
function contextDetails(c) {
  const box = el("p", { cls: "context-text" });
  const details = el("details", { cls: "context" }, el("summary", { text: "Xem ngữ cảnh" }), box);
  details.addEventListener("toggle", async () => {
    if (!details.open || box.dataset.loaded) return;
    box.dataset.loaded = "1";
    box.textContent = "Đang tải…";
    try {
      const text = await loadText(c.doc_id);
      const span = spanOf(text, c.start, c.end);
      if (span) box.replaceChildren(...contextNodes(text, ...span));
      else box.textContent = "Không xác định được vị trí đoạn trích.";
    } catch (err) {
      box.textContent = err.message;
      delete box.dataset.loaded;
    }
  });
  return details;
}

/** "trang N" of a citation: for a PDF, a link to the document view showing that page of the original. */
function pageLink(c) {
  if (c.page == null) return null;
  return el("a", { cls: "page-link", text: `trang ${c.page}`,
    attrs: { href: docHref(c.doc_id, c.start, c.end, c.page), "aria-label": `Xem trang ${c.page} của bản gốc` } });
}

function citationCard(c, rank) {
  const meta = el("p", { cls: "citation-meta" });
  const parts = [c.doc_type, c.section, pageLink(c)].filter(Boolean);
  parts.forEach((p, i) => {
    if (i) meta.append(" · ");
    meta.append(p instanceof Node ? p : el("span", { text: p }));
  });

  const head = el("div", { cls: "citation-head" },
    rank != null ? el("span", { cls: "rank", text: `${rank}.`, attrs: { "aria-hidden": "true" } }) : null,
    el("h3", { cls: "citation-title", text: docLabel(c) }));

  const quote = el("blockquote", {}, el("mark", { text: c.quote }));
  const source = el("p", { cls: "citation-source" }, "Tệp nguồn: ", el("code", { text: c.source }));
  const link = el("a", {
    cls: "citation-link", text: "Xem văn bản",
    attrs: { href: docHref(c.doc_id, c.start, c.end), "aria-label": `Xem văn bản ${docLabel(c)}` },
  });
  const copy = el("button", { cls: "btn-link copy-citation", text: "Sao chép trích dẫn", attrs: { type: "button" } });
  copy.addEventListener("click", () => copyText(citationText(c), copy));
  return el("li", { cls: "citation" }, head, parts.length ? meta : null, quote, contextDetails(c), source,
    el("p", { cls: "citation-actions" }, link, copy));
}

/** A citation to paste into a report: “quote” (Nghị quyết 03/NQ-CP, Phụ lục II › I › 5, trang 3; tệp …). */
function citationText(c) {
  const name = [c.doc_type, c.number].filter(Boolean).join(" ") || c.title || c.source;
  const where = [name, c.section, c.page != null ? `trang ${c.page}` : null].filter(Boolean).join(", ");
  return `“${c.quote}” (${where}; tệp ${c.source})`;
}

/** Copy to the clipboard (also on plain http, where navigator.clipboard is missing); the button says how it went. */
async function copyText(text, button) {
  const label = button.dataset.label || button.textContent;
  button.dataset.label = label;
  let done = false;
  try {
    await navigator.clipboard.writeText(text);
    done = true;
  } catch {
    const area = el("textarea", { text, attrs: { "aria-hidden": "true", class: "visually-hidden" } });
    document.body.append(area);
    area.select();
    try { done = document.execCommand("copy"); } catch { done = false; }
    area.remove();
  }
  button.textContent = done ? "Đã sao chép" : "Không sao chép được; hãy chọn và sao chép thủ công";
  setTimeout(() => { button.textContent = label; }, 2500);
}

/** <ol id="citations"> of cards; ranked lists show their rank numbers. */
function citationList(citations, ranked, id = "citations") {
  const list = el("ol", { cls: ranked ? "citations ranked" : "citations", attrs: { id } });
  citations.forEach((c, i) => list.append(citationCard(c, ranked ? i + 1 : null)));
  return list;
}

// ---------- filter forms of the list views (documents, tasks, targets) ----------

/** The address of a list view with these filters, empty ones left out. */
const listHash = (view, params) => `#/${view}${params.toString() ? `?${params}` : ""}`;

/** Fill a form's fields ([[parameter, input id]]) from the address; `defaults` for those it leaves out. */
function fillForm(fields, params, defaults = {}) {
  for (const [name, id] of fields) $(id).value = params.get(name) || defaults[name] || "";
}

/** A select set to a value its list does not hold (a link's body or type): the value is added to it. */
function keepOption(id, value) {
  const select = $(id);
  if (value && select.value !== value) {
    select.append(el("option", { text: value, attrs: { value } }));
    select.value = value;
  }
}

/** The form's fields as URL parameters, empty ones and defaults left out. */
function formParams(fields, defaults = {}) {
  const params = new URLSearchParams();
  for (const [name, id] of fields) {
    const v = $(id).value.trim();
    if (v && v !== defaults[name]) params.set(name, v);
  }
  return params;
}

/** Go to the view's address; the same address again renders at once (no hashchange fires). */
function openList(view, params, render) {
  const hash = listHash(view, params);
  if (location.hash === hash) render(params);
  else location.hash = hash;
}

/** Whether a year parameter, when given, has 4 digits; else the Vietnamese reason is shown. */
function yearOk(params, name, inputId, label) {
  const year = params.get(name);
  if (!year || /^\d{4}$/.test(year)) return true;
  showError(`“${label}” phải là một năm gồm 4 chữ số, ví dụ 2030.`);
  $(inputId).focus();
  return false;
}

/** "Xem thêm (n còn lại)": loads the next page of a list. */
function moreButton(left, load) {
  const more = el("button", { cls: "btn btn-secondary more", text: `Xem thêm (${left} còn lại)`,
    attrs: { type: "button" } });
  more.addEventListener("click", load);
  return more;
}

/** "Lọc" and "Xoá bộ lọc" of a list view's form: both go to the view's address. */
function bindListForm(formId, resetId, fill, apply) {
  $(formId).addEventListener("submit", (e) => { e.preventDefault(); showError(""); apply(); });
  $(resetId).addEventListener("click", () => { fill(new URLSearchParams()); showError(""); apply(); });
}

// ---------- routing ----------

const VIEWS = ["ask", "docs", "doc", "tasks", "targets", "upload"];
const TITLE = "Tra cứu văn bản chính sách";

function showView(name) {
  for (const v of VIEWS) $(`view-${v}`).hidden = v !== name;
  document.querySelectorAll("[data-nav]").forEach((a) => {
    if (a.dataset.nav === name || (name === "doc" && a.dataset.nav === "docs")) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
}

// path → [view, page title, what opens it with the query parameters]
const ROUTES = {
  "/docs": ["docs", "Văn bản", (params) => renderDocs(params)], // docs.js
  "/tasks": ["tasks", "Nhiệm vụ", (params) => renderTasksView(params)], // views.js
  "/targets": ["targets", "Chỉ tiêu", (params) => renderTargetsView(params)], // targets.js
  "/upload": ["upload", "Tải lên", () => openUploadView()], // upload.js
  "/hoi": ["ask", null, (params) => openQuery("hoi", params)], // ask.js
  "/tim": ["ask", null, (params) => openQuery("tim", params)],
};

/** Routes: #/ (ask), #/hoi?q=&…filters, #/tim?q=, #/docs?q=&…, #/doc/{doc_id}?start=&end=, #/tasks?…,
 * #/targets?…, #/upload */
function route() {
  showError("");
  showNotice(flash);
  flash = "";
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, qs = ""] = hash.split("?");
  const params = new URLSearchParams(qs);
  const docMatch = /^\/doc\/(.+)$/.exec(path);
  if (docMatch) {
    showView("doc");
    let docId;
    try { docId = decodeURIComponent(docMatch[1]); } catch { docId = docMatch[1]; }
    renderDoc(docId, params);
    return;
  }
  const [view, title, open] = ROUTES[path] || ["ask", null, null];
  showView(view);
  document.title = title ? `${title} — ${TITLE}` : params.get("q") ? `${params.get("q")} — ${TITLE}` : TITLE;
  if (open) open(params);
}

function init() {
  buildFields(); // lists.js
  window.addEventListener("hashchange", route);
  initAsk(); // ask.js
  initViews(); // views.js
  initDocs(); // docs.js
  initTargets(); // targets.js
  route();
}

document.addEventListener("DOMContentLoaded", init);
