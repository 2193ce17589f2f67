// Tra cứu văn bản chính sách — the documents list, built on
// app.js: searched, filtered, sorted and paged by GET /v1/documents (X-Total-Count gives the number found).
// Address: #/docs?q=&doc_type=&issuer=&year=&sort=&per=&page=
"use strict";

const DOC_FILTERS = [["q", "d-q"], ["doc_type", "d-type"], ["issuer", "d-issuer"], ["year", "d-year"],
  ["sort", "d-sort"], ["per", "d-per"]];
const DEFAULTS = { sort: "-issued", per: "20" }; // left out of the address
const PAGE_SIZES = ["10", "20", "50"];
const DOC_COLS = ["Văn bản", "Loại", "Cơ quan ban hành", "Ngày ban hành", "Hiệu lực", "Số đoạn"];
let docsRenderId = 0;

/** The type and issuer lists of the form, from every document (once; again after a write). */
async function initDocFilters() {
  try {
    await fillOnce($("d-type"), loadDocuments, (docs) => {
      fillSelect($("d-type"), docs.map((d) => d.doc_type)); // ask.js
      fillSelect($("d-issuer"), docs.map((d) => d.issuer));
    });
  } catch { /* the list below shows the error */ }
}

function fillDocForm(params) {
  fillForm(DOC_FILTERS, params, DEFAULTS);
  if (!PAGE_SIZES.includes($("d-per").value)) $("d-per").value = DEFAULTS.per;
  keepOption("d-type", params.get("doc_type")); // from a link, not (yet) in the list
  keepOption("d-issuer", params.get("issuer"));
}

function applyDocForm() {
  const params = formParams(DOC_FILTERS, DEFAULTS);
  if (yearOk(params, "year", "d-year", "Năm ban hành")) openList("docs", params, renderDocs);
}

/** The hash of the same list at another page. */
function docsPageHash(params, page) {
  const next = new URLSearchParams(params);
  if (page > 1) next.set("page", String(page));
  else next.delete("page");
  return listHash("docs", next);
}

async function renderDocs(params) {
  const renderId = ++docsRenderId;
  await initDocFilters();
  fillDocForm(params);
  const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  const per = Number($("d-per").value);
  const query = new URLSearchParams({ sort: $("d-sort").value || DEFAULTS.sort, limit: String(per),
    offset: String((page - 1) * per) });
  for (const name of ["q", "doc_type", "issuer", "year"]) if (params.get(name)) query.set(name, params.get(name));
  const body = $("docs-body");
  body.replaceChildren(statusLine("Đang tải…"));
  let found;
  try {
    found = await api(`/v1/documents?${query}`, { withTotal: true });
  } catch (err) {
    if (renderId !== docsRenderId) return;
    body.replaceChildren();
    $("docs-count").textContent = "";
    return showError(err.message);
  }
  if (renderId !== docsRenderId) return;
  const pages = Math.max(1, Math.ceil(found.total / per));
  $("docs-count").textContent = found.total
    ? `${found.total} văn bản${pages > 1 ? ` · trang ${page}/${pages}` : ""}` : "";
  if (!found.items.length) return body.replaceChildren(statusLine("Không có văn bản nào khớp bộ lọc."));
  body.replaceChildren(el("div", { cls: "table-wrap" }, docsTable(found.items)), pager(params, page, pages));
}

/** "Văn bản" shows the number (with the title under it), or the title alone: never a file name if there is one. */
function docNameCell(d) {
  const link = el("a", { text: docLabel(d), attrs: { href: docHref(d.doc_id) } });
  return el("span", {}, link, d.number && d.title ? el("span", { cls: "cell-note", text: d.title }) : null);
}

function docsTable(docs) {
  const headRow = el("tr", {}, ...DOC_COLS.map((c) => el("th", { text: c, attrs: { scope: "col" } })));
  const tbody = el("tbody");
  for (const d of docs) {
    const cells = [docNameCell(d), d.doc_type, d.issuer, formatDate(d.issued), d.validity, d.chunks];
    const row = el("tr", { cls: "doc-row" });
    cells.forEach((v, i) => row.append(el("td", { attrs: { "data-label": DOC_COLS[i] } },
      v instanceof Node ? v : String(v ?? "") || "—")));
    // Mouse convenience: the whole row is clickable; keyboard users use the link.
    row.addEventListener("click", (e) => { if (!e.target.closest("a")) location.hash = docHref(d.doc_id); });
    tbody.append(row);
  }
  return el("table", { cls: "docs-table", attrs: { id: "docs-table" } },
    el("caption", { cls: "visually-hidden", text: `Danh sách ${docs.length} văn bản` }), el("thead", {}, headRow), tbody);
}

function pager(params, page, pages) {
  if (pages <= 1) return null;
  const link = (text, to, id) => (to >= 1 && to <= pages
    ? el("a", { cls: "btn btn-secondary", text, attrs: { href: docsPageHash(params, to), id } })
    : el("span", { cls: "btn btn-secondary", text, attrs: { "aria-disabled": "true" } }));
  return el("nav", { cls: "pager", attrs: { "aria-label": "Phân trang" } },
    link("← Trang trước", page - 1, "docs-prev"), el("span", { text: `Trang ${page}/${pages}` }),
    link("Trang sau →", page + 1, "docs-next"));
}

/** Called once from app.js init(). */
function initDocs() {
  bindListForm("docs-form", "btn-docs-reset", fillDocForm, applyDocForm);
}
