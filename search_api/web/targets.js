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

function applyTargetForm() {
  const params = formParams(TARGET_FILTERS);
  if (yearOk(params, "horizon_year", "g-year", "Năm mốc")) openList("targets", params, renderTargetsView);
}

async function renderTargetsView(params) {
  await initTargetFilters();
  fillForm(TARGET_FILTERS, params);
  keepOption("g-body", params.get("body")); // a body from a link that is not in the list
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
  const parts = [targetsTable(targetsShown, `Danh sách ${shown} chỉ tiêu`, true, params, total)]; // views.js
  if (shown < total) parts.push(moreButton(total - shown, () => loadTargets(params, shown)));
  body.replaceChildren(...parts);
}

/** Called once from app.js init(). */
function initTargets() {
  bindListForm("targets-form", "btn-targets-reset", (params) => fillForm(TARGET_FILTERS, params), applyTargetForm);
}
