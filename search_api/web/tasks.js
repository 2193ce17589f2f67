// Tra cứu văn bản chính sách — the tasks view (#/tasks), built on app.js and views.js.
"use strict";

// ---------- tasks view (#/tasks) ----------

const TASKS_PAGE = 100;
const TASK_FILTERS = [["body", "t-body"], ["role", "t-role"], ["due_after", "t-due-after"],
  ["due_before", "t-due-before"], ["text", "t-text"]];
let bodiesCache = null;  // Promise of GET /v1/bodies
let tasksRenderId = 0;
let tasksShown = [];

/** After an upload or a delete: bodies and filter lists are read again when next needed. */
function refreshAfterWrite() {
  invalidateDocuments();
  bodiesCache = null;
  for (const id of ["t-body", "g-body", "g-doc", "d-type", "d-issuer"]) {
    const select = $(id);
    delete select.dataset.loaded;
    while (select.options.length > 1) select.remove(1);
  }
  initFilters();
}

function loadBodies() {
  if (!bodiesCache) bodiesCache = api("/v1/bodies").catch((err) => { bodiesCache = null; throw err; });
  return bodiesCache;
}


function bodyLink(text, body, role) {
  const params = new URLSearchParams({ body });
  if (role) params.set("role", role);
  return el("a", { text, attrs: { href: listHash("tasks", params) } });
}

/** "Theo cơ quan": every body with its counts; the links filter the tasks view. */
function bodiesList(bodies) {
  if (!bodies.length) return statusLine("Chưa có cơ quan nào trong các văn bản.");
  const list = el("ul", { cls: "bodies-list" });
  for (const b of bodies) {
    const counts = el("span", { cls: "cell-note" });
    const parts = [];
    if (b.lead) parts.push(bodyLink(`${b.lead} chủ trì`, b.name, "lead"));
    if (b.coordinator) parts.push(bodyLink(`${b.coordinator} phối hợp`, b.name, "coordinator"));
    if (b.monitor) parts.push(el("span", { text: `${b.monitor} chỉ tiêu theo dõi` }));
    parts.forEach((p, i) => counts.append(i ? " · " : "", p));
    const name = b.lead || b.coordinator ? bodyLink(b.name, b.name, null) : el("span", { text: b.name });
    list.append(el("li", {}, name, counts));
  }
  return el("div", {}, statusLine(`${bodies.length} cơ quan`), list);
}

/** Fill the body select and the "Theo cơ quan" list once. */
async function initTaskFilters() {
  const select = $("t-body");
  if (select.dataset.loaded) return;
  try {
    const bodies = await loadBodies();
    select.dataset.loaded = "1";
    for (const b of bodies.filter((x) => x.lead || x.coordinator)) {
      select.append(el("option", { text: `${b.name} (${b.lead})`, attrs: { value: b.name } }));
    }
    $("bodies-body").replaceChildren(bodiesList(bodies));
  } catch (err) {
    $("bodies-body").replaceChildren(statusLine(`Không tải được danh sách cơ quan: ${err.message}`));
  }
}

function fillTaskForm(params) {
  fillForm(TASK_FILTERS, params, { role: "any" });
  keepOption("t-body", params.get("body")); // a body from a link that is not in the list
}

function applyTaskForm() {
  const params = formParams(TASK_FILTERS, { role: "any" });
  const after = params.get("due_after");
  const before = params.get("due_before");
  if (after && before && after >= before) {
    showError("“Thời hạn từ ngày” phải trước “Thời hạn trước ngày”.");
    $("t-due-after").focus();
    return;
  }
  openList("tasks", params, renderTasksView);
}

async function renderTasksView(params) {
  await initTaskFilters();
  fillTaskForm(params);
  await loadTasks(params, 0);
  if (!$("view-tasks").contains(document.activeElement)) $("tasks-heading").focus();
}

function tasksQuery(params, offset) {
  const q = new URLSearchParams(params);
  q.set("role", params.get("role") || "any"); // the API's default is "lead"
  q.set("limit", String(TASKS_PAGE));
  q.set("offset", String(offset));
  return q;
}

/** Load one page of tasks; offset > 0 appends to the rows already shown. */
async function loadTasks(params, offset) {
  const renderId = ++tasksRenderId;
  const count = $("tasks-count");
  const body = $("tasks-body");
  body.setAttribute("aria-busy", "true");
  if (!offset) count.textContent = "Đang tải…";
  let page;
  try {
    page = await api(`/v1/tasks?${tasksQuery(params, offset)}`);
  } catch (err) {
    if (renderId !== tasksRenderId) return;
    count.textContent = "";
    body.replaceChildren();
    showError(err.message);
    return;
  } finally {
    body.setAttribute("aria-busy", "false");
  }
  if (renderId !== tasksRenderId) return;
  const before = offset ? tasksShown.length : 0;
  tasksShown = (offset ? tasksShown : []).concat(page.items || []);
  tasksShown.sort((a, b) => (a.due || "9999").localeCompare(b.due || "9999")); // stable: API order otherwise
  renderTaskRows(params, page.total ?? tasksShown.length);
  if (offset) { // keep keyboard users where they were: on the first new row
    const links = body.querySelectorAll("tbody tr td:first-child a");
    if (links[before]) links[before].focus();
  }
}

function renderTaskRows(params, total) {
  const shown = tasksShown.length;
  $("tasks-count").textContent = total === shown
    ? `Tìm thấy ${total} nhiệm vụ.`
    : `Tìm thấy ${total} nhiệm vụ, đang hiển thị ${shown}.`;
  const body = $("tasks-body");
  if (!shown) return body.replaceChildren(statusLine("Không có nhiệm vụ nào khớp bộ lọc."));
  const rows = tasksShown.map((t) => [...taskCells(t, false),
    el("a", { text: docLabel(t), attrs: { href: docHref(t.doc_id) } })]);
  const filters = tasksQuery(params, 0);
  ["limit", "offset"].forEach((name) => filters.delete(name));
  const parts = [exportTools("task", filters, total), // views.js: every task the filters give, as on screen
    dataTable(`Danh sách ${shown} nhiệm vụ theo thời hạn`, [...TASK_COLS, "Văn bản"], rows, "tasks-table")];
  if (shown < total) parts.push(moreButton(total - shown, () => loadTasks(params, shown)));
  body.replaceChildren(...parts);
}

function initTasks() {
  bindListForm("tasks-form", "btn-tasks-reset", fillTaskForm, applyTaskForm);
}

