// The review page: a selection in the document's text fills the "make a statement" form with
// its character offsets (each piece of text carries data-start, its offset in the document).
(function () {
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
})();
