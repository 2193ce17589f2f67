// Tra cứu văn bản chính sách — asking and searching (#/, #/hoi?q=…, #/tim?q=…), built on app.js.
// The filters show how many are on (also while "Bộ lọc" is closed), reset in one click and refuse an
// inverted year range. An answer lives at its own URL, so it can be bookmarked, shared and reloaded.
"use strict";

// ---------- filters ----------

/** Add to a <select> the distinct, sorted, non-empty values of one field that it does not list yet. */
function fillSelect(select, values) {
  const have = new Set([...select.options].map((o) => o.value));
  const distinct = [...new Set(values.filter((v) => v && !have.has(v)))].sort((a, b) => a.localeCompare(b, "vi"));
  for (const v of distinct) select.append(el("option", { text: v, attrs: { value: v } }));
}

async function initFilters() {
  try {
    const docs = await loadDocuments();
    fillSelect($("f-doc-type"), docs.map((d) => d.doc_type));
    fillSelect($("f-issuer"), docs.map((d) => d.issuer));
  } catch {
    // Filters stay at "Tất cả"; the error shows when the user opens the documents view.
  }
}

const FILTER_FIELDS = [["doc_type", "f-doc-type", "Loại văn bản"], ["issuer", "f-issuer", "Cơ quan"],
  ["year_from", "f-year-from", "Từ năm"], ["year_to", "f-year-to", "Đến năm"]];
const YEAR_ORDER_ERROR = "“Từ năm” phải nhỏ hơn hoặc bằng “Đến năm”.";

/** Current filter values, empty ones omitted; years as integers. */
function readFilters() {
  const f = {};
  for (const [key, id] of FILTER_FIELDS) {
    const v = $(id).value.trim();
    if (!v) continue;
    if (key.startsWith("year")) {
      const n = parseInt(v, 10);
      if (Number.isFinite(n)) f[key] = n;
    } else {
      f[key] = v;
    }
  }
  return f;
}

/** Put filter values (from a shared URL) into the form; a value the list lacks is added to it. */
function fillFilters(params) {
  for (const [key, id] of FILTER_FIELDS) {
    const v = params.get(key) || "";
    const field = $(id);
    if (field.tagName === "SELECT" && v && ![...field.options].some((o) => o.value === v)) {
      field.append(el("option", { text: v, attrs: { value: v } }));
    }
    field.value = v;
  }
  showFilterState();
}

const yearsInverted = (f) => f.year_from != null && f.year_to != null && f.year_from > f.year_to;

/** The count on "Bộ lọc", the list of what is on beside it, the reset button and the year check. */
function showFilterState() {
  const f = readFilters();
  const on = FILTER_FIELDS.filter(([key]) => key in f);
  const badge = $("filters-count");
  badge.textContent = String(on.length);
  badge.hidden = !on.length;
  badge.setAttribute("aria-label", `${on.length} bộ lọc đang bật`);
  $("filters-active").textContent = on.length
    ? `Đang lọc: ${on.map(([key, , label]) => `${label}: ${f[key]}`).join(" · ")}` : "";
  $("filters-active").hidden = !on.length;
  $("btn-filters-reset").hidden = !on.length;
  const inverted = yearsInverted(f);
  for (const id of ["f-year-from", "f-year-to"]) $(id).setAttribute("aria-invalid", String(inverted));
  $("filters-error").textContent = inverted ? YEAR_ORDER_ERROR : "";
  $("filters-error").hidden = !inverted;
}

function resetFilters() {
  for (const [, id] of FILTER_FIELDS) $(id).value = "";
  showFilterState();
}

// ---------- ask & search ----------

// Buttons get aria-disabled (not disabled) so keyboard focus is not lost while loading.
function setBusy(on) {
  busy = on;
  const results = $("results");
  results.setAttribute("aria-busy", String(on));
  for (const id of ["btn-ask", "btn-search"]) $(id).setAttribute("aria-disabled", String(on));
  if (on) results.replaceChildren(statusLine("Đang tìm…"));
}

/** The question and filters of the form, or null (with the reason shown) when they cannot be sent. */
function readForm() {
  const q = $("question").value.trim();
  if (busy) return null;
  if (!q) {
    showError("Vui lòng nhập câu hỏi hoặc từ khoá.");
    $("question").focus();
    return null;
  }
  const filters = readFilters();
  if (yearsInverted(filters)) {
    showError(YEAR_ORDER_ERROR);
    $("filters").open = true;
    $("f-year-from").focus();
    return null;
  }
  return { q, filters };
}

/** "#/hoi?q=…&year_from=…": the address of an answer (mode "hoi") or of a search ("tim"). */
const queryHash = (mode, q, filters) => `#/${mode}?${new URLSearchParams({ q, ...filters })}`;

/** The form's question goes to its own address; the route then runs it (a reload runs it again). */
function submitQuery(mode) {
  const form = readForm();
  if (!form) return;
  const hash = queryHash(mode, form.q, form.filters);
  if (location.hash === hash) runQuery(mode, form.q, form.filters);
  else location.hash = hash;
}

/** Route #/hoi?q=… or #/tim?q=…: fill the form from the address and run it. */
function openQuery(mode, params) {
  const q = (params.get("q") || "").trim();
  $("question").value = q;
  fillFilters(params);
  if (!q || busy) return;
  const filters = readFilters();
  if (yearsInverted(filters)) {
    $("results").replaceChildren();
    showError(YEAR_ORDER_ERROR);
    return;
  }
  runQuery(mode, q, filters);
}

