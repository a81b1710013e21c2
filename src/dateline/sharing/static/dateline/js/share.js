// Send to a friend, inline (docs/sharing.md): progressive enhancement of the link to
// the form's own page. The form opens under the link and is sent without leaving the
// article; without JavaScript, the link and the page work as they are.
(function () {
  "use strict";

  function load(box, url, options) {
    var init = Object.assign(
      { credentials: "same-origin", headers: { "X-Requested-With": "dateline-share" } },
      options || {}
    );
    box.setAttribute("aria-busy", "true");
    return fetch(url, init)
      .then(function (response) { return response.text(); })
      .then(function (html) {
        box.innerHTML = html;
        box.removeAttribute("aria-busy");
        bind(box);
        var focus = box.querySelector("[role=alert], [role=status], input:not([type=hidden])");
        if (focus) {
          if (!focus.matches("input")) focus.setAttribute("tabindex", "-1");
          focus.focus();
        }
      })
      .catch(function () {
        box.removeAttribute("aria-busy");
        window.location.href = url; // the form's own page still works
      });
  }

  function bind(box) {
    var form = box.querySelector("form");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      load(box, form.action, { method: "POST", body: new FormData(form) });
    });
  }

  document.querySelectorAll("a[data-share-inline]").forEach(function (link) {
    var box = document.getElementById(link.getAttribute("data-share-inline"));
    if (!box || !window.fetch) return;
    link.setAttribute("aria-expanded", "false");
    link.setAttribute("aria-controls", box.id);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var open = box.hidden;
      box.hidden = !open;
      link.setAttribute("aria-expanded", String(open));
      if (open && !box.hasChildNodes()) load(box, link.href);
    });
  });
})();
