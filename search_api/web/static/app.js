// Progressive enhancement only: the UI works without this file.
// Submitting the filter form as soon as a facet checkbox or the sort order changes
// saves a click on "Lọc"; the URL still holds the whole state.
(function () {
  // Empty fields (an unset date) are left out of the URL, which stays short and readable.
  document.querySelectorAll("form[method=get]").forEach(function (f) {
    f.addEventListener("submit", function () {
      f.querySelectorAll("input, select").forEach(function (el) {
        if (el.name && el.value === "" && el.type !== "checkbox") el.disabled = true;
      });
    });
  });
  // coming back with the browser's Back button: the fields must be usable again
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[method=get] :disabled").forEach(function (el) {
      el.disabled = false;
    });
  });
  var form = document.getElementById("search-form");
  if (!form) return;
  form.addEventListener("change", function (event) {
    var t = event.target;
    if ((t.type === "checkbox" && t.closest(".facet")) || t.name === "sort") {
      var page = form.querySelector("input[name=page]");
      if (page) page.remove();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
})();
