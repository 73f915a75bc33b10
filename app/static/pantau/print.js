// The poster's print button (no inline event handler: CSP).
document.getElementById("skm-poster-print").addEventListener("click", function () { window.print(); });
