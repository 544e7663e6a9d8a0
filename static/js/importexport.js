// The upload form refuses a file over the size limit before sending it (the server stops
// such an upload at the limit anyway, but the browser then shows a broken connection).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-maxbytes]");
    if (!form) { return; }
    var input = form.querySelector('input[type="file"]');
    var fel = document.getElementById("fil-fel");
    var max = parseInt(form.getAttribute("data-maxbytes"), 10);
    form.addEventListener("submit", function (event) {
      var fil = input && input.files && input.files[0];
      if (fil && fil.size > max) {
        event.preventDefault();
        fel.textContent = "Filen är för stor (högst " + Math.round(max / 1048576) + " MB).";
        input.focus();
      }
    });
  });
})();
