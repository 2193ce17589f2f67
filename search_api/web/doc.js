// Tra cứu văn bản chính sách — one document (#/doc/{id}?start=&end=), built on app.js: its record (with
// validity and the original file), the text with its tables drawn as tables under their header row, and
// the sections of views.js (targets, tasks, relations, numbers, outline).
"use strict";

const VALIDITY_CLASS = { "còn hiệu lực": "valid", "chưa có hiệu lực": "pending", "hết hiệu lực": "expired" };

function metaList(d) {
  const effective = d.effective ? `${formatDate(d.effective)}${d.effective_text ? ` (${d.effective_text})` : ""}` : "";
  const rows = [
    ["Số hiệu", d.number], ["Loại văn bản", d.doc_type], ["Cơ quan ban hành", d.issuer],
    [d.doc_type === "Bài báo" ? "Ngày đăng" : "Ngày ban hành", formatDate(d.issued)], ["Tiêu đề", d.title],
    ["Hiệu lực", validityBadge(d.validity)], ["Ngày có hiệu lực", effective],
    ["Ngôn ngữ", LANG_LABELS[d.lang] || d.lang], ["Tệp nguồn", originalLink(d)], ["Số đoạn", d.chunks],
  ];
  const dl = el("dl", { cls: "doc-meta" });
  for (const [k, v] of rows) {
    dl.append(el("dt", { text: k }), el("dd", {}, v instanceof Node ? v : v == null || v === "" ? "—" : String(v)));
  }
  return dl;
}

function validityBadge(validity) {
  if (!validity) return null;
  return el("span", { cls: `validity validity-${VALIDITY_CLASS[validity] || "unknown"}`, text: validity,
    attrs: { id: "doc-validity" } });
}

/** The file name, and a download of the file as it was uploaded when the server keeps it. */
function originalLink(d) {
  const box = el("span", {}, el("code", { text: d.source }));
  if (d.original) {
    box.append(" ", el("a", { text: "Tải tệp gốc", attrs: { id: "doc-original", download: d.source,
      href: `/v1/documents/${encodeURIComponent(d.doc_id)}/original` } }));
  } else {
    box.append(el("span", { cls: "cell-note", text: "Chưa lưu tệp gốc (văn bản nạp từ thư mục trước khi hệ thống lưu tệp gốc)." }));
  }
  return box;
}

// ---------- the page view of a PDF original (GET /v1/documents/{id}/pages/{n}.png) ----------

/** "Trang của bản gốc": a page of the PDF as a picture, the cited one (`page` of the address) at once. */
function pageView(doc, page) {
  if (doc.format !== "pdf" || !doc.original) return null;
  const input = el("input", { attrs: { id: "page-no", type: "number", inputmode: "numeric", min: 1,
    max: doc.pages, value: page || 1 } });
  const box = el("div", { cls: "page-view", attrs: { id: "page-view", "aria-live": "polite" } });
  const form = el("form", { cls: "page-form", attrs: { novalidate: "" } },
    el("label", { cls: "field-label", text: `Trang${doc.pages ? ` (1–${doc.pages})` : ""}`, attrs: { for: "page-no" } }),
    input, el("button", { cls: "btn btn-secondary", text: "Xem trang", attrs: { type: "submit", id: "btn-page" } }));
  form.addEventListener("submit", (e) => { e.preventDefault(); showPage(doc, input.value.trim(), box); });
  if (page) showPage(doc, String(page), box);
  return el("section", { cls: "doc-section", attrs: { id: "doc-page-section", "aria-labelledby": "doc-page" } },
    el("h3", { text: "Trang của bản gốc (PDF)", attrs: { id: "doc-page" } }), form, box);
}

async function showPage(doc, page, box) {
  if (!/^[1-9]\d{0,4}$/.test(page)) {
    return box.replaceChildren(el("p", { cls: "field-error", text: "Số trang phải là một số nguyên dương.",
      attrs: { role: "alert" } }));
  }
  box.replaceChildren(statusLine("Đang tải trang…"));
  let blob;
  try {
    blob = await fetchBlob(`/v1/documents/${encodeURIComponent(doc.doc_id)}/pages/${page}.png`);
  } catch (err) {
    return box.replaceChildren(el("p", { cls: "field-error", text: err.message, attrs: { role: "alert" } }));
  }
  const url = URL.createObjectURL(blob);
  const img = el("img", { attrs: { id: "page-image", src: url, alt: `Trang ${page} của ${docLabel(doc)}` } });
  img.addEventListener("load", () => URL.revokeObjectURL(url), { once: true });
  box.replaceChildren(img);
}

