// storytrail front end: charts from the data each page embeds, the report's one-page navigation,
// and row filters. Data arrives as JSON in <script type="application/json">, never as markup.
(function () {
  "use strict";

  function chartData(el) {
    return JSON.parse(el.querySelector("script[type='application/json']").textContent);
  }

  var layouts = {
    timeline: function (rows) {
      var bySource = {};
      rows.forEach(function (r) { (bySource[r.source] = bySource[r.source] || []).push(r); });
      return {
        traces: Object.keys(bySource).map(function (s) {
          return { type: "scatter", mode: "markers", name: s, x: bySource[s].map(function (r) { return r.date; }),
                   y: bySource[s].map(function () { return s; }), text: bySource[s].map(function (r) { return r.title; }),
                   hoverinfo: "text+x", marker: { size: 12 } };
        }),
        layout: { showlegend: false, margin: { l: 220, r: 20, t: 20, b: 40 }, xaxis: { type: "date" } }
      };
    },
    speakers: function (rows) {
      rows = rows.slice().reverse();
      return {
        traces: [{ type: "bar", orientation: "h", x: rows.map(function (r) { return r.quotes; }), y: rows.map(function (r) { return r.name; }) }],
        layout: { margin: { l: 180, r: 20, t: 20, b: 40 }, height: Math.max(320, rows.length * 22) }
      };
    },
    trail: function (rows) {
      return {
        traces: [{ type: "scatter", mode: "markers+lines", x: rows.map(function (r) { return r.date; }), y: rows.map(function (r) { return r.source; }),
                   text: rows.map(function (r) { return r.text.slice(0, 120); }), hoverinfo: "text+x", marker: { size: 12 } }],
        layout: { showlegend: false, margin: { l: 220, r: 20, t: 20, b: 40 }, xaxis: { type: "date" } }
      };
    }
  };

  function drawCharts(root) {
    if (!window.Plotly) { return; }
    root.querySelectorAll(".chart").forEach(function (el) {
      if (el.dataset.drawn || el.offsetParent === null) { return; }
      var make = layouts[el.dataset.kind];
      if (!make) { return; }
      var spec = make(chartData(el));
      el.dataset.drawn = "1";
      window.Plotly.newPlot(el, spec.traces, spec.layout, { displaylogo: false, responsive: true, staticPlot: false });
    });
  }

  // The report is one file: each view is a section, the URL hash names the one shown
  // ("#article-ID" or "#article-ID::q-QUOTEID" to show a place inside it).
  function route() {
    var hash = decodeURIComponent(location.hash.slice(1));
    var cut = hash.lastIndexOf("::");
    var sectionId = cut >= 0 ? hash.slice(0, cut) : hash;
    var anchor = cut >= 0 ? hash.slice(cut + 2) : "";
    var section = sectionId ? document.getElementById(sectionId) : null;
    if (!section || !section.classList.contains("view")) { section = document.getElementById("overview"); }
    document.querySelectorAll("section.view.shown").forEach(function (s) { s.classList.remove("shown"); });
    section.classList.add("shown");
    if (!flash(section, anchor)) { window.scrollTo(0, 0); }
    drawCharts(section);
  }

  // Highlight every piece of a marked span (a quote may be cut by the marks inside it) and bring it into view.
  function flash(root, anchor) {
    document.querySelectorAll(".flash").forEach(function (el) { el.classList.remove("flash"); });
    if (!anchor) { return false; }
    var pieces = Array.prototype.filter.call(root.querySelectorAll("[data-mark]"), function (el) { return el.dataset.mark === anchor; });
    if (!pieces.length) { return false; }
    pieces.forEach(function (el) { el.classList.add("flash"); });
    pieces[0].scrollIntoView({ block: "center" });
    return true;
  }

  // The report's filters: a row stays when it has every word asked for, and, for each menu set,
  // the value chosen among its own (a trail's row lists those of all its members, "|"-separated),
  // and, for a date range, a date inside it (a bare end date takes in its whole day).
  function filterRows(form) {
    var asked = {};
    form.querySelectorAll("[data-field]").forEach(function (el) { asked[el.dataset.field] = el.value.trim(); });
    var words = (asked.text || "").toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    document.getElementById(form.dataset.target).querySelectorAll("tr[data-text]").forEach(function (row) {
      var keep = words.every(function (w) { return row.dataset.text.indexOf(w) >= 0; });
      ["kind", "cue", "source", "speaker"].forEach(function (field) {
        if (keep && asked[field]) { keep = (row.dataset[field] || "").split("|").indexOf(asked[field]) >= 0; }
      });
      if (keep && (asked.from || asked.to)) {
        keep = (row.dataset.dates || "").split("|").some(function (d) {
          return d && (!asked.from || d >= asked.from) && (!asked.to || d.slice(0, 10) <= asked.to);
        });
      }
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    form.querySelector(".shown").textContent = shown + " shown";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.row-filters").forEach(function (form) {
      form.addEventListener("input", function () { filterRows(form); });
      form.addEventListener("change", function () { filterRows(form); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    });
    if (document.body.classList.contains("report")) {
      window.addEventListener("hashchange", route);
      route();
    } else {
      drawCharts(document);
      flash(document, decodeURIComponent(location.hash.slice(1)));
      window.addEventListener("hashchange", function () { flash(document, decodeURIComponent(location.hash.slice(1))); });
    }
  });
})();
