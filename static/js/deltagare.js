// Progressive enhancement of the participant form: with Samtycke = Nej the background
// fields are hidden (the server clears them on save whether or not this script runs).
(function () {
  "use strict";
  function init() {
    var bakgrund = document.querySelector("[data-bakgrund]");
    var radios = document.querySelectorAll('input[name="samtycke"]');
    if (!bakgrund || !radios.length) { return; }
    function uppdatera() {
      var nej = document.querySelector('input[name="samtycke"][value="False"]:checked');
      bakgrund.hidden = Boolean(nej);
    }
    radios.forEach(function (radio) { radio.addEventListener("change", uppdatera); });
    uppdatera();
  }
  function fokuseraFel() {
    // Moves keyboard and screen-reader focus to the error summary after a refused save.
    var fel = document.getElementById("felsammanfattning");
    if (fel) { fel.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { init(); fokuseraFel(); });
})();
