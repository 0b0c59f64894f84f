// zansai: the PDF link shows that the PDF is being made (it takes a few seconds) and cannot be
// clicked twice meanwhile. Without JavaScript the link downloads the PDF as usual.
(function () {
  "use strict";
  function filename(response, fallback) {
    var cd = response.headers.get("content-disposition") || "";
    var star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    if (star) { try { return decodeURIComponent(star[1]); } catch (e) { /* fall through */ } }
    var plain = /filename="?([^";]+)"?/i.exec(cd);
    return plain ? plain[1] : fallback;
  }
  document.querySelectorAll("a.pdf-link, a#pdf-link").forEach(function (link) {
    var status = document.createElement("span");
    status.className = "pdf-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    link.insertAdjacentElement("afterend", status);
    link.addEventListener("click", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0 || !window.fetch || !window.URL) { return; }
      ev.preventDefault();
      if (link.getAttribute("aria-disabled") === "true") { return; }
      link.setAttribute("aria-disabled", "true");
      link.setAttribute("aria-busy", "true");
      status.className = "pdf-status busy";
      status.textContent = link.getAttribute("data-progress") || "…";
      fetch(link.href, { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) { throw new Error(String(r.status)); }
          return r.blob().then(function (blob) { return { blob: blob, name: filename(r, "zansai.pdf") }; });
        })
        .then(function (got) {
          var url = URL.createObjectURL(got.blob);
          var a = document.createElement("a");
          a.href = url;
          a.download = got.name;
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
          status.className = "pdf-status done";
          status.textContent = link.getAttribute("data-done") || "";
        })
        .catch(function () {
          status.className = "pdf-status failed";
          status.textContent = link.getAttribute("data-failed") || "";
        })
        .then(function () {
          link.removeAttribute("aria-disabled");
          link.removeAttribute("aria-busy");
        });
    });
  });
})();
