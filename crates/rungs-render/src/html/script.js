(function () {
  "use strict";
  var doc = document;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var authors = doc.querySelectorAll("details.author");
  var table = doc.getElementById("team-table");
  var rows = table ? Array.prototype.slice.call(table.tBodies[0].rows) : [];

  // Filter the team table and the author sections by name or email.
  var filter = doc.getElementById("filter");
  var count = doc.getElementById("filter-count");
  if (filter) {
    filter.parentNode.hidden = false;
    filter.addEventListener("input", function () {
      var query = filter.value.trim().toLowerCase();
      var shown = 0;
      var match = function (el) {
        return !query || (el.getAttribute("data-key") || "").indexOf(query) !== -1;
      };
      rows.forEach(function (row) {
        row.hidden = !match(row);
        if (!row.hidden) { shown += 1; }
      });
      each(authors, function (a) { a.hidden = !match(a); });
      count.textContent = query ? shown + " of " + rows.length + " shown" : "";
    });
  }
  var setAll = function (open) {
    each(authors, function (a) { if (!a.hidden) { a.open = open; } });
  };
  var expand = doc.getElementById("expand-all");
  var collapse = doc.getElementById("collapse-all");
  if (expand) { expand.addEventListener("click", function () { setAll(true); }); }
  if (collapse) { collapse.addEventListener("click", function () { setAll(false); }); }

  // Sort the team table by a column: numbers largest first, text A to Z; again reverses.
  if (table) {
    var heads = table.tHead.rows[0].cells;
    each(heads, function (th, column) {
      var kind = th.getAttribute("data-sort");
      if (!kind) { return; }
      var button = doc.createElement("button");
      button.type = "button";
      button.title = "Sort by " + th.textContent;
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var was = th.getAttribute("aria-sort");
        var first = kind === "num" ? "descending" : "ascending";
        var order = was === first ? (first === "ascending" ? "descending" : "ascending") : first;
        each(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", order);
        var sign = order === "ascending" ? 1 : -1;
        var keyed = rows.map(function (row, index) {
          var cell = row.cells[column];
          var value = cell.getAttribute("data-v");
          if (value === null) { value = cell.textContent; }
          return { row: row, index: index, value: kind === "num" ? Number(value) : value.toLowerCase() };
        });
        keyed.sort(function (a, b) {
          if (a.value < b.value) { return -sign; }
          if (a.value > b.value) { return sign; }
          return a.index - b.index;
        });
        var body = table.tBodies[0];
        keyed.forEach(function (k) { body.appendChild(k.row); });
      });
    });
  }

  // Open the author a link points to.
  var openTarget = function () {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? doc.getElementById(id) : null;
    if (target && target.tagName === "DETAILS" && !target.open) {
      target.open = true;
      target.scrollIntoView();
    }
  };
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // Print every author, then put back what was closed.
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    each(authors, function (a) {
      if (!a.open) { a.open = true; reopened.push(a); }
    });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (a) { a.open = false; });
    reopened = [];
  });
})();
