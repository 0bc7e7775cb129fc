// The counter tally: a key adds one to the business type or product line bearing it in
// data-shortcut; Shift + the key takes one away. Typing in a form field is left alone.
(function () {
  "use strict";
  function keyOf(event) {
    var code = event.code || "";
    if (code.indexOf("Digit") === 0) { return code.slice(5); }
    if (code.indexOf("Numpad") === 0 && code.length === 7) { return code.slice(6); }
    if (code.indexOf("Key") === 0) { return code.slice(3).toLowerCase(); }
    return (event.key || "").toLowerCase();
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var panel = document.querySelector("[data-tally]");
    if (!panel) { return; }
    var key = keyOf(event);
    if (!key) { return; }
    var kind = event.shiftKey ? "data-tally-undo" : "data-tally-add";
    var button = panel.querySelector("[" + kind + "][data-shortcut=\"" + key.replace(/"/g, "") + "\"]");
    if (button && !button.disabled) {
      event.preventDefault();
      button.form.requestSubmit ? button.form.requestSubmit(button) : button.click();
    }
  });
  // A refused tap (report already submitted…) shows the server's message in the panel.
  document.body.addEventListener("htmx:responseError", function (event) {
    var panel = event.target.closest && event.target.closest("[data-tally]");
    if (!panel) { return; }
    var box = panel.querySelector("[data-tally-error]");
    if (box) {
      box.textContent = event.detail.xhr.responseText || "";
      box.classList.remove("d-none");
    }
  });
})();
