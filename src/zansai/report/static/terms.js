// zansai: the terms' definitions (zansai.report.terms); the first mention of a term works without this.
(function () {
  "use strict";
  document.addEventListener("keydown", function (ev) {  // Escape closes a term's definition
    if (ev.key !== "Escape") { return; }
    document.querySelectorAll(".term:hover, .term:focus-within").forEach(function (t) {
      t.classList.add("dismissed");
    });
  });
  function reopen(ev) {  // leaving a term (pointer or focus) lets it open again next time
    var t = ev.target.closest ? ev.target.closest(".term") : null;
    if (t && !t.contains(ev.relatedTarget)) { t.classList.remove("dismissed"); }
  }
  // A repeat of a term (in a "why?" panel) carries no copy of its definition: it gets one, from the
  // page's one definition, when first hovered or focused (screen readers have it by aria-describedby).
  function fill(ev) {
    var t = ev.target.closest ? ev.target.closest(".term-ref") : null;
    if (!t || t.querySelector(".term-def")) { return; }
    var def = document.getElementById(t.getAttribute("data-def"));
    if (!def) { return; }
    var copy = def.cloneNode(true);
    copy.removeAttribute("id");
    copy.setAttribute("aria-hidden", "true");
    t.appendChild(copy);
  }
  document.addEventListener("mouseover", fill);
  document.addEventListener("focusin", fill);
  document.addEventListener("mouseout", reopen);
  document.addEventListener("focusout", reopen);
})();
