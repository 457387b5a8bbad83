// Interactive neighbourhood on entity pages: the same subgraph as the static diagram,
// read as Cytoscape JSON from /export, drawn with cytoscape.js (served from this app).
// Progressive enhancement only: without this script the static SVG stays.
(function () {
  "use strict";
  var MINUS = "\u2212";
  // label sizes in model px; the initial zoom never draws the smallest below READABLE screen px
  var NODE_PX = 14, EDGE_PX = 13, READABLE = 12;
  var NUDGE = 0.15;   // how far (a share of the box) the centred view may move so that no label is cut

  function loadLibrary(src) {
    if (window.cytoscape) return Promise.resolve(window.cytoscape);
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () { resolve(window.cytoscape); };
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function style(focus) {
    return [
      { selector: "node", style: {
        "label": "data(label)", "text-wrap": "wrap", "text-max-width": 150, "font-size": NODE_PX,
        "text-valign": "center", "text-halign": "center", "shape": "round-rectangle",
        "width": "label", "height": "label", "padding": 8,
        "background-color": "data(fill)", "border-color": "data(border)", "border-width": 1.5 } },
      { selector: "node[id = " + JSON.stringify(focus) + "]", style: { "border-width": 4, "font-weight": "bold" } },
      { selector: "edge", style: {
        "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 1.5,
        "line-color": "#555", "target-arrow-color": "#555", "label": "data(caption)",
        "font-size": EDGE_PX, "text-background-color": "#fff", "text-background-opacity": 0.85,
        "text-rotation": "autorotate" } },
      { selector: "edge[polarity = '-']", style: { "line-style": "dashed" } },
      { selector: "edge[?contested]", style: { "line-color": "#b2401f", "target-arrow-color": "#b2401f" } }
    ];
  }

  // A few nodes read best as a tree from the focus; a hub's neighbours (dozens, one step
  // away) as rings around it, so the figure stays about as high as it is wide.
  function layout(count, focus) {
    if (count <= 15) return { name: "breadthfirst", directed: true, spacingFactor: 1.1, padding: 10 };
    return { name: "concentric", padding: 10, minNodeSpacing: 12, avoidOverlap: true,
      concentric: function (node) { return node.id() === focus ? 2 : 1; },
      levelWidth: function () { return 1; } };
  }

  // Fitting a dozen nodes into the box shrinks them; zoom back in until the smallest label is
  // READABLE px on screen, centred on the page's own node (the rest is a drag away).
  function readable(cy, focus) {
    var smallest = Math.min(NODE_PX, EDGE_PX);
    if (cy.zoom() * smallest >= READABLE) return;
    var node = cy.getElementById(focus);
    cy.zoom(READABLE / smallest);
    if (node.nonempty()) cy.center(node); else cy.center();
  }

  function draw(section, button) {
    var status = section.querySelector(".cy-status");
    button.disabled = true;
    status.textContent = "Loading…";
    Promise.all([
      loadLibrary(section.getAttribute("data-cytoscape")),
      fetch(section.getAttribute("data-cyjs"), { headers: { "Accept": "application/json" } })
        .then(function (r) {
          if (!r.ok) return r.json().then(function (e) { throw new Error(e.error ? e.error.message : r.statusText); });
          return r.json();
        })
    ]).then(function (got) {
      var cytoscape = got[0], data = got[1];
      data.elements.edges.forEach(function (e) {
        var sign = e.data.polarity === "-" ? MINUS : e.data.polarity === "+" ? "+" : "";
        e.data.caption = sign ? sign + " " + e.data.label : e.data.label;
      });
      var box = document.createElement("div");
      box.className = "cy";
      var figure = section.querySelector("figure");
      figure.replaceWith(box);
      var cy = cytoscape({
        container: box, elements: data.elements, style: style(section.getAttribute("data-iri")),
        layout: layout(data.elements.nodes.length, section.getAttribute("data-iri")),
        wheelSensitivity: 0.3
      });
      readable(cy, section.getAttribute("data-iri"));
      section.cy = cy;   // for the browser test, which measures the rendered label sizes
      cy.on("tap", "node", function (evt) {
        var url = evt.target.data("url");
        if (url && url !== section.getAttribute("data-here")) window.location.href = url;
      });
      section.setAttribute("data-nodes", String(cy.nodes().length));
      section.setAttribute("data-edges", String(cy.edges().length));
      status.textContent = cy.nodes().length + " nodes, " + cy.edges().length +
        " edges; drag to move, scroll to zoom, click a node to open its page. Dashed: decreases.";
      button.hidden = true;
    }).catch(function (err) {
      status.textContent = "The interactive view is not available: " + err.message;
      button.disabled = false;
    });
  }

  // The static diagram drawn inline at its own size (labels at least 12 px), scrolled so that
  // the page's own node sits in the middle of the visible area: a hub's diagram is several
  // screens wide, and its top-left corner rarely holds the focus. The <img> stays otherwise.
  function hrefOf(a) {
    return a.getAttribute("href") || a.getAttributeNS("http://www.w3.org/1999/xlink", "href");
  }

  function centre(box, node) {
    var b = box.getBoundingClientRect(), r = node.getBoundingClientRect();
    box.scrollLeft += (r.left + r.width / 2) - (b.left + box.clientLeft + box.clientWidth / 2);
    box.scrollTop += (r.top + r.height / 2) - (b.top + box.clientTop + box.clientHeight / 2);
    unclip(box, node);
  }

  // The scroll position near the centred one at which the visible area's edges cut the fewest
  // labels (a label wholly in view or wholly out of it, never "abou" of "about [2]"), the page's
  // own node staying in view and the view moving no more than NUDGE of the box; found per axis
  // among the positions that put an edge just beside a label. A label wider than the box is cut
  // wherever the box stands and is left out of the count.
  function unclip(box, node) {
    var b = box.getBoundingClientRect(), r = node.getBoundingClientRect();
    var place = function (x) {
      return { x0: x.left - b.left - box.clientLeft + box.scrollLeft, x1: x.right - b.left - box.clientLeft + box.scrollLeft,
               y0: x.top - b.top - box.clientTop + box.scrollTop, y1: x.bottom - b.top - box.clientTop + box.scrollTop };
    };
    var texts = Array.prototype.filter.call(box.querySelectorAll("svg text"), function (t) { return t.textContent.trim(); })
      .map(function (t) { return place(t.getBoundingClientRect()); });
    var f = place(r);
    [["x", "scrollLeft", box.clientWidth, box.scrollWidth], ["y", "scrollTop", box.clientHeight, box.scrollHeight]]
      .forEach(function (axis) {
        var a0 = axis[0] + "0", a1 = axis[0] + "1", size = axis[2], most = axis[3] - size, now = box[axis[1]];
        if (most <= 0) return;
        // only the labels the other axis shows, and that fit the box, count
        var o = axis[0] === "x" ? "y" : "x", o0 = o === "x" ? box.scrollLeft : box.scrollTop;
        var o1 = o0 + (o === "x" ? box.clientWidth : box.clientHeight);
        var seen = texts.filter(function (t) { return t[o + "1"] > o0 && t[o + "0"] < o1 && t[a1] - t[a0] < size - 4; });
        var cuts = function (s) {
          return seen.filter(function (t) {
            return (t[a0] < s - 0.5 && t[a1] > s + 0.5) || (t[a0] < s + size - 0.5 && t[a1] > s + size + 0.5);
          }).length;
        };
        var best = now, fewest = cuts(now);
        if (!fewest) return;
        var candidates = [0, most];
        seen.forEach(function (t) { candidates.push(t[a0] - 2, t[a1] + 2, t[a1] + 2 - size, t[a0] - 2 - size); });
        candidates.forEach(function (s) {
          s = Math.max(0, Math.min(most, Math.round(s)));
          if (f[a0] < s || f[a1] > s + size || Math.abs(s - now) > NUDGE * size) return;
          var n = cuts(s);
          if (n < fewest || (n === fewest && Math.abs(s - now) < Math.abs(best - now))) { best = s; fewest = n; }
        });
        box[axis[1]] = best;
      });
  }

  function inline(section) {
    var figure = section.querySelector("figure.diagram"), img = figure && figure.querySelector("img");
    if (!img) return Promise.resolve();
    return fetch(img.getAttribute("src"), { headers: { "Accept": "image/svg+xml" } }).then(function (r) {
      if (!r.ok) throw new Error(r.statusText);
      return r.text();
    }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, "image/svg+xml");
      if (doc.documentElement.nodeName !== "svg") throw new Error("not an SVG");
      var svg = document.importNode(doc.documentElement, true);
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", img.getAttribute("alt") || "");
      img.parentNode.replaceWith(svg);
      // the page's node, or (a causal link's page) the link drawn as an edge
      var here = section.getAttribute("data-here"), focus = null;
      Array.prototype.forEach.call(svg.querySelectorAll("g.node a, g.edge a"), function (a) {
        if (!focus && hrefOf(a) === here) focus = a.closest("g.node, g.edge");
      });
      if (focus) {
        focus.classList.add("focus");
        // an edge's box spans its whole curve: centre a link's page on the link's caption
        centre(figure, focus.classList.contains("edge") ? focus.querySelector("text") || focus : focus);
      }
      section.setAttribute("data-diagram", focus ? "centred" : "inline");
    }).catch(function () {
      section.setAttribute("data-diagram", "image");   // the <img> stays as it was
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.querySelector("section[data-cyjs]");
    if (!section || !window.fetch || !window.Promise) return;
    inline(section);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cy-open";
    button.textContent = "Explore interactively";
    var status = document.createElement("p");
    status.className = "cy-status muted";
    status.setAttribute("role", "status");
    section.querySelector("h2").after(button, status);
    button.addEventListener("click", function () { draw(section, button); });
  });
})();
