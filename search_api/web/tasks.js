// Tra cứu văn bản chính sách — the tasks view (#/tasks), built on app.js and views.js.
"use strict";

// ---------- tasks view (#/tasks) ----------

const TASKS_PAGE = 100;
const TASK_FILTERS = [["body", "t-body"], ["role", "t-role"], ["due_after", "t-due-after"],
  ["due_before", "t-due-before"], ["text", "t-text"]];
let bodiesCache = null;  // Promise of GET /v1/bodies

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
  try {
    await fillOnce($("t-body"), loadBodies, (bodies) => {
      for (const b of bodies.filter((x) => x.lead || x.coordinator)) {
        $("t-body").append(el("option", { text: `${b.name} (${b.lead})`, attrs: { value: b.name } }));
      }
      $("bodies-body").replaceChildren(bodiesList(bodies));
    });
  } catch (err) {
    $("bodies-body").replaceChildren(statusLine(`Không tải được danh sách cơ quan: ${err.message}`));
  }
}

const DATE_FIELDS = [["due_after", "t-due-after", "Thời hạn từ ngày"], ["due_before", "t-due-before", "Thời hạn trước ngày"]];

function fillTaskForm(params) {
  fillForm(TASK_FILTERS, params, { role: "any" });
  for (const [name, id] of DATE_FIELDS) $(id).value = viDate(params.get(name)); // lists.js
  keepOption("t-body", params.get("body")); // a body from a link that is not in the list
}

function applyTaskForm() {
  const params = formParams(TASK_FILTERS, { role: "any" });
  for (const [name, id, label] of DATE_FIELDS) { // typed dd/mm/yyyy, sent as ISO
    const iso = isoDate(params.get(name) || "");
    if (iso === null) {
      showError(`“${label}” phải là một ngày dạng ngày/tháng/năm, ví dụ 31/12/2025.`);
      $(id).focus();
      return;
    }
    if (iso) params.set(name, iso);
  }
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

/** The API's filters of the tasks on screen (its default role is "lead"; the page's is "any"). */
function tasksQuery(params) {
  const q = new URLSearchParams(params);
  q.set("role", params.get("role") || "any");
  return q;
}

const loadTasks = pagedList({ path: "/v1/tasks", size: TASKS_PAGE, countId: "tasks-count", bodyId: "tasks-body",
  noun: "nhiệm vụ", query: tasksQuery, sort: (a, b) => (a.due || "9999").localeCompare(b.due || "9999"),
  render: (params, tasks, total) => el("div", {}, exportTools("task", tasksQuery(params), total), // views.js
    dataTable(`Danh sách ${tasks.length} nhiệm vụ theo thời hạn`, [...TASK_COLS, "Văn bản"],
      tasks.map((t) => [...taskCells(t, false), el("a", { text: docLabel(t), attrs: { href: docHref(t.doc_id) } })]),
      "tasks-table")) });

function initTasks() {
  bindListForm("tasks-form", "btn-tasks-reset", fillTaskForm, applyTaskForm);
}

