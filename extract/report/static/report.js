// RKT review site: sorting and filtering of the index; on a document page, links that
// flash the outline (or text line) a record or warning was read from, and layer toggles.
(function () {
  "use strict";

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    var raw = cell ? (cell.getAttribute("data-value") || cell.textContent || "").trim() : "";
    if (!numeric) return raw.toLowerCase();
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }

  function sortTable(table, th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-sort") === "number";
    var current = th.getAttribute("aria-sort");
    // Numbers sort largest first on the first click (most warnings on top), text A-Z.
    var descending = current ? current === "ascending" : numeric;
    Array.prototype.forEach.call(th.parentNode.children, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
      if (x === y) return 0;
      if (x === null || x === "") return 1;   // empty values last in both directions
      if (y === null || y === "") return -1;
      var order = x < y ? -1 : 1;
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function setUpIndex() {
    var table = document.getElementById("documents");
    if (!table) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.addEventListener("click", function () { sortTable(table, th); });
    });
    var filter = document.getElementById("filter");
    var shown = document.getElementById("shown");
    function apply() {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      var count = 0, rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) count += 1;
      });
      shown.textContent = count + " of " + rows.length + " shown";
    }
    filter.addEventListener("input", apply);
    apply();
  }

  function flash(element) {
    element.classList.remove("flash");
    // restart the animation
    void element.getBoundingClientRect();
    element.classList.add("flash");
    window.setTimeout(function () { element.classList.remove("flash"); }, 3500);
  }

  function setUpDocument() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-target]") : null;
      if (!link) return;
      var key = link.getAttribute("data-target");
      var target = document.getElementById(key.indexOf("line-") === 0 ? key : "o-" + key);
      if (!target) return;
      event.preventDefault();
      var page = target.closest(".page, .text-doc");
      if (page && key.indexOf("line-") !== 0) page.scrollIntoView({block: "start"});
      target.scrollIntoView({block: "center"});
      flash(target);
      if (history.replaceState) history.replaceState(null, "", link.getAttribute("href"));
    });
    Array.prototype.forEach.call(document.querySelectorAll("input[data-layer]"), function (box) {
      box.addEventListener("change", function () {
        document.body.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked);
      });
    });
  }

  setUpIndex();
  setUpDocument();
})();
