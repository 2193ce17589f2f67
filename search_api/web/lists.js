// Tra cứu văn bản chính sách — what the filter forms and list views share, built on app.js: the forms'
// fields (one table, each grid naming its fields: <div class="filter-grid" data-fields="id id …">), the
// lists filled once from the API, and a list paged by "Xem thêm" (tasks, targets).
"use strict";

const ALL = [["", "Tất cả"]];
const ALL_BODIES = [["", "Tất cả cơ quan"]];
const SORTS = [["-issued", "Mới ban hành trước"], ["issued", "Cũ trước"], ["number", "Theo số hiệu"],
  ["title", "Theo tiêu đề"]];
const ROLES = [["any", "Tất cả"], ["lead", "Chủ trì"], ["coordinator", "Phối hợp"]];

const DOC_TYPE = ["select", "doc_type", "Loại văn bản", ALL]; // the ask form's and the documents list's
const ISSUER = ["select", "issuer", "Cơ quan ban hành", ALL];

// id → [kind, parameter, label, options of a select]
const FIELDS = {
  "f-doc-type": DOC_TYPE,
  "f-issuer": ISSUER,
  "f-year-from": ["year", "year_from", "Từ năm"],
  "f-year-to": ["year", "year_to", "Đến năm"],
  "d-q": ["search", "q", "Số hiệu, tiêu đề hoặc tên tệp có chứa"],
  "d-type": DOC_TYPE,
  "d-issuer": ISSUER,
  "d-year": ["year", "year", "Năm ban hành"],
  "d-sort": ["select", "sort", "Sắp xếp", SORTS],
  "d-per": ["select", "per", "Số văn bản mỗi trang", ["10", "20", "50"].map((n) => [n, n])],
  "t-body": ["select", "body", "Cơ quan (số nhiệm vụ chủ trì)", ALL_BODIES],
  "t-role": ["select", "role", "Vai trò của cơ quan", ROLES],
  "t-due-after": ["date", "due_after", "Thời hạn từ ngày"],
  "t-due-before": ["date", "due_before", "Thời hạn trước ngày"],
  "t-text": ["text", "text", "Nội dung nhiệm vụ có chứa"],
  "g-body": ["select", "body", "Cơ quan theo dõi", ALL_BODIES],
  "g-year": ["year", "horizon_year", "Năm mốc (đến năm)"],
  "g-doc": ["select", "doc_id", "Văn bản", [["", "Tất cả văn bản"]]],
  "g-text": ["text", "text", "Chỉ tiêu có chứa"],
};

const INPUTS = {
  year: { type: "number", inputmode: "numeric", min: 1945, max: 2100, step: 1 },
  // a day written the Vietnamese way whatever the browser's locale ("31/12/2025"); the address keeps ISO dates
  date: { type: "text", inputmode: "numeric", placeholder: "dd/mm/yyyy", maxlength: 10, autocomplete: "off" },
  text: { type: "text", maxlength: 200, autocomplete: "off" },
  search: { type: "search", maxlength: 200, autocomplete: "off" },
};

/** "31/12/2025" → "2025-12-31"; "" → ""; anything else (not a day of the calendar) → null. */
function isoDate(text) {
  if (!text) return "";
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${m[3]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** "2025-12-31" → "31/12/2025" (an address's date shown in its field). */
function viDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso || "";
}

function field(id) {
  const [kind, name, label, options] = FIELDS[id];
  const control = kind === "select"
    ? el("select", { attrs: { id, name } }, ...options.map(([value, text]) => el("option", { text, attrs: { value } })))
    : el("input", { attrs: { id, name, ...INPUTS[kind] } });
  return el("div", { cls: "field" }, el("label", { cls: "field-label", text: label, attrs: { for: id } }), control);
}

/** Every form's fields, from FIELDS, and a list view's "Lọc" and "Xoá bộ lọc" (called first by init()). */
function buildFields() {
  for (const grid of document.querySelectorAll(".filter-grid[data-fields]")) {
    grid.replaceChildren(...grid.dataset.fields.split(" ").map(field));
  }
  for (const form of document.querySelectorAll("form[data-list]")) {
    const view = form.dataset.list;
    form.append(el("div", { cls: "buttons form-buttons" },
      el("button", { cls: "btn btn-primary", text: "Lọc", attrs: { type: "submit", id: `btn-${view}` } }),
      el("button", { cls: "btn btn-secondary", text: "Xoá bộ lọc", attrs: { type: "button", id: `btn-${view}-reset` } })));
  }
  $("d-per").value = "20";
}

/** A select's list, filled once from the API (again after a write: refreshAfterWrite clears `loaded`). */
async function fillOnce(select, load, fill) {
  if (select.dataset.loaded) return;
  const data = await load();
  select.dataset.loaded = "1";
  fill(data);
}

/**
 * A list view paged by "Xem thêm": GET `path`?filters&limit&offset → {total, items}, the rows shown so far
 * kept. `render(params, shown, total)` draws them; `noun` counts them ("nhiệm vụ"). Returns load(params, offset).
 */
function pagedList({ path, size, countId, bodyId, noun, query = (params) => new URLSearchParams(params), sort,
  render }) {
  let renderId = 0;
  let shown = [];
  const load = async (params, offset) => {
    const id = ++renderId;
    const q = query(params);
    q.set("limit", String(size));
    q.set("offset", String(offset));
    const body = $(bodyId);
    body.setAttribute("aria-busy", "true");
    if (!offset) $(countId).textContent = "Đang tải…";
    let page;
    try {
      page = await api(`${path}?${q}`);
    } catch (err) {
      if (id !== renderId) return;
      $(countId).textContent = "";
      body.replaceChildren();
      return showError(err.message);
    } finally {
      body.setAttribute("aria-busy", "false");
    }
    if (id !== renderId) return;
    const before = offset ? shown.length : 0;
    shown = (offset ? shown : []).concat(page.items || []);
    if (sort) shown.sort(sort);
    const total = page.total ?? shown.length;
    $(countId).textContent = total === shown.length
      ? `Tìm thấy ${total} ${noun}.` : `Tìm thấy ${total} ${noun}, đang hiển thị ${shown.length}.`;
    if (!shown.length) return body.replaceChildren(statusLine(`Không có ${noun} nào khớp bộ lọc.`));
    const parts = [render(params, shown, total)];
    if (shown.length < total) parts.push(moreButton(total - shown.length, () => load(params, shown.length)));
    body.replaceChildren(...parts);
    if (offset) { // keep keyboard users where they were: on the first new row
      const links = body.querySelectorAll("tbody tr td:first-child a");
      if (links[before]) links[before].focus();
    }
  };
  return load;
}
