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
      var files = document.getElementById("pantau-run-files");
      files.textContent = "";
      (data.files || []).forEach(function (item) {
        var extra = document.createElement("a");
        extra.className = "btn btn-default";
        extra.setAttribute("href", item.download_url);
        extra.textContent = " " + item.file_name;
        var icon = document.createElement("i");
        icon.className = /\.pdf$/.test(item.file_name) ? "fa fa-file-pdf" : "fa fa-file-word";
        extra.insertBefore(icon, extra.firstChild);
        files.appendChild(document.createTextNode(" "));
        files.appendChild(extra);
      });
    }
    var hint = document.getElementById("pantau-run-pdf-hint");
    hint.textContent = data.pdf_hint || "";
    hint.style.display = data.pdf_hint ? "" : "none";
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
