// Page behaviour without inline code (the Content-Security-Policy forbids inline scripts and
// handlers). Loaded once from base.html; listeners are delegated from the document, so they
// also cover content HTMX swaps in later.
//   <button data-confirm="Xoá mục này?">  asks before the click goes ahead (form submit, link)
//   <select data-autosubmit>               submits its form when the value changes
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-confirm]") : null;
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("change", function (event) {
    var field = event.target instanceof Element ? event.target.closest("[data-autosubmit]") : null;
    if (field && field.form) {
      if (typeof field.form.requestSubmit === "function") {
        field.form.requestSubmit();
      } else {
        field.form.submit();
      }
    }
  });
})();
