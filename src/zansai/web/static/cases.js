// zansai: the case list's status selects save on change (the Set button stays for pages without JavaScript).
(function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
    var button = s.form && s.form.querySelector(".status-set");
    if (button) { button.style.display = "none"; }
    s.addEventListener("change", function () { s.form.submit(); });
  });
})();
