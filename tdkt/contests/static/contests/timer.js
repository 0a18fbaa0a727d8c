// The countdown of an attempt in progress. The server is authoritative (it records the start
// and refuses late answers); this only shows the time left and submits the form when it runs
// out. The remaining seconds come from the server, so the device's clock does not matter.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function start() {
    var box = document.getElementById("dong-ho");
    if (!box) { return; }
    var out = document.getElementById("dong-ho-so");
    var form = document.getElementById(box.getAttribute("data-form"));
    var total = parseInt(box.getAttribute("data-remaining"), 10) || 0;
    var began = Date.now();
    var sent = false;
    if (form) {
      form.addEventListener("submit", function () { sent = true; });
    }
    function tick() {
      var left = Math.max(0, total - Math.floor((Date.now() - began) / 1000));
      out.textContent = Math.floor(left / 60) + " phút " + pad(left % 60) + " giây";
      if (left <= 60) { box.classList.add("is-short"); }
      if (left <= 0) {
        if (form && !sent) {
          sent = true;
          if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
        }
        return;
      }
      window.setTimeout(tick, 250);
    }
    tick();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
