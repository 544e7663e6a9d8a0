// Before the session ends for inactivity (DJANGO_SESSION_SECONDS, an hour by default), warn
// and offer to stay logged in (WCAG 2.2.1): otherwise a form filled in slowly is lost on
// sending, to the login page. Every request extends the session (SESSION_SAVE_EVERY_REQUEST);
// the time of the last one is shared between the user's tabs through localStorage, so work in
// one tab keeps the others from warning.
(function () {
  "use strict";
  var NYCKEL = "deltagaruppfoljning.senast";

  function init() {
    var ruta = document.getElementById("sessionsvarning");
    if (!ruta) { return; }
    var sekunder = parseInt(document.body.dataset.sessionSekunder, 10);
    if (!(sekunder > 0)) { return; }
    // Five minutes before the end, or halfway for short sessions.
    var varnaVid = Math.min(300, sekunder / 2) * 1000;
    var text = ruta.querySelector("[data-text]");
    var knapp = ruta.querySelector("[data-forlang]");
    var utloggad = ruta.querySelector("[data-utloggad]");
    var visad = false;

    function senast() {
      var varde = parseInt(window.localStorage.getItem(NYCKEL), 10);
      return varde > 0 ? varde : Date.now();
    }
    function markera() { window.localStorage.setItem(NYCKEL, String(Date.now())); }

    function kontrollera() {
      var kvar = senast() + sekunder * 1000 - Date.now();
      if (kvar <= 0) {
        text.hidden = true;
        knapp.hidden = true;
        utloggad.hidden = false;
        ruta.hidden = false;
        return;
      }
      if (kvar <= varnaVid) {
        var minuter = Math.max(1, Math.ceil(kvar / 60000));
        text.textContent = ruta.dataset.mall.replace("%(minuter)s", String(minuter));
        if (!visad) {
          ruta.hidden = false;
          knapp.focus();
          visad = true;
        }
      } else if (visad) {
        ruta.hidden = true;
        visad = false;
      }
    }

    knapp.addEventListener("click", function () {
      var csrf = document.querySelector('input[name="csrfmiddlewaretoken"]');
      fetch(ruta.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf ? csrf.value : "" },
      }).then(function (svar) {
        if (svar.status === 204) {
          markera();
        } else {
          // Already logged out (a redirect to the login page): say so.
          window.localStorage.setItem(NYCKEL, "1");
        }
        kontrollera();
      });
    });

    markera();
    window.setInterval(kontrollera, 1000);
  }
  document.addEventListener("DOMContentLoaded", init);
})();