function runQuery(mode, q, filters) {
  remember(mode, q, filters);
  return mode === "tim" ? runSearch(q, filters) : runAsk(q, filters);
}

// ---------- question history: this browser only (localStorage), the latest first ----------

const HISTORY_KEY = "kb-history";
const HISTORY_MAX = 10;

function readHistory() {
  try { return JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]"); } catch { return []; }
}

function writeHistory(items) {
  try { localStorage.setItem(HISTORY_KEY, JSON.stringify(items)); } catch { /* storage disabled */ }
  showHistory();
}

function remember(mode, q, filters) {
  const hash = queryHash(mode, q, filters);
  writeHistory([{ hash, q, mode }, ...readHistory().filter((h) => h.hash !== hash)].slice(0, HISTORY_MAX));
}

/** "Câu hỏi gần đây": links to the last questions and searches asked in this browser. */
function showHistory() {
  const items = readHistory();
  const box = $("history");
  box.hidden = !items.length;
  const list = el("ul", { cls: "history-list" });
  for (const h of items) {
    list.append(el("li", {}, el("a", { text: h.q, attrs: { href: h.hash } }),
      h.mode === "tim" ? el("span", { cls: "cell-note", text: "tìm kiếm" }) : null));
  }
  $("history-list").replaceChildren(list);
}

/** Run an ask or a search with the form busy; a failure empties the results and is shown. */
async function whileBusy(work) {
  showError("");
  setBusy(true);
  try {
    await work();
  } catch (err) {
    $("results").replaceChildren();
    showError(err.message);
  } finally {
    setBusy(false);
  }
}

function runAsk(question, filters) {
  return whileBusy(async () => {
    const body = { question };
    if (Object.keys(filters).length) body.filters = filters;
    renderAnswer(await api("/v1/ask", { method: "POST", json: body }));
  });
}

/** The answer's badge: what kind of answer it is, or that none was found (then no kind is claimed). */
function answerBadge(data, intent) {
  const missing = MISSING_LABELS[data.status];
  return missing
    ? el("span", { cls: "intent intent-missing", text: missing, attrs: { id: "answer-badge" } })
    : el("span", { cls: `intent intent-${intent}`, text: INTENT_LABELS[intent], attrs: { id: "answer-badge" } });
}

function renderAnswer(data) {
  const intent = INTENT_LABELS[data.intent] ? data.intent : "general";
  const citations = data.citations || [];
  const box = el("div", { cls: "answer-box" }, answerBadge(data, intent),
    el("p", { cls: "answer", text: data.answer || EMPTY_TEXT,
      attrs: { id: "answer", "data-intent": intent, "data-status": data.status || "answered" } }),
    shareLine());
  const parts = [...restoredNote(data.restored_query), box];
  if (data.facts && data.facts.length) parts.push(factsBlock(data.facts)); // views.js
  if (citations.length) {
    const heading = MISSING_LABELS[data.status] ? "Các đoạn gần nhất để tham khảo" : "Nguồn trích dẫn";
    parts.push(el("h3", { cls: "results-heading", text: heading }), citationList(citations, false));
  } else {
    parts.push(statusLine(EMPTY_TEXT));
  }
  $("results").replaceChildren(...parts);
}

/** "Sao chép liên kết": the address of this answer, to bookmark or send (a reload shows it again). */
function shareLine() {
  const button = el("button", { cls: "btn-link", text: "Sao chép liên kết câu trả lời",
    attrs: { type: "button", id: "btn-copy-link" } });
  button.addEventListener("click", () => copyText(location.href, button));
  return el("p", { cls: "share" }, button);
}

/** "Searched for: …" when the API restored the diacritics of a question typed without them. */
function restoredNote(restored) {
  return restored
    ? [el("p", { cls: "restored", attrs: { id: "restored" } }, "Đã tìm theo câu hỏi có dấu: ",
      el("q", { text: restored }))]
    : [];
}

/** GET /v1/search with the given parameters; resolves to the response ({query, restored_query, hits}). */
function search(params) {
  return api(`/v1/search?${new URLSearchParams(params)}`);
}

/** The hits of such a search. */
async function searchHits(params) {
  return (await search(params)).hits || [];
}

function runSearch(q, filters) {
  return whileBusy(async () => {
    const data = await search({ q, limit: "10", ...filters });
    const hits = data.hits || [];
    $("results").replaceChildren(...restoredNote(data.restored_query), hits.length
      ? el("div", {}, el("h3", { cls: "results-heading", text: `Kết quả tìm kiếm (${hits.length})` }),
        citationList(hits, true))
      : statusLine(EMPTY_TEXT));
  });
}

function initAsk() {
  $("ask-form").addEventListener("submit", (e) => { e.preventDefault(); submitQuery("hoi"); });
  $("btn-search").addEventListener("click", () => submitQuery("tim"));
  for (const [, id] of FILTER_FIELDS) {
    $(id).addEventListener("input", showFilterState);
    $(id).addEventListener("change", showFilterState);
  }
  $("btn-filters-reset").addEventListener("click", () => { resetFilters(); $("question").focus(); });
  $("btn-history-clear").addEventListener("click", () => writeHistory([]));
  showHistory();
  initFilters();
}
