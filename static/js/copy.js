// "Copy" buttons: <button data-copy-from="input-id" data-copy-status="status-id"> copies the input's
// value to the clipboard and says so in the status element (a polite live region).
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copyFrom);
      var status = document.getElementById(button.dataset.copyStatus);
      var said = function (text) { if (status) { status.textContent = text; } };
      if (!field) { return; }
      field.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(
          function () { said("Copied."); },
          function () { said("Press Ctrl+C (or Cmd+C) to copy the selected address."); }
        );
      } else {
        said("Press Ctrl+C (or Cmd+C) to copy the selected address.");
      }
    });
  });
})();
