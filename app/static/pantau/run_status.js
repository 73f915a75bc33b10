// A report run's page follows the run's status until its file is ready (no inline script: CSP).
(function () {
  var box = document.getElementById("pantau-run-status");
  var url = box.getAttribute("data-status-url");
  function show(data) {
    document.getElementById("pantau-run-status-label").textContent = data.status_label;
    var finished = data.status === "done" || data.status === "failed";
    document.getElementById("pantau-run-progress").style.display = finished ? "none" : "";
    if (data.download_url) {
      var link = document.querySelector("#pantau-run-download a");
      link.setAttribute("href", data.download_url);
      document.getElementById("pantau-run-download").style.display = "";
    }
    var error = document.getElementById("pantau-run-error");
    error.textContent = data.error || "";
    error.style.display = data.error ? "" : "none";
    return finished;
  }
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (data) { if (!show(data)) { setTimeout(poll, 3000); } })
      .catch(function () { setTimeout(poll, 10000); });
  }
  poll();
})();
