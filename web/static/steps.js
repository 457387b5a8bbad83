// Trace page: a path row's arrow leads to a step (#step-N); on a page whose steps are folded, open
// the step's <details> (Chromium opens it on fragment navigation by itself; this covers the rest).
(function () {
  "use strict";
  function openStep() {
    var el = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var d = el && el.querySelector("details");
    if (d && !d.open) d.open = true;
  }
  window.addEventListener("hashchange", openStep);
  document.addEventListener("DOMContentLoaded", openStep);
})();
