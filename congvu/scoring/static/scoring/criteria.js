// The criteria-set table: "Thêm dòng" adds an empty row in place (without this script the button
// posts the table and the page comes back one row longer, with what was typed kept).
(() => {
  const button = document.querySelector("[data-add-row]");
  const rows = document.getElementById("node-rows");
  const template = document.getElementById("node-row-template");
  const total = document.querySelector('input[name="n-TOTAL_FORMS"]');
  if (!button || !rows || !template || !total) return;
  button.addEventListener("click", (event) => {
    const count = Number.parseInt(total.value, 10) || 0;
    const limit = Number.parseInt(rows.dataset.maxRows, 10) || 0;
    if (count >= limit) return; // the server says why
    event.preventDefault();
    const html = template.innerHTML.replaceAll("__prefix__", String(count));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(count + 1);
    const added = rows.lastElementChild;
    const first = added && added.querySelector("input[type=text]");
    if (first) first.focus();
  });
})();
