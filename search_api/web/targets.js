// Tra cứu văn bản chính sách — the targets view (#/targets?body=&horizon_year=&doc_id=&text=), built on
// app.js and views.js: every chỉ tiêu of the library, filtered by monitoring body, horizon year and document.
"use strict";

const TARGETS_PAGE = 100;
const TARGET_FILTERS = [["body", "g-body"], ["horizon_year", "g-year"], ["doc_id", "g-doc"], ["text", "g-text"]];
let targetsRenderId = 0;
let targetsShown = [];

/** The body and document lists, filled once (again after an upload or a delete: refreshAfterWrite). */
async function initTargetFilters() {
  const bodySelect = $("g-body");
  const docSelect = $("g-doc");
  if (bodySelect.dataset.loaded) return;
  try {
    const [bodies, docs] = await Promise.all([loadBodies(), loadDocuments()]);
    bodySelect.dataset.loaded = "1";
    for (const b of bodies.filter((x) => x.monitor)) {
      bodySelect.append(el("option", { text: `${b.name} (${b.monitor})`, attrs: { value: b.name } }));
    }
    for (const d of docs.filter((x) => x.targets)) {
      docSelect.append(el("option", { text: `${docLabel(d)} (${d.targets})`, attrs: { value: d.doc_id } }));
    }
  } catch (err) {
    showError(`Không tải được danh sách cơ quan và văn bản: ${err.message}`);
  }
}

function fillTargetForm(params) {
  for (const [name, id] of TARGET_FILTERS) $(id).value = params.get(name) || "";
}

function readTargetForm() {
  const params = new URLSearchParams();
  for (const [name, id] of TARGET_FILTERS) {
    const v = $(id).value.trim();
    if (v) params.set(name, v);
  }
  return params;
}

function applyTargetForm() {
  const params = readTargetForm();
  const year = params.get("horizon_year");
  if (year && !/^\d{4}$/.test(year)) {
    showError("“Năm mốc” phải là một năm gồm 4 chữ số, ví dụ 2030.");
    $("g-year").focus();
    return;
  }
  const hash = `#/targets${params.toString() ? `?${params}` : ""}`;
  if (location.hash === hash) renderTargetsView(params);
  else location.hash = hash;
}

async function renderTargetsView(params) {
  await initTargetFilters();
  fillTargetForm(params);
  const body = params.get("body");
  const select = $("g-body");
  if (body && select.value !== body) { // a body from a link that is not in the list: add it
    select.append(el("option", { text: body, attrs: { value: body } }));
    select.value = body;
  }
  loadTargets(params, 0);
}

async function loadTargets(params, offset) {
  const renderId = ++targetsRenderId;
  const query = new URLSearchParams(params);
  query.set("limit", String(TARGETS_PAGE));
  query.set("offset", String(offset));
  if (!offset) $("targets-body").replaceChildren(statusLine("Đang tải…"));
  let page;
  try {
    page = await api(`/v1/targets?${query}`);
  } catch (err) {
    if (renderId !== targetsRenderId) return;
    $("targets-body").replaceChildren();
    $("targets-count").textContent = "";
    showError(err.message);
    return;
  }
  if (renderId !== targetsRenderId) return;
  targetsShown = (offset ? targetsShown : []).concat(page.items || []);
  renderTargetRows(params, page.total ?? targetsShown.length);
}

function renderTargetRows(params, total) {
  const shown = targetsShown.length;
  $("targets-count").textContent = total === shown
    ? `Tìm thấy ${total} chỉ tiêu.` : `Tìm thấy ${total} chỉ tiêu, đang hiển thị ${shown}.`;
  const body = $("targets-body");
  if (!shown) return body.replaceChildren(statusLine("Không có chỉ tiêu nào khớp bộ lọc."));
  const parts = [targetsTable(targetsShown, `Danh sách ${shown} chỉ tiêu`, true)]; // views.js
  if (shown < total) {
    const more = el("button", { cls: "btn btn-secondary more", text: `Xem thêm (${total - shown} còn lại)`,
      attrs: { type: "button" } });
    more.addEventListener("click", () => loadTargets(params, shown));
    parts.push(more);
  }
  body.replaceChildren(...parts);
}

/** Called once from app.js init(). */
function initTargets() {
  $("targets-form").addEventListener("submit", (e) => { e.preventDefault(); showError(""); applyTargetForm(); });
  $("btn-targets-reset").addEventListener("click", () => {
    fillTargetForm(new URLSearchParams());
    showError("");
    applyTargetForm();
  });
}
