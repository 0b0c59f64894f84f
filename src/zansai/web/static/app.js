// zansai: small, optional enhancements. Every page works without them.
(function () {
  "use strict";
  var form = document.getElementById("case-form");
  var toggle = document.getElementById("advanced-toggle");
  if (form && toggle) {
    toggle.addEventListener("change", function () {
      form.classList.toggle("advanced", toggle.checked);
      document.getElementById("advanced-flag").value = toggle.checked ? "1" : "0";
    });
  }
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (ev) {
      if (!window.confirm(f.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
  if (!form) { return; }
  var lang = document.documentElement.lang === "en" ? "en" : "ja";
  var timer = null;
  var touched = {};
  // After a refused save, every message shows; before that, only those of fields the user changed.
  var all = !!document.getElementById("form-errors");
  function show(errors) {
    form.querySelectorAll(".field").forEach(function (el) {
      el.classList.remove("invalid");
      var slot = el.querySelector(".error");
      if (slot) { slot.textContent = ""; }
    });
    errors.forEach(function (e) {
      if (!all && !touched[e.field]) { return; }
      var el = form.querySelector('.field[data-field="' + (e.field || "").replace(/"/g, "") + '"]');
      if (!el) { return; }
      el.classList.add("invalid");
      var slot = el.querySelector(".error");
      // shown under its own field: the message without "case: loans[0].rate = x:"
      var text = lang === "en" ? e.detail_en : e.detail_ja;
      if (slot) { slot.textContent = text; }
    });
  }
  function check() {
    var body = new URLSearchParams(new FormData(form));
    fetch("/cases/validate", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { show(data.errors); } })
      .catch(function () { /* offline or stopped: the server checks again on save */ });
  }
  form.addEventListener("change", function (ev) {
    if (ev.target && ev.target.name) { touched[ev.target.name] = true; }
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });
})();
