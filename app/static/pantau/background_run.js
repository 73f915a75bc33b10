// The page of a background import or export (templates/background/run.html): poll its status, reload when done.
(function () {
  var box = document.getElementById("background-run");
  if (box.getAttribute("data-finished") === "yes") { return; }
  function poll() {
    fetch(box.getAttribute("data-status-url"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.finished) { window.location.reload(); return; }
        document.getElementById("background-run-status").textContent = data.status_label;
        document.getElementById("background-run-progress").textContent = data.progress;
        if (data.progress_total) {
          document.getElementById("background-run-bar").style.width =
            Math.floor(100 * (data.progress_done || 0) / data.progress_total) + "%";
        }
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 10000); });
  }
  setTimeout(poll, 1000);
})();
