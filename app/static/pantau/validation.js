/* The browser's own form checks (required, min, max, type) speak the browser's language, English in a default
   Chromium: on a page in Indonesian (<html lang="id">) give each refused field an Indonesian message instead.
   A refused field's message follows its edits. */
(function () {
  if (!/^id\b/i.test(document.documentElement.lang || "")) { return; }

  function message(field) {
    var v = field.validity;
    if (v.valueMissing) {
      if (field.type === "checkbox") { return "Centang kotak ini untuk melanjutkan."; }
      if (field.type === "radio") { return "Pilih salah satu pilihan ini."; }
      if (field.type === "file") { return "Pilih berkas yang akan diunggah."; }
      if (field.tagName === "SELECT") { return "Pilih salah satu dari daftar."; }
      return "Isian ini wajib diisi.";
    }
    if (v.typeMismatch) {
      if (field.type === "email") { return "Masukkan alamat surel yang benar, misalnya nama@contoh.go.id."; }
      if (field.type === "url") { return "Masukkan alamat web lengkap, diawali https://."; }
      return "Isian ini tidak sesuai jenisnya.";
    }
    if (v.badInput) { return field.type === "number" ? "Masukkan angka." : "Isian ini tidak dapat dibaca."; }
    if (v.rangeUnderflow) { return "Nilai paling kecil " + field.min + "."; }
    if (v.rangeOverflow) { return "Nilai paling besar " + field.max + "."; }
    if (v.stepMismatch) { return "Masukkan nilai yang sah (kelipatan " + (field.step || 1) + ")."; }
    if (v.tooShort) { return "Isian ini paling sedikit " + field.minLength + " karakter (sekarang " + field.value.length + ")."; }
    if (v.tooLong) { return "Isian ini paling banyak " + field.maxLength + " karakter."; }
    if (v.patternMismatch) { return "Isian ini tidak sesuai format yang diminta" + (field.title ? ": " + field.title : "") + "."; }
    return "";
  }

  // Set the field's message afresh from its own state: on the browser's check, and on every edit (an edit may
  // fix the field, or break it another way; a change event also fires when the field merely loses focus).
  function judge(field) {
    if (!field || !field.setCustomValidity || !field.validity) { return; }
    field.setCustomValidity("");
    if (!field.validity.valid) { field.setCustomValidity(message(field)); }
  }

  document.addEventListener("invalid", function (event) { judge(event.target); }, true);

  function edited(event) {
    var field = event.target;
    if (field.type === "radio" && field.name && field.form) {  // one choice answers the whole group
      Array.prototype.forEach.call(field.form.querySelectorAll("input[type=radio]"), function (other) {
        if (other.name === field.name) { judge(other); }
      });
      return;
    }
    if (field.validity && !field.validity.customError) { return; }  // never judged: leave it to the browser
    judge(field);
  }
  document.addEventListener("input", edited, true);
  document.addEventListener("change", edited, true);
})();
