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

// A minimal toolbar for the description: bold and italic around the selection (the server
// sanitises whatever arrives with nh3; without this script the textarea works as plain text).
(() => {
  const wrap = (area, tag) => {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const inner = value.slice(start, end) || (tag === "strong" ? "chữ đậm" : "chữ nghiêng");
    area.value = `${value.slice(0, start)}<${tag}>${inner}</${tag}>${value.slice(end)}`;
    area.focus();
    area.setSelectionRange(start + tag.length + 2, start + tag.length + 2 + inner.length);
  };
  for (const area of document.querySelectorAll("textarea[data-rich]")) {
    const bar = document.createElement("div");
    bar.className = "rich-bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Định dạng");
    for (const [tag, label, name] of [["strong", "B", "Chữ đậm"], ["em", "I", "Chữ nghiêng"]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `secondary small rich-${tag}`;
      button.textContent = label;
      button.title = name;
      button.setAttribute("aria-label", name);
      button.addEventListener("click", () => wrap(area, tag));
      bar.append(button);
    }
    area.before(bar);
  }
})();
