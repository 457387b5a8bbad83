// Typeahead for the search boxes: suggestions from /search.json in a <datalist>.
// Progressive enhancement only: without this script the forms submit to /search.
(function () {
  "use strict";
  function attach(input, n) {
    var endpoint = input.getAttribute("data-typeahead");
    if (!endpoint || !window.fetch) return;
    var list = document.createElement("datalist");
    list.id = "typeahead-" + n;
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    input.parentNode.appendChild(list);
    var hits = [], timer = null, seq = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { list.textContent = ""; hits = []; return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch(endpoint + "?limit=8&q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (data) {
            if (mine !== seq) return;
            hits = data;
            list.textContent = "";
            data.forEach(function (h) {
              var opt = document.createElement("option");
              opt.value = h.label;
              opt.label = (h.types || []).join(", ");
              list.appendChild(opt);
            });
          })
          .catch(function () {});
      }, 150);
    });
    if (input.hasAttribute("data-pick")) return;   // a picker of nodes (the review page): the form posts the name
    input.form.addEventListener("submit", function (ev) {
      var value = input.value.trim();
      for (var i = 0; i < hits.length; i++) {
        if (hits[i].label === value) { ev.preventDefault(); window.location.href = hits[i].url; return; }
      }
    });
  }
  var attached = 0;
  function attachAll(root) {
    var inputs = (root || document).querySelectorAll("input[data-typeahead]:not([list])");
    for (var i = 0; i < inputs.length; i++) attach(inputs[i], attached++);
  }
  window.kgTypeahead = attachAll;     // the review page calls it again after it swaps its proposals in
  document.addEventListener("DOMContentLoaded", function () { attachAll(document); });
})();
