// Tra cứu văn bản chính sách — the staff upload view (#/upload), built on app.js and views.js.
// The file is sent with ?wait=0: the server answers 202 with a job at once, and the page follows the
// job (đang chờ → đang xử lý → có thể tìm kiếm, or the reason it failed) by polling its status_url.
"use strict";

const INGEST_STATUS = {
  added: "Đã thêm văn bản vào kho; có thể tìm kiếm ngay.",
  updated: "Đã cập nhật văn bản; có thể tìm kiếm ngay.",
  unchanged: "Văn bản này đã có trong kho và không thay đổi; có thể tìm kiếm.",
  duplicate: "Nội dung tệp trùng với một văn bản đã có trong kho; văn bản đó có thể tìm kiếm.",
};
const JOB_STATUS = {
  queued: "Đang chờ xử lý (trong hàng đợi)…",
  running: "Đang xử lý: đọc tệp, tách đoạn và lập chỉ mục…",
};
const POLL_MS = 1000;
const POLL_RETRIES = 10; // polls in a row that may fail to connect (e.g. the server restarting)
let uploading = false;

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

function openUploadView() {
  $("api-key").value = storedKey();
  $("upload-heading").focus();
}

function setUploadStatus(text) {
  $("upload-status").textContent = text;
}

function setUploading(on) {
  uploading = on;
  $("btn-upload").setAttribute("aria-disabled", String(on));
}

function startUpload() {
  if (uploading) return;
  const key = $("api-key").value.trim();
  const file = $("upload-file").files[0];
  showError("");
  showNotice("");
  if (!key) {
    showError("Vui lòng nhập khoá API biên tập.");
    return $("api-key").focus();
  }
  if (!file) {
    showError("Vui lòng chọn tệp cần tải lên.");
    return $("upload-file").focus();
  }
  storeKey(key);
  uploadFile(file, key);
}

/** POST /v1/documents?wait=0 with XMLHttpRequest, for its upload progress events. */
function uploadFile(file, key) {
  const bar = $("upload-progress");
  setUploading(true);
  $("upload-progress-row").hidden = false;
  bar.value = 0;
  setUploadStatus(`Đang gửi “${file.name}”…`);
  $("upload-result").replaceChildren();

  const xhr = new XMLHttpRequest();
  xhr.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    bar.value = Math.round((e.loaded / e.total) * 100);
    setUploadStatus(`Đang gửi… ${bar.value}%`);
  });
  xhr.upload.addEventListener("load", () => {
    bar.removeAttribute("value"); // indeterminate while the server reads and indexes the file
    setUploadStatus("Đã gửi xong; đang chờ máy chủ nhận tệp…");
  });
  xhr.addEventListener("load", () => finishUpload(xhr, file, key));
  xhr.addEventListener("error", () => failUpload(0, "Không kết nối được tới máy chủ. Vui lòng thử lại."));
  xhr.addEventListener("abort", () => failUpload(0, "Đã huỷ tải lên."));
  xhr.open("POST", "/v1/documents?wait=0");
  xhr.setRequestHeader("Accept", "application/json");
  xhr.setRequestHeader("Accept-Language", "vi");
  xhr.setRequestHeader("X-API-Key", key);
  const form = new FormData();
  form.append("file", file, file.name);
  xhr.send(form);
}

function failUpload(status, message) {
  setUploading(false);
  $("upload-progress").value = 0;
  setUploadStatus("Không tải lên được.");
  showError(writeError(status, message)); // views.js
}

/** 202: follow the job; 201/200: the record is already there (a server that waited); else the error. */
function finishUpload(xhr, file, key) {
  let body = null;
  try { body = JSON.parse(xhr.responseText); } catch { /* non-JSON body */ }
  if (xhr.status === 202 && body && body.status_url) {
    followJob(body.status_url, file, key);
  } else if (xhr.status >= 200 && xhr.status < 300 && body && body.doc_id) {
    const status = xhr.getResponseHeader("X-KB-Ingest-Status") || (xhr.status === 201 ? "added" : "");
    showUploaded(body, status);
  } else {
    failUpload(xhr.status, apiMessage(body));
  }
}

