// The trace page's diagram is its own request (/trace/diagram.svg): the page is sent with the answer
// and does not wait for Graphviz. This script puts the drawing inline (its node links and text are part
// of the page); without JavaScript the <noscript> <object> in the same <figure> shows the same file.
(function () {
  "use strict";
  function fallback(fig, message) {
    var a = document.createElement("a");
    a.href = fig.dataset.diagram;
    a.textContent = message;
    fig.replaceChildren(a);
  }
  document.querySelectorAll("figure[data-diagram]").forEach(function (fig) {
    fetch(fig.dataset.diagram, { headers: { accept: "image/svg+xml" }, credentials: "same-origin" })
      .then(function (r) { return r.text().then(function (text) { return { ok: r.ok, text: text }; }); })
      .then(function (got) {
        var svg = new DOMParser().parseFromString(got.text, "image/svg+xml").documentElement;
        if (svg.nodeName !== "svg") { fallback(fig, "The diagram could not be read: open it as SVG"); return; }
        fig.replaceChildren(document.importNode(svg, true));   // a failed drawing is an SVG card saying why
        fig.classList.toggle("diagram-failed", !got.ok);
        fig.setAttribute("aria-busy", "false");
      })
      .catch(function () { fallback(fig, "The diagram could not be fetched: open it as SVG"); });
  });
})();
