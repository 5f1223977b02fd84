// Progressive enhancement only: the UI works without this file.
// Submitting the filter form as soon as a facet checkbox or the sort order changes
// saves a click on "Lọc"; the URL still holds the whole state.
(function () {
  var form = document.getElementById("search-form");
  if (!form) return;
  form.addEventListener("change", function (event) {
    var t = event.target;
    if ((t.type === "checkbox" && t.closest(".facet")) || t.name === "sort") {
      var page = form.querySelector("input[name=page]");
      if (page) page.remove();
      form.submit();
    }
  });
})();
