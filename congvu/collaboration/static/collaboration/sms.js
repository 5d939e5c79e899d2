// The SMS form's live count (COL-9): characters and parts as the gateway will count them — GSM 7-bit
// (160 a part, 153 when split) or Unicode for Vietnamese with diacritics (70, 67). The server counts
// again (congvu.collaboration.sms.gateways.sms_length); this only helps while typing.
(function () {
  "use strict";
  var GSM = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var GSM_EXT = "^{}\\[~]|€\f";

  function unaccented(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
  }

  function measure(text) {
    var gsm = true, units = 0, i, ch;
    for (i = 0; i < text.length; i++) {
      ch = text.charAt(i);
      if (GSM.indexOf(ch) >= 0) { units += 1; } else if (GSM_EXT.indexOf(ch) >= 0) { units += 2; } else { gsm = false; break; }
    }
    if (!gsm) { units = Array.from(text).length; }
    var single = gsm ? 160 : 70, part = gsm ? 153 : 67;
    var parts = units === 0 ? 0 : (units <= single ? 1 : Math.ceil(units / part));
    return { gsm: gsm, units: units, parts: parts };
  }

  function setUp() {
    var out = document.getElementById("sms-count");
    var text = document.getElementById("id_text");
    if (!out || !text) { return; }
    var link = document.getElementById("id_link");
    var plain = document.getElementById("id_unaccented");
    var maxParts = parseInt(out.getAttribute("data-max-parts"), 10) || 1;
    var prefix = out.getAttribute("data-link-prefix") || "";
    var template = out.getAttribute("data-template") || "{units} / {parts}";
    function update() {
      var body = text.value.replace(/\r\n/g, "\n").trim();
      if (plain && plain.checked) { body = unaccented(body); }
      var path = link ? link.value.trim() : "";
      if (path) { body = body + " " + prefix + path; }
      var m = measure(body);
      out.textContent = template.replace("{units}", m.units).replace("{parts}", m.parts)
        .replace("{max}", maxParts) + " · " + out.getAttribute(m.gsm ? "data-gsm" : "data-ucs2");
      out.classList.toggle("error", m.parts > maxParts);
    }
    out.hidden = false;
    [text, link, plain].forEach(function (el) {
      if (el) { el.addEventListener("input", update); el.addEventListener("change", update); }
    });
    update();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); } else { setUp(); }
})();