/** Poll the job until it is done or failed, saying in Vietnamese where it is and for how long. */
async function followJob(url, file, key) {
  const started = Date.now();
  let misses = 0;
  for (;;) {
    let job = null;
    try {
      job = await api(url, { key });
      misses = 0;
    } catch (err) {
      if (err.status || ++misses > POLL_RETRIES) {
        return failUpload(err.status, `Không theo dõi được tiến độ xử lý “${file.name}”: ${err.message}`);
      }
    }
    if (job && job.status === "done") return finishJob(job, file);
    if (job && job.status === "failed") {
      return failUpload(0, `Không xử lý được tệp “${file.name}”: ${job.error || "không rõ lý do."}`);
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    const where = job ? JOB_STATUS[job.status] || JOB_STATUS.running : "Đang kết nối lại với máy chủ…";
    setUploadStatus(seconds ? `${where} (${seconds} giây)` : where);
    await sleep(POLL_MS);
  }
}

async function finishJob(job, file) {
  try {
    showUploaded(await api(`/v1/documents/${encodeURIComponent(job.doc_id)}`), job.ingest_status);
  } catch (err) {
    failUpload(err.status, `Đã xử lý “${file.name}” nhưng không đọc được bản ghi văn bản: ${err.message}`);
  }
}

function showUploaded(doc, status) {
  setUploading(false);
  $("upload-progress").value = 100;
  $("upload-file").value = ""; // the next submit must not send this file again
  refreshAfterWrite(); // views.js
  setUploadStatus("Hoàn tất: văn bản có thể tìm kiếm.");
  $("upload-result").replaceChildren(uploadResult(doc, status));
}

/** The stored record, a link to it, and a search box limited to it. */
function uploadResult(doc, status) {
  const counts = `${doc.chunks ?? 0} đoạn · ${doc.targets ?? 0} chỉ tiêu · ${doc.tasks ?? 0} nhiệm vụ`;
  const warnings = (doc.warnings || []).filter(Boolean);
  return el("div", { cls: "panel upload-done", attrs: { id: "upload-done", "data-status": status } },
    el("h3", { text: INGEST_STATUS[status] || "Đã tải lên; có thể tìm kiếm." }),
    el("p", {}, el("a", { text: `Xem văn bản: ${docLabel(doc)}`, attrs: { href: docHref(doc.doc_id), id: "upload-doc-link" } })),
    el("p", { cls: "status", text: counts }),
    warnings.length ? el("ul", { cls: "warnings" }, ...warnings.map((w) => el("li", { text: w }))) : null,
    metaList(doc),
    quickSearch(doc));
}

function quickSearch(doc) {
  const input = el("input", { attrs: { id: "qs-input", type: "search", autocomplete: "off", maxlength: "2000" } });
  const results = el("div", { attrs: { id: "qs-results", "aria-live": "polite" } });
  const form = el("form", { cls: "quick-search", attrs: { role: "search", novalidate: "" } },
    el("label", { cls: "field-label", text: "Tìm trong văn bản này", attrs: { for: "qs-input" } }),
    el("div", { cls: "ask-row" }, input,
      el("div", { cls: "buttons" }, el("button", { cls: "btn btn-secondary", text: "Tìm", attrs: { type: "submit", id: "btn-qs" } }))));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (!q) return input.focus();
    results.replaceChildren(statusLine("Đang tìm…"));
    try {
      const hits = await searchHits({ q, doc_id: doc.doc_id, limit: "5" });
      results.replaceChildren(hits.length ? citationList(hits, true, "qs-citations") : statusLine(EMPTY_TEXT));
    } catch (err) {
      results.replaceChildren(statusLine(err.message));
    }
  });
  return el("div", { cls: "quick-search-wrap" }, form, results);
}

function initUpload() {
  $("api-key").addEventListener("input", (e) => storeKey(e.target.value.trim()));
  $("btn-forget-key").addEventListener("click", () => {
    storeKey("");
    $("api-key").value = "";
    showNotice("Đã xoá khoá API khỏi phiên làm việc.");
    $("api-key").focus();
  });
  $("upload-form").addEventListener("submit", (e) => { e.preventDefault(); startUpload(); });
}
