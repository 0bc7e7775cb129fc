// HallOps page behaviour. No inline scripts: the Content-Security-Policy forbids them,
// so pages mark elements with data- attributes and this file wires them up.
(function () {
  "use strict";

  // <form data-confirm="…">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // <select data-autosubmit>: submit the form when the choice changes.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });

  // <span data-deadline="ISO-8601">: a live countdown; classes mark due-soon and overdue.
  // The words come from the page (data-fmt-*, set by the `countdown` template tag) so the
  // script reads like the server: days and hours, hours and minutes, minutes (hallops.text).
  function fill(fmt, values) {
    return fmt.replace(/%\((\w+)\)s/g, function (all, key) {
      return values[key] !== undefined ? values[key] : all;
    });
  }
  function durationText(el, diff) {
    var total = Math.floor(Math.abs(diff) / 60000);
    var d = Math.floor(total / 1440), h = Math.floor((total % 1440) / 60), m = total % 60;
    var text;
    if (d > 0) {
      text = fill(el.getAttribute("data-fmt-days") || "%(d)s d %(h)s h", { d: d, h: h });
    } else if (h > 0) {
      text = fill(el.getAttribute("data-fmt-hours") || "%(h)s h %(m)s min", { h: h, m: m });
    } else {
      text = fill(el.getAttribute("data-fmt-minutes") || "%(m)s min", { m: m });
    }
    return diff < 0 ? fill(el.getAttribute("data-fmt-overdue") || "%(time)s overdue", { time: text }) : text;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-deadline"));
      if (isNaN(due)) { return; }
      var soon = parseInt(el.getAttribute("data-soon-minutes") || "120", 10) * 60000;
      var diff = due - now;
      el.textContent = durationText(el, diff);
      el.classList.toggle("countdown-overdue", diff < 0);
      el.classList.toggle("countdown-soon", diff >= 0 && diff < soon);
    });
  }
  if (document.querySelector("[data-deadline]")) {
    tick();
    window.setInterval(tick, 30000);
  }

  // <div data-progress-url="…">: poll a JSON endpoint {percent, done, html} until done.
  document.querySelectorAll("[data-progress-url]").forEach(function (box) {
    var url = box.getAttribute("data-progress-url");
    function poll() {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var bar = box.querySelector(".progress-bar");
          if (bar) {
            bar.style.width = (data.percent || 0) + "%";
            bar.setAttribute("aria-valuenow", data.percent || 0);
            bar.textContent = (data.percent || 0) + "%";
          }
          if (data.done) {
            if (data.html !== undefined) { box.innerHTML = data.html; }
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  });
})();
