// newsdesk: small progressive enhancements. Every page works without this file.
// Text from reports is only ever written with textContent, never as HTML.
"use strict";

// Filter forms: submit when a menu or date changes.
for (const form of document.querySelectorAll("form[data-autosubmit]")) {
  for (const field of form.querySelectorAll("select, input[type=date]")) {
    field.addEventListener("change", () => form.requestSubmit());
  }
}

// Report page: switch highlight kinds on and off.
const article = document.getElementById("report");
for (const box of document.querySelectorAll("input[data-toggle]")) {
  box.addEventListener("change", () => {
    article.classList.toggle("hide-" + box.dataset.toggle, !box.checked);
  });
}

// Citations: show the cited paragraph on hover or focus, fetched from the JSON API.
const reportCache = new Map();
function loadReport(id) {
  if (!reportCache.has(id)) {
    reportCache.set(id, fetch("/api/reports/" + encodeURIComponent(id)).then((r) => (r.ok ? r.json() : null)));
  }
  return reportCache.get(id);
}
let preview = null;
function hidePreview() {
  if (preview) preview.remove();
  preview = null;
}
async function showPreview(link) {
  const data = await loadReport(link.dataset.report);
  if (!data) return;
  const paragraph = data.paragraphs.find((p) => String(p.index) === link.dataset.paragraph);
  if (!paragraph) return;
  hidePreview();
  preview = document.createElement("div");
  preview.className = "preview";
  preview.setAttribute("role", "tooltip");
  const head = document.createElement("div");
  head.className = "meta";
  head.textContent = (data.outlet || data.id) + " · " + (data.published || "undated") + " · ¶" + paragraph.index;
  const body = document.createElement("div");
  body.textContent = paragraph.text;
  if (paragraph.lang || data.lang) body.lang = paragraph.lang || data.lang;
  preview.append(head, body);
  document.body.append(preview);
  const box = link.getBoundingClientRect();
  const left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - preview.offsetWidth - 8);
  preview.style.left = Math.max(8, left) + "px";
  preview.style.top = window.scrollY + box.bottom + 6 + "px";
}
for (const link of document.querySelectorAll("a.cite[data-report]")) {
  link.addEventListener("mouseenter", () => showPreview(link));
  link.addEventListener("focus", () => showPreview(link));
  link.addEventListener("mouseleave", hidePreview);
  link.addEventListener("blur", hidePreview);
}
