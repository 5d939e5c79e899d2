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
