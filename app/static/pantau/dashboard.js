// The dashboard's charts, drawn from the figures the page carries as JSON (no inline script: CSP).
(function () {
  var year = document.querySelector("[data-submit-on-change]");
  if (year) { year.addEventListener("change", function () { year.form.submit(); }); }
  if (typeof Chart === "undefined") { return; }
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  function bar(id, rows, label, key) {
    new Chart(document.getElementById(id), {type: "bar", data: {labels: rows.map(function (r) { return r.name || r.label; }),
      datasets: [{label: label, data: rows.map(function (r) { return r[key]; })}]}, options: {indexAxis: "y", plugins: {legend: {display: false}}}});
  }
  bar("chart-ikm", data.ikm_units, labels.ikm, "ikm");
  bar("chart-opd", data.complaints.by_opd, labels.complaints, "count");
  new Chart(document.getElementById("chart-status"), {type: "doughnut", data: {labels: data.complaints.by_status.map(function (r) { return r.label; }),
    datasets: [{data: data.complaints.by_status.map(function (r) { return r.count; })}]}, options: {aspectRatio: 1.6}});
  new Chart(document.getElementById("chart-compliance"), {type: "line", data: {labels: data.compliance.map(function (r) { return r.month; }),
    datasets: [{label: labels.verify, data: data.compliance.map(function (r) { return r.verify; })},
               {label: labels.resolve, data: data.compliance.map(function (r) { return r.resolve; })}]},
    options: {scales: {y: {min: 0, max: 100}}}});
})();
