// Page behaviour without inline code (the Content-Security-Policy forbids inline scripts and
// handlers). Loaded once from base.html; listeners are delegated from the document, so they
// also cover content HTMX swaps in later.
//   <button data-confirm="Xoá mục này?">  asks before the click goes ahead (form submit, link)
//   <select data-autosubmit>               submits its form when the value changes
//   the side menu collapses behind its button on small screens (the button is hidden without JS)
//   every table in <main> scrolls inside its own container on narrow screens
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function wrapTables(root) {
    var tables = (root || document).querySelectorAll("main table");
    Array.prototype.forEach.call(tables, function (table) {
      var parent = table.parentElement;
      if (!parent || parent.classList.contains("table-scroll")) { return; }
      var box = document.createElement("div");
      box.className = "table-scroll";
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      var caption = table.querySelector("caption");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Bảng (cuộn ngang)");
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  function setUp() {
    wrapTables(document);
    var toggle = document.querySelector(".menu-toggle");
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        toggle.closest(".sidenav").classList.toggle("open", open);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    wrapTables(event.target instanceof Element ? event.target : document);
  });

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