// ---------- the text, its tables and the cited span ----------

/** Table rows grouped into tables: rows with only a line break between them; a header row starts a table.
 * Offsets come as code points and are returned as UTF-16 indexes of `text`. */
function tableGroups(text, rows) {
  const groups = [];
  for (const r of rows) {
    const row = { s: cpToUtf16(text, r.start), e: cpToUtf16(text, r.end), header: Boolean(r.header) };
    const last = groups[groups.length - 1];
    if (last && row.s >= last.end && !text.slice(last.end, row.s).trim() && !(row.header && !last.headerOnly)) {
      last.rows.push(row);
      last.end = row.e;
      last.headerOnly = last.headerOnly && row.header;
    } else if (!last || row.s >= last.end) {
      groups.push({ start: row.s, end: row.e, rows: [row], headerOnly: row.header });
    }
  }
  return groups;
}

/** Marks the cited span: the first mark is #cited (scrolled to and focused), any further ones just marks. */
function marker() {
  let first = true;
  return (text) => {
    const attrs = first ? { id: "cited", tabindex: "-1" } : {};
    first = false;
    return el("mark", { text, attrs });
  };
}

function textNodes(text, from, to, span, mark) {
  if (!span || span[1] <= from || span[0] >= to) return [text.slice(from, to)];
  const s = Math.max(from, span[0]);
  const e = Math.min(to, span[1]);
  return [text.slice(from, s), mark(text.slice(s, e)), text.slice(e, to)];
}

/** One table of the text: header rows in <thead> as <th>, cells split at " | "; cited rows marked. */
function textTable(text, group, span, mark) {
  const head = el("thead");
  const body = el("tbody");
  for (const row of group.rows) {
    const cited = span && span[0] < row.e && span[1] > row.s;
    const cells = text.slice(row.s, row.e).split(/\s*\|\s*/); // "a |  | b": an empty cell between
    const tag = row.header ? "th" : "td";
    const tr = el("tr", {}, ...cells.map((c) => el(tag, { attrs: row.header ? { scope: "col" } : null },
      cited && c.trim() ? mark(c) : c)));
    (row.header && !body.children.length ? head : body).append(tr);
  }
  const table = el("table", { cls: "text-table" }, head.children.length ? head : null, body);
  return el("div", { cls: "text-table-wrap", attrs: { role: "region", tabindex: "0", "aria-label": "Bảng" } }, table);
}

/** Full text in #doc-text, its tables as tables; text[start:end] marked when it is a valid span. */
function docTextBlock(text, rows, start, end) {
  const box = el("div", { cls: "doc-text", attrs: { id: "doc-text", tabindex: "0", "aria-label": "Toàn văn" } });
  const span = spanOf(text, start, end);
  const mark = marker();
  let at = 0;
  for (const group of tableGroups(text, rows)) {
    box.append(...textNodes(text, at, group.start, span, mark), textTable(text, group, span, mark));
    at = group.end;
  }
  box.append(...textNodes(text, at, text.length, span, mark));
  return box;
}

async function renderDoc(docId, query) {
  const body = $("doc-body");
  const heading = $("doc-heading");
  const renderId = ++docRenderId;
  heading.textContent = "Văn bản";
  body.replaceChildren(statusLine("Đang tải…"));
  let doc, text, facts;
  try {
    [doc, text, facts] = await Promise.all([api(`/v1/documents/${encodeURIComponent(docId)}`), loadTextData(docId),
      loadDocFacts(docId)]); // views.js
  } catch (err) {
    if (renderId !== docRenderId) return;
    body.replaceChildren();
    return showError(err.message);
  }
  if (renderId !== docRenderId) return; // the user navigated elsewhere meanwhile
  heading.textContent = docLabel(doc);
  document.title = `${docLabel(doc)} — Tra cứu văn bản chính sách`;
  const toInt = (v) => (v != null && /^\d+$/.test(v) ? Number(v) : null);
  const block = docTextBlock(text.text, text.rows, toInt(query.get("start")), toInt(query.get("end")));
  const page = toInt(query.get("page"));
  body.replaceChildren(metaList(doc), docActions(doc), editForm(doc), pageView(doc, page),
    ...docFactSections(doc, facts), // views.js
    editsSection(doc), el("h3", { text: "Toàn văn" }), block); // edit.js

  const cited = $("cited");
  if (cited) {
    cited.scrollIntoView({ block: "center" });
    cited.focus({ preventScroll: true });
  } else {
    heading.focus();
  }
}
