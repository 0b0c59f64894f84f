// zansai: Escape closes a term's definition (zansai.report.terms); the terms work without it.
(function () {
  "use strict";
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") { return; }
    document.querySelectorAll(".term:hover, .term:focus-within").forEach(function (t) {
      t.classList.add("dismissed");
    });
  });
  function reopen(ev) {  // leaving a term (pointer or focus) lets it open again next time
    var t = ev.target.closest ? ev.target.closest(".term") : null;
    if (t && !t.contains(ev.relatedTarget)) { t.classList.remove("dismissed"); }
  }
  document.addEventListener("mouseout", reopen);
  document.addEventListener("focusout", reopen);
})();
