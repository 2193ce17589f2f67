// Tra cứu văn bản chính sách — editors correct a document's record (PATCH /v1/documents/{id}); every change
// is listed under "Lịch sử chỉnh sửa" (GET …/edits) and editors can undo one (POST …/edits/{id}/revert).
"use strict";

const EDIT_FIELDS = [["number", "Số hiệu", "text"], ["doc_type", "Loại văn bản", "text"],
  ["issuer", "Cơ quan ban hành", "text"], ["issued", "Ngày ban hành (YYYY-MM-DD)", "text"],
  ["title", "Tiêu đề", "text"], ["signer", "Người ký", "text"], ["effective", "Ngày có hiệu lực (YYYY-MM-DD)", "text"]];
const FIELD_NAMES = Object.fromEntries(EDIT_FIELDS.map(([k, label]) => [k, label.replace(/ \(.*\)$/, "")]));
const ISO_DAY_OR_MONTH = /^\d{4}-\d{2}(-\d{2})?$/;

function editButton(doc) {
  const button = el("button", { cls: "btn btn-secondary", text: "Sửa thông tin",
    attrs: { type: "button", id: "btn-edit", "aria-controls": "edit-form", "aria-expanded": "false" } });
  button.addEventListener("click", () => {
    const form = $("edit-form");
    form.hidden = !form.hidden;
    button.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) form.querySelector("input").focus();
  });
  return button;
}

/** The correction form (hidden until "Sửa thông tin"): the record's fields, saved together. */
function editForm(doc) {
  const form = el("form", { cls: "panel edit-form", attrs: { id: "edit-form", novalidate: "" } });
  form.hidden = true;
  const grid = el("div", { cls: "filter-grid" });
  for (const [key, label] of EDIT_FIELDS) {
    const id = `e-${key}`;
    const input = el("input", { attrs: { id, name: key, type: "text", autocomplete: "off" } });
    input.value = doc[key] || "";
    grid.append(el("div", { cls: "field" }, el("label", { cls: "field-label", text: label, attrs: { for: id } }), input));
  }
  const save = el("button", { cls: "btn btn-primary", text: "Lưu thay đổi", attrs: { type: "submit", id: "btn-edit-save" } });
  form.append(grid, el("div", { cls: "buttons form-buttons" }, save));
  form.addEventListener("submit", (e) => { e.preventDefault(); saveEdit(doc, form); });
  return form;
}

async function saveEdit(doc, form) {
  const changes = {};
  for (const [key] of EDIT_FIELDS) {
    const v = form.elements[key].value.trim();
    if (v !== (doc[key] || "")) changes[key] = v || null;
  }
  const badDate = ["issued", "effective"].find((k) => changes[k] && !ISO_DAY_OR_MONTH.test(changes[k]));
  if (badDate) return showError(`“${FIELD_NAMES[badDate]}” phải có dạng YYYY-MM-DD, ví dụ 2025-03-12.`);
  if (!Object.keys(changes).length) return showError("Không có gì thay đổi.");
  await writeAndReload(doc, () => api(`/v1/documents/${encodeURIComponent(doc.doc_id)}`,
    { method: "PATCH", json: changes, key: storedKey() }), "Đã lưu thông tin văn bản.");
}

/** Run one write, then show the document again with a notice (or the reason it failed, in Vietnamese). */
async function writeAndReload(doc, write, notice) {
  showError("");
  try {
    await write();
  } catch (err) {
    return showError(writeError(err.status, err.message)); // views.js
  }
  refreshAfterWrite(); // tasks.js
  await renderDoc(doc.doc_id, new URLSearchParams());
  showNotice(notice);
}

const shownValue = (v) => (v == null || v === "" ? "(trống)" : `“${v}”`);

/** "Lịch sử chỉnh sửa": every correction, the latest first; editors can undo one. */
function editsSection(doc) {
  const id = "doc-edits";
  const section = el("section", { cls: "doc-section", attrs: { "aria-labelledby": id, id: `${id}-section` } });
  const list = el("ul", { cls: "related-list" });
  Promise.all([api(`/v1/documents/${encodeURIComponent(doc.doc_id)}/edits`), canWrite()]).then(([edits, editor]) => {
    if (!edits.length) return;
    section.append(sectionHeading(id, "Lịch sử chỉnh sửa", edits.length), list);
    for (const e of edits) {
      const when = `${formatDate(e.at)} ${e.at.slice(11, 16)} UTC · ${e.by || "không rõ"}${e.reverts ? " · hoàn tác" : ""}`;
      const what = Object.keys(e.after)
        .map((k) => `${FIELD_NAMES[k] || k}: ${shownValue(e.before[k])} → ${shownValue(e.after[k])}`);
      const item = el("li", { cls: "edit-entry" }, el("span", { cls: "cell-note", text: when }), what.join("; "));
      if (editor) {
        const undo = el("button", { cls: "btn-link", text: "Hoàn tác", attrs: { type: "button" } });
        undo.addEventListener("click", () => writeAndReload(doc, () => api(
          `/v1/documents/${encodeURIComponent(doc.doc_id)}/edits/${encodeURIComponent(e.id)}/revert`,
          { method: "POST", key: storedKey() }), "Đã hoàn tác thay đổi."));
        item.append(" ", undo);
      }
      list.append(item);
    }
  }).catch((err) => section.append(statusLine(`Không tải được lịch sử chỉnh sửa: ${err.message}`)));
  return section;
}
