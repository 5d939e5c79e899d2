// The work screens: filter a long list of people by typing (accents and case ignored).
(() => {
  const fold = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  document.addEventListener("input", (event) => {
    const box = event.target.closest("input[data-picklist]");
    if (!box) return;
    const list = document.getElementById(`${box.dataset.picklist}-list`);
    if (!list) return;
    const query = fold(box.value.trim());
    for (const label of list.querySelectorAll("label")) {
      const row = label.parentElement;
      const checked = label.querySelector("input:checked");
      row.hidden = Boolean(query) && !checked && !fold(label.textContent).includes(query);
    }
  });
})();
