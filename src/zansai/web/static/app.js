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
  // A refused save: the summary of every problem takes the focus (its lines link to the fields).
  var summary = document.getElementById("form-errors");
  if (summary) { summary.focus(); }
  var lang = document.documentElement.lang === "en" ? "en" : "ja";

  // People are typed once, in the people section; every "who" field offers them by name, live.
  function person(i) {
    var input = form.querySelector('[name="people[' + i + '].name"]');
    var name = input ? input.value.trim() : "";
    form.querySelectorAll('.person-name[data-person="' + i + '"], option[data-person="' + i + '"]')
      .forEach(function (el) { el.textContent = name || el.getAttribute("data-empty"); });
    form.querySelectorAll('.person[data-person="' + i + '"]').forEach(function (el) {
      el.classList.toggle("unnamed", !name);
    });
  }
  form.querySelectorAll('[name^="people["][name$="].name"]').forEach(function (input) {
    var i = input.name.replace(/^people\[(\d+)\]\.name$/, "$1");
    input.addEventListener("input", function () { person(i); });
  });

  var timer = null;
  var touched = {};
  // After a refused save, every message shows; before that, only those of fields the user changed.
  var all = !!summary;
  function slot(el, cls, text) {
    var s = el.querySelector("." + cls);
    if (s) { s.textContent = text; }
  }
  function fieldOf(name) {
    return form.querySelector('.field[data-field="' + (name || "").replace(/"/g, "") + '"]');
  }
  function show(errors, questions) {
    form.querySelectorAll(".field").forEach(function (el) {
      el.classList.remove("invalid", "asked");
      slot(el, "error", "");
      slot(el, "question", "");
      el.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
    });
    errors.forEach(function (e) {
      var name = e.place || e.field;
      if (!all && !touched[name]) { return; }
      var el = fieldOf(name);
      if (!el) { return; }
      el.classList.add("invalid");
      var input = el.querySelector("input:not([type=hidden]), select, textarea, fieldset");
      if (input) { input.setAttribute("aria-invalid", "true"); }
      // shown under its own field, in words: no field path, no file name
      slot(el, "error", lang === "en" ? e.detail_en : e.detail_ja);
    });
    (questions || []).forEach(function (q) {
      var el = fieldOf(q.field);
      if (!el || !touched[q.field]) { return; }
      el.classList.add("asked");
      slot(el, "question", lang === "en" ? q.en : q.ja);
    });
  }
  function check() {
    var body = new URLSearchParams(new FormData(form));
    fetch("/cases/validate", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { show(data.errors, data.questions); } })
      .catch(function () { /* offline or stopped: the server checks again on save */ });
  }
  form.addEventListener("change", function (ev) {
    if (ev.target && ev.target.name) { touched[ev.target.name] = true; }
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });
})();
