// Small progressive enhancements; every page works without this file.
document.addEventListener("input", (event) => {
  // Filter a checkbox list: <input data-filter-list="#id"> hides labels that do not match.
  const input = event.target.closest("[data-filter-list]");
  if (!input) return;
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase();
  const query = fold(input.value.trim());
  document.querySelectorAll(input.dataset.filterList + " label").forEach((label) => {
    label.hidden = query !== "" && !fold(label.textContent).includes(query);
  });
});
// A select whose choices are the ticked boxes of a list: <select data-choices-from="#id">. Options whose box is
// not ticked are hidden and disabled; a chosen option that loses its box falls back to the empty choice.
const syncChoices = (select) => {
  const list = document.querySelector(select.dataset.choicesFrom);
  if (!list) return;
  const ticked = new Set(Array.from(list.querySelectorAll("input[type=checkbox]:checked"), (box) => box.value));
  Array.from(select.options).forEach((option) => {
    const off = option.value !== "" && !ticked.has(option.value);
    option.hidden = off;
    option.disabled = off;
  });
  if (select.selectedOptions.length && select.selectedOptions[0].disabled) select.value = "";
};
const syncAllChoices = () => document.querySelectorAll("select[data-choices-from]").forEach(syncChoices);
document.addEventListener("change", (event) => {
  if (event.target.matches("input[type=checkbox]")) syncAllChoices();
});
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", syncAllChoices);
else syncAllChoices();
document.addEventListener("submit", (event) => {
  // Ask before destructive actions: <form data-confirm="..."> or the <button data-confirm="..."> that submits it
  // (one form, several actions: "Phân công xoay vòng" replaces the assignment, "Lưu" does not).
  // Forms posted by htmx ask through htmx:confirm below instead.
  const form = event.target.closest("form:not([hx-post])");
  const question = form && (event.submitter?.dataset.confirm || form.dataset.confirm);
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener("htmx:confirm", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (!form) return;
  event.preventDefault();
  if (window.confirm(form.dataset.confirm)) event.detail.issueRequest(true);
});
document.addEventListener("keydown", (event) => {
  // Pledge grid: Enter moves to the cell below, like a spreadsheet; leaving the cell saves it (htmx "change").
  const input = event.target.closest("[data-grid-input]");
  if (!input || event.key !== "Enter") return;
  event.preventDefault();
  const cell = input.closest("td");
  const row = cell.parentElement;
  const index = Array.prototype.indexOf.call(row.children, cell);
  let next = row.nextElementSibling;
  while (next) {
    const target = next.children[index] && next.children[index].querySelector("[data-grid-input]");
    if (target) { target.focus(); if (target.select) target.select(); return; }
    next = next.nextElementSibling;
  }
  input.blur();
});
document.addEventListener("change", (event) => {
  // Filters that apply on choice: <select data-autosubmit> submits its form (a button does it without JS).
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});
