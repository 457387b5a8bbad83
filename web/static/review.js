// The review page, faster with JavaScript (it works without: every button is a form post).
// - A selection in the document's text fills the "make a statement" form with its offsets.
// - Actions post in the background (Accept: application/json) and the page's text and proposal
//   groups are swapped in from a fresh GET: no full reload, the current row stays current.
// - The text is shown one part at a time: moving to a proposal in another part swaps that part in.
// - Keys: j/k (or arrows) next/previous proposal, a accept, r reject, u undo, e edit (Escape
//   closes), x select for "Accept selected", A accept all exact mentions, R reject the rest of
//   the current row's group. Errors show in place (#review-error).
(function () {
  "use strict";
  function offset(node, inNode) {
    var el = node.nodeType === 3 ? node.parentNode : node;
    var seg = el.closest ? el.closest(".seg") : null;
    if (!seg) return null;
    var walker = document.createTreeWalker(seg, NodeFilter.SHOW_TEXT);
    var n = 0, t;
    while ((t = walker.nextNode())) {
      if (t === node) return parseInt(seg.dataset.start, 10) + n + inNode;
      n += t.length;
    }
    return parseInt(seg.dataset.start, 10) + inNode;
  }
  document.addEventListener("mouseup", function () {
    var sel = window.getSelection();
    var text = document.getElementById("doctext");
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !text) return;
    var r = sel.getRangeAt(0);
    if (!text.contains(r.startContainer) || !text.contains(r.endContainer)) return;
    var a = offset(r.startContainer, r.startOffset), b = offset(r.endContainer, r.endOffset);
    if (a === null || b === null) return;
    var s = document.getElementById("add-start"), e = document.getElementById("add-end");
    if (s && e) { s.value = Math.min(a, b); e.value = Math.max(a, b); }
  });

  var current = null;          // id of the current proposal
  var busy = false;
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr[data-id]")); }
  function row(id) { return document.getElementById("row-" + id); }
  function setCurrent(tr) {
    if (!tr) return;
    rows().forEach(function (r) { r.classList.remove("current"); r.removeAttribute("aria-current"); });
    document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    tr.classList.add("current");
    tr.setAttribute("aria-current", "true");
    current = tr.dataset.id;
    document.querySelectorAll("mark[data-proposals]").forEach(function (m) {
      if ((" " + m.dataset.proposals + " ").indexOf(" " + current + " ") >= 0) m.classList.add("current");
    });
    tr.focus({ preventScroll: true });
    tr.scrollIntoView({ block: "nearest" });
    var elsewhere = tr.querySelector("a.in-text");
    if (elsewhere && !busy) showPart(elsewhere.getAttribute("href"));
  }
  // The text is shown one part at a time: a current proposal in another part brings its part in
  // (the address follows, so a refresh after an action keeps it).
  function showPart(href) {
    busy = true;
    history.replaceState(null, "", href.split("#")[0]);
    return refresh().catch(function (err) { showError(String(err.message || err)); })
      .then(function () { busy = false; });
  }
  function move(step) {
    var all = rows();
    var i = all.findIndex(function (r) { return r.dataset.id === current; });
    setCurrent(all[Math.max(0, Math.min(all.length - 1, i < 0 ? 0 : i + step))]);
  }
  function showError(message) {
    var p = document.getElementById("review-error");
    if (!p) return;
    p.textContent = message || "";
    p.hidden = !message;
  }
  function send(form, action) {
    if (busy) return;
    var data = new FormData(form);
    if (action) data.set("action", action);
    busy = true;
    fetch(form.getAttribute("action") || window.location.pathname, {   // form.action is shadowed by input "action"
      method: "POST", body: data, headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) throw new Error((body && body.error && (body.error.message || body.error.title)) || ("HTTP " + r.status));
        return body;
      });
    }).then(function () {
      showError("");
      return refresh();
    }).catch(function (err) {
      showError(String(err.message || err));
    }).then(function () { busy = false; });
  }
  function refresh() {
    return fetch(window.location.pathname + window.location.search, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        ["doctext", "text-parts", "proposals", "status"].forEach(function (id) {
          var fresh = doc.getElementById(id), old = document.getElementById(id);
          if (fresh && old) old.replaceWith(fresh);
        });
        var counts = doc.querySelector(".review > p:nth-of-type(2)"), here = document.querySelector(".review > p:nth-of-type(2)");
        if (counts && here) here.replaceWith(counts);
        wire();
        if (window.kgTypeahead) window.kgTypeahead(document.getElementById("proposals"));
        setCurrent(row(current) || rows()[0]);
        document.body.dataset.refreshed = String((parseInt(document.body.dataset.refreshed || "0", 10)) + 1);
      });
  }
  function wire() {
    document.querySelectorAll("#proposals form, #status form").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var button = ev.submitter;
        var tr = form.closest("tr[data-id]");
        if (tr) current = tr.dataset.id;
        send(form, button && button.name === "action" ? button.value : null);
      });
    });
  }
  function act(name) {
    var tr = row(current);
    if (!tr) return;
    var form = tr.querySelector("form.act");
    if (form && form.querySelector("button[value=" + name + "]")) send(form, name);
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "button" || tag === "summary" || tag === "a") return;   // their own Enter and Space
    if (tag === "input" || tag === "select" || tag === "textarea") {
      if (ev.key === "Escape") {
        var d = ev.target.closest("details");
        if (d) { d.open = false; setCurrent(d.closest("tr")); }
      }
      return;
    }
    var tr = row(current);
    switch (ev.key) {
      case "j": case "ArrowDown": move(1); break;
      case "k": case "ArrowUp": move(-1); break;
      case "a": act("accept"); break;
      case "r": act("reject"); break;
      case "u": act("undo"); break;
      case "e":
        var d = tr && tr.querySelector("details.edit");
        if (d) { d.open = true; var f = d.querySelector("select, input:not([type=hidden])"); if (f) f.focus(); }
        break;
      case "x":
        var box = tr && tr.querySelector("input[type=checkbox]");
        if (box) box.checked = !box.checked;
        break;
      case "A":
        var exact = document.querySelector("#bulk-mention");
        if (exact) send(exact, "accept_exact");
        break;
      case "R":
        var g = tr && document.getElementById("bulk-" + tr.dataset.group);
        if (g) send(g, "reject_rest");
        break;
      case "Enter":
        var sel = document.querySelector("#bulk-" + (tr ? tr.dataset.group : "") );
        if (sel && document.querySelector("input[type=checkbox][form=" + sel.id + "]:checked")) send(sel, "accept");
        break;
      default: return;
    }
    ev.preventDefault();
  });
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.fetch || !document.getElementById("proposals")) return;
    wire();
    setCurrent(rows()[0]);
  });
})();
