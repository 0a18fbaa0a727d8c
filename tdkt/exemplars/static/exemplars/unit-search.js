// A search box above each <select data-search="placeholder">: typing words (with or without
// Vietnamese diacritics, in any order) keeps only the options containing every word. Without
// JavaScript the plain list still works.
(function () {
  "use strict";

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function setUp(select) {
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = select.getAttribute("data-search") || "Tìm";
    input.setAttribute("aria-label", input.placeholder);
    input.setAttribute("aria-controls", select.id);
    input.className = "unit-search";
    select.parentNode.insertBefore(input, select);
    var options = Array.prototype.slice.call(select.options).map(function (o) {
      return { option: o, key: fold(o.textContent) };
    });
    input.addEventListener("input", function () {
      var q = fold(input.value);
      var words = q ? q.split(" ") : [];
      var firstShown = null;
      options.forEach(function (row) {
        var show = !row.option.value || words.every(function (w) {
          return row.key.indexOf(w) !== -1;
        });
        row.option.hidden = !show;
        row.option.disabled = !show;
        if (show && row.option.value && !firstShown) { firstShown = row.option; }
      });
      var current = select.options[select.selectedIndex];
      if (q && firstShown && (!current || current.hidden || !current.value)) {
        firstShown.selected = true;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-search]"), setUp);
  });
})();
