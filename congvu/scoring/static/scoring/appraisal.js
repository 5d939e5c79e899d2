/* Appraisal form: "Giữ điểm tự chấm" copies a row's self-score into its appraised-score input;
   "Chấp nhận tất cả điểm tự chấm" does it for every empty input. Nothing is saved until the form
   is sent. */
(function () {
  "use strict";
  function selfScore(row) {
    var raw = row.getAttribute("data-self");
    return raw ? raw.replace(".", ",") : "";
  }
  function fill(row, force) {
    var input = row.querySelector(".ap-score-line input");
    var value = selfScore(row);
    if (!input || !value) return;
    if (force || !input.value.trim()) input.value = value;
  }
  document.addEventListener("click", function (event) {
    var keep = event.target.closest("[data-keep-self]");
    if (keep) {
      fill(keep.closest(".ap-row"), true);
      return;
    }
    if (event.target.closest("[data-accept-all]")) {
      document.querySelectorAll(".ap-row[data-self]").forEach(function (row) { fill(row, false); });
    }
  });
})();
