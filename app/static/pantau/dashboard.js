// The dashboard's charts, drawn from the figures the page carries as JSON (no inline script: CSP).
// A chart whose canvas is absent (no data for the year: the page says so in words) is skipped; long unit and
// OPD names come as two short lines with the full name in the tooltip; months by name; numbers in the page's
// language.
(function () {
  var year = document.querySelector("[data-submit-on-change]");
  if (year) { year.addEventListener("change", function () { year.form.submit(); }); }
  if (typeof Chart === "undefined") { return; }
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  var locale = document.documentElement.lang || "id";
  function element(id) { return document.getElementById(id); }
  function bar(id, rows, label, key, scale) {
    if (!element(id)) { return; }
    new Chart(element(id), {type: "bar", data: {labels: rows.map(function (r) { return r.lines || r.name || r.label; }),
      datasets: [{label: label, data: rows.map(function (r) { return r[key]; })}]},
      options: {locale: locale, indexAxis: "y", scales: scale ? {x: scale} : {}, plugins: {legend: {display: false},
        tooltip: {callbacks: {title: function (items) { var r = rows[items[0].dataIndex]; return r.name || r.label; }}}}}});
  }
  bar("chart-ikm", data.ikm_units, labels.ikm, "ikm", {min: 0, max: 100});  // the IKM scale, as in the workbook
  bar("chart-opd", data.complaints.by_opd, labels.complaints, "count");
  if (element("chart-status")) {
    new Chart(element("chart-status"), {type: "doughnut", data: {labels: data.complaints.by_status.map(function (r) { return r.label; }),
      datasets: [{data: data.complaints.by_status.map(function (r) { return r.count; })}]}, options: {locale: locale, aspectRatio: 1.6}});
  }
  if (element("chart-compliance")) {
    new Chart(element("chart-compliance"), {type: "line", data: {labels: data.compliance.map(function (r) { return r.month_label; }),
      datasets: [{label: labels.verify, data: data.compliance.map(function (r) { return r.verify; })},
                 {label: labels.resolve, data: data.compliance.map(function (r) { return r.resolve; })}]},
      options: {locale: locale, scales: {y: {min: 0, max: 100}}}});
  }
})();
