// zansai what-ifs: the grid follows the form as it is typed (300 ms after the last key). Optional:
// without it the form is a GET and the page comes back with the grid. On the results page it loads
// the grid into its section once that section is near the screen.
(function () {
  "use strict";
  if (!window.fetch) { return; }
  var form = document.getElementById("wi-form");
  var body = document.getElementById("wi-body");
  var status = document.getElementById("wi-status");
  var timer = null;
  var seq = 0;

  function load(target, url) {
    var mine = ++seq;
    target.classList.add("stale");
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null || mine !== seq) { return; }
        target.innerHTML = html;
        target.classList.remove("stale");
        if (status) {
          var first = target.querySelector(".wi-break-evens li");
          status.textContent = first ? first.textContent : "";
        }
      })
      .catch(function () { target.classList.remove("stale"); });
  }

  if (form && body) {
    var update = function () {
      var params = new URLSearchParams(new FormData(form));
      load(body, form.getAttribute("data-grid") + "?" + params.toString());
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", form.getAttribute("action") + "?" + params.toString());
      }
    };
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 300); });
  }
  // On the results page the grid is asked for when its section comes near the screen: a phone
  // that never scrolls so far does not compute it while the page is still loading.
  var section = document.getElementById("whatif-section");
  if (section && section.getAttribute("data-grid")) {
    var start = function () { load(section.querySelector(".wi-slot"), section.getAttribute("data-grid")); };
    if (window.IntersectionObserver) {
      var near = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) { near.disconnect(); start(); }
      }, { rootMargin: "600px 0px" });
      near.observe(section);
    } else {
      start();
    }
  }
})();
