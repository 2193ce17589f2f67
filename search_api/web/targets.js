// Tra cứu văn bản chính sách — the targets view (#/targets?body=&horizon_year=&doc_id=&text=), built on
// app.js and views.js: every chỉ tiêu of the library, filtered by monitoring body, horizon year and document.
"use strict";

const TARGETS_PAGE = 100;
const TARGET_FILTERS = [["body", "g-body"], ["horizon_year", "g-year"], ["doc_id", "g-doc"], ["text", "g-text"]];

/** The body and document lists, filled once (again after an upload or a delete: refreshAfterWrite). */
async function initTargetFilters() {
  try {
    await fillOnce($("g-body"), () => Promise.all([loadBodies(), loadDocuments()]), ([bodies, docs]) => {
      for (const b of bodies.filter((x) => x.monitor)) {
        $("g-body").append(el("option", { text: `${b.name} (${b.monitor})`, attrs: { value: b.name } }));
      }
      for (const d of docs.filter((x) => x.targets)) {
        $("g-doc").append(el("option", { text: `${docLabel(d)} (${d.targets})`, attrs: { value: d.doc_id } }));
      }
    });
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

const loadTargets = pagedList({ path: "/v1/targets", size: TARGETS_PAGE, countId: "targets-count",
  bodyId: "targets-body", noun: "chỉ tiêu",
  render: (params, targets, total) => targetsTable(targets, `Danh sách ${targets.length} chỉ tiêu`, true, params,
    total) }); // views.js

/** Called once from app.js init(). */
function initTargets() {
  bindListForm("targets-form", "btn-targets-reset", (params) => fillForm(TARGET_FILTERS, params), applyTargetForm);
}
