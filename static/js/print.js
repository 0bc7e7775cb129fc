// Print buttons: <button data-print> prints the page (the layout is static/css/print.css).
// The CSP forbids inline onclick handlers, so the button is wired here.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (!button) return;
    event.preventDefault();
    window.print();
  });
})();
