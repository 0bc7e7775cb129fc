// The floor board's steppers: − / + next to a number field change it by one within its bounds.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-stepper] [data-step]");
    if (!button) { return; }
    var input = button.parentElement.querySelector("input");
    if (!input) { return; }
    var value = parseInt(input.value, 10);
    if (isNaN(value)) { value = 0; }
    value += parseInt(button.getAttribute("data-step"), 10);
    var min = input.hasAttribute("min") ? parseInt(input.getAttribute("min"), 10) : 0;
    var max = input.hasAttribute("max") ? parseInt(input.getAttribute("max"), 10) : 9999;
    input.value = Math.max(min, Math.min(max, value));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();
