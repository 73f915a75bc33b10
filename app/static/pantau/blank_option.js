/* FAB's optional drop-downs offer an empty choice that reads "__None" (its value): show a dash instead,
   before select2 draws the field (this ready handler is registered before ab.js's own). */
$(function () {
  $('option[value="__None"]').each(function () {
    if (!this.text || this.text === "__None") { this.text = "—"; }
  });
});
