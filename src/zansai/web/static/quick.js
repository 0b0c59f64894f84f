// zansai quick check: the answer follows the questions as they are typed. Optional: without it, the
// "計算する" button posts the form and the page comes back with the answer.
(function () {
  "use strict";
  var form = document.getElementById("quick-form");
  var body = document.getElementById("quick-answer-body");
  if (!form || !body || !window.fetch) { return; }
  var summary = document.getElementById("quick-errors");
  if (summary) {
    // After a refused post: focus the list of problems (again once the page has scrolled to its anchor).
    summary.focus();
    window.addEventListener("load", function () { setTimeout(function () { summary.focus(); }, 0); });
  }
  var status = document.getElementById("quick-status");
  var touched = {};
  var timer = null;
  var seq = 0;

  // Each question's message: only for the questions already answered, and "missing" ones never while typing.
  function showProblems() {
    var list = body.querySelectorAll(".q-problems li");
    var byField = {};
    list.forEach(function (li) {
      if (li.getAttribute("data-missing") !== "1") { byField[li.getAttribute("data-field")] = li.textContent; }
    });
    form.querySelectorAll(".q-field").forEach(function (el) {
      var name = el.getAttribute("data-field");
      var input = el.querySelector("input");
      var slot = el.querySelector(".error");
      var text = touched[name] ? byField[name] : "";
      if (text) {
        el.classList.add("invalid");
        if (input) { input.setAttribute("aria-invalid", "true"); }
        if (slot) { slot.textContent = text; }
      } else if (touched[name] || !summary) {
        el.classList.remove("invalid");
        if (input) { input.removeAttribute("aria-invalid"); }
        if (slot) { slot.textContent = ""; }
      }
    });
  }

  function update() {
    var mine = ++seq;
    var data = new URLSearchParams(new FormData(form));
    var result = document.getElementById("quick-result");
    if (result) { result.classList.add("stale"); }
    fetch("/quick/answer", { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null || mine !== seq) { return; }
        var open = {};
        body.querySelectorAll("details[id]").forEach(function (d) { open[d.id] = d.open; });
        body.innerHTML = html;
        Object.keys(open).forEach(function (id) {
          var d = document.getElementById(id);
          if (d) { d.open = open[id]; }
        });
        showProblems();
        var big = document.getElementById("quick-big");
        var label = body.querySelector(".q-big-label");
        if (status) { status.textContent = big && label ? label.textContent + " " + big.textContent : ""; }
      })
      .catch(function () { /* offline or stopped: the button still posts the form */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  }
  // Every keystroke asks again (300 ms after the last); a question's message waits until it is left.
  form.addEventListener("input", later);
  form.addEventListener("change", function (ev) {
    if (ev.target && ev.target.name) { touched[ev.target.name] = true; }
    later();
  });
})();
