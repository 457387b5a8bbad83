/* The SPARQL query editor: YASGUI on this app's own /sparql, fully offline.
 * Data comes from the page: data-endpoint on #yasgui and the examples in the
 * <script type="application/json" id="sparql-examples"> block (no inline script runs).
 */
(function () {
  "use strict";

  function status(root, text) {
    var el = root.querySelector(".editor-status");
    if (el) el.textContent = text;
  }

  function readExamples() {
    var el = document.getElementById("sparql-examples");
    if (!el) return [];
    try { return JSON.parse(el.textContent || "[]"); } catch (e) { return []; }
  }

  function start() {
    var root = document.getElementById("yasgui");
    if (!root) return;
    if (typeof window.Yasgui !== "function") {
      status(root, "The editor library did not load (web/static/vendor/yasgui.min.js: run scripts/build-frontend.sh).");
      return;
    }
    var Yasgui = window.Yasgui;
    var endpoint = new URL(root.getAttribute("data-endpoint") || "/sparql", window.location.href).href;
    var examples = readExamples();
    var byName = {};
    examples.forEach(function (ex) { byName[ex.name] = ex; });

    // The class and property autocompleters ask a vocabulary service on another host:
    // drop them so the page needs nothing but this server. Prefixes and keywords stay.
    Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(function (n) {
      return n !== "class" && n !== "property";
    });
    var firstQuery = examples.length ? examples[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10\n";
    Yasgui.Yasqe.defaults.value = firstQuery;

    var yasgui = new Yasgui(root, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: false,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      persistenceId: "policy-kg-sparql",
      tabName: "Query",
      yasqe: { value: firstQuery },
      yasr: { defaultPlugin: "table" }
    });
    // Tabs restored from an earlier visit may point at another port or host: keep them on ours.
    Object.keys(yasgui._tabs).forEach(function (id) {
      var tab = yasgui.getTab(id);
      if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
    });

    function openExample(name) {
      var ex = byName[name];
      if (!ex) return null;
      var existing = null;
      Object.keys(yasgui._tabs).forEach(function (id) {
        var tab = yasgui.getTab(id);
        if (tab && tab.getName() === ex.title) existing = tab;
      });
      var tab;
      if (existing) {
        yasgui.selectTabId(existing.getId());
        tab = existing;
        tab.setQuery(ex.query);
      } else {
        tab = yasgui.addTab(true, { name: ex.title, yasqe: { value: ex.query }, requestConfig: { endpoint: endpoint, method: "POST" } });
      }
      document.querySelectorAll("nav.examples button[data-example]").forEach(function (b) {
        b.setAttribute("aria-current", b.getAttribute("data-example") === name ? "true" : "false");
      });
      status(root, "Opened example: " + ex.title);
      return tab;
    }

    document.querySelectorAll("nav.examples button[data-example]").forEach(function (button) {
      button.addEventListener("click", function () { openExample(button.getAttribute("data-example")); });
    });
    yasgui.on("queryResponse", function (instance, tab) { status(root, "Answered: " + tab.getName()); });

    window.policyKgEditor = { yasgui: yasgui, openExample: openExample, endpoint: endpoint };
    root.setAttribute("data-ready", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
