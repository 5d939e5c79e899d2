// Công Vụ: the little the pages need beyond HTML and htmx.
document.documentElement.classList.replace("no-js", "js");
document.addEventListener("click", (event) => {
  const toggle = event.target.closest(".menu-toggle");
  if (!toggle) return;
  const menu = document.getElementById(toggle.getAttribute("aria-controls"));
  const open = menu.classList.toggle("open");
  toggle.setAttribute("aria-expanded", String(open));
});

// Bring a field into sight and give it the focus, opening the collapsed sections around it. The
// page does not move when the field is already in sight (below the sticky top bar).
const reveal = (target) => {
  for (let el = target.parentElement; el; el = el.parentElement) {
    if (el.tagName === "DETAILS") el.open = true;
  }
  const box = target.getBoundingClientRect();
  const bar = document.querySelector(".topbar");
  const top = bar ? Math.max(bar.getBoundingClientRect().bottom, 0) : 0;
  if (box.top < top || box.bottom > window.innerHeight) target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
};

// A form that failed: the summary at the top lists the errors; the focus goes to the first wrong
// field (on a phone it may sit far below), and each link of the summary leads to its field.
(() => {
  const summary = document.querySelector(".error-summary");
  if (!summary) return;
  const fieldOf = (link) => document.getElementById(decodeURIComponent(link.hash.slice(1)));
  const first = summary.querySelector("a[href^='#']");
  const target = first && fieldOf(first);
  if (target) reveal(target);
  else summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && fieldOf(link);
    if (!field) return;
    event.preventDefault();
    reveal(field);
  });
})();

// A form sent after the session had ended: once the person has signed in again, the page of the
// form carries what they typed (as JSON, from the server) and the form is filled in again, opened
// and focused, with a note saying so. Files and hidden fields keep the page's own values.
(() => {
  const data = document.getElementById("kept-form");
  if (!data) return;
  const kept = JSON.parse(data.textContent);
  const form = [...document.querySelectorAll("form")].find(
    (f) => f.method === "post" && new URL(f.action, location.href).pathname === kept.action,
  );
  if (!form) return;
  const values = new Map();
  for (const [name, value] of kept.fields) {
    if (!values.has(name)) values.set(name, []);
    values.get(name).push(value);
  }
  const typedIn = [];
  for (const el of form.elements) {
    if (!el.name || ["file", "hidden", "password", "submit", "button"].includes(el.type)) continue;
    const typed = values.get(el.name) || [];
    if (el.type === "checkbox" || el.type === "radio") {
      el.checked = typed.includes(el.value);
    } else if (el.tagName === "SELECT" && el.multiple) {
      for (const option of el.options) option.selected = typed.includes(option.value);
    } else if (values.has(el.name)) {
      el.value = typed.shift() ?? "";
    } else {
      continue;
    }
    typedIn.push(el);
  }
  const note = document.getElementById("kept-form-note");
  if (note) {
    form.prepend(note);
    note.hidden = false;
  }
  // The focus goes to the first box that had text in it (the report, the reason), else the first field.
  const first = typedIn.find((el) => el.tagName === "TEXTAREA" && el.value) || typedIn[0];
  if (first) reveal(first);
})();

// "/" goes to the search box from anywhere that is not a text field (as on most sites).
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const active = document.activeElement;
  if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) return;
  const box = document.getElementById("site-q");
  if (!box) return;
  event.preventDefault();
  box.focus();
});
