// Page behaviour without inline code (the Content-Security-Policy forbids inline scripts and
// handlers). Loaded once from base.html; listeners are delegated from the document, so they
// also cover content HTMX swaps in later.
//   <button data-confirm="Xoá mục này?">  asks before the click goes ahead (form submit, link)
//   <select data-autosubmit>               submits its form when the value changes
//   the side menu collapses behind its button on small screens (the button is hidden without JS)
//   every table in <main> scrolls inside its own container on narrow screens
//   every file input shows a Vietnamese "Chọn tệp…" button and the chosen file's name instead
//   of the browser's own "Choose File / No file chosen"
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

  function nameFiles(input) {
    var label = input.parentElement.querySelector(".file-name");
    if (!label) { return; }
    var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    label.textContent = names.length ? names.join(", ") : "Chưa chọn tệp";
  }

  function dressFileInputs(root) {
    var inputs = (root || document).querySelectorAll("input[type=file]");
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.parentElement && input.parentElement.classList.contains("file-pick")) { return; }
      if (!input.id) { input.id = "tep-" + Math.random().toString(36).slice(2, 10); }
      var box = document.createElement("span");
      box.className = "file-pick";
      var button = document.createElement("label");
      button.className = "file-button secondary outline";
      button.setAttribute("role", "button");
      button.setAttribute("for", input.id);
      button.setAttribute("aria-hidden", "true");
      button.textContent = input.multiple ? "Chọn tệp… (có thể chọn nhiều)" : "Chọn tệp…";
      var name = document.createElement("span");
      name.className = "file-name";
      name.setAttribute("aria-live", "polite");
      input.parentElement.insertBefore(box, input);
      box.appendChild(input);
      box.appendChild(button);
      box.appendChild(name);
      nameFiles(input);
    });
  }

  function setUp() {
    wrapTables(document);
    dressFileInputs(document);
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
    dressFileInputs(event.target instanceof Element ? event.target : document);
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-confirm]") : null;
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("change", function (event) {
    if (event.target instanceof HTMLInputElement && event.target.type === "file") {
      nameFiles(event.target);
    }
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

// Long jobs: <form data-once> is sent once. Pressing its button disables every submit
// button of the form (the label changes to data-busy-label when given) so a second click
// cannot start the job twice; the server refuses a repeat as well.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-once")) { return; }
    if (form.getAttribute("data-sent") === "1") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-sent", "1");
    form.setAttribute("aria-busy", "true");
    window.setTimeout(function () {  // after the browser has taken the submitter's value
      Array.prototype.forEach.call(form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]"), function (button) {
        button.disabled = true;
        var busy = button.getAttribute("data-busy-label");
        if (busy) { button.textContent = busy; }
      });
    }, 0);
  });
})();
