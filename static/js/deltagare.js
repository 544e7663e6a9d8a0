// Progressive enhancement of the participant form: with Samtycke = Nej the background
// fields are hidden (the server clears them on save whether or not this script runs).
(function () {
  "use strict";
  function init() {
    var bakgrund = document.querySelector("[data-bakgrund]");
    var radios = document.querySelectorAll('input[name="samtycke"]');
    if (!bakgrund || !radios.length) { return; }
    var varning = document.querySelector("[data-samtycke-varning]");
    function uppdatera() {
      var nej = document.querySelector('input[name="samtycke"][value="False"]:checked');
      bakgrund.hidden = Boolean(nej);
      // Stored background goes on saving with Samtycke = Nej: said where the user is looking.
      if (varning) { varning.hidden = !nej; }
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
