/* Forms: the error summary (templates/bootstrap5/errors.html) after a failed submit.
 * The page works without this file: the summary has autofocus and its links are in-page
 * anchors. This adds what a browser may not do: focus the summary where autofocus on a
 * non-control is ignored, and make a link in it focus its field (an anchor only scrolls),
 * with the field's label in view rather than hidden under the top of the screen. */
(function () {
  "use strict";

  function controlOf(target) {
    if (target.matches("input, select, textarea")) {
      return target;
    }
    return target.querySelector("input:not([type=hidden]), select, textarea");
  }

  function labelOf(control, target) {
    var label = control.id && document.querySelector('label[for="' + CSS.escape(control.id) + '"]');
    var fieldset = control.closest("fieldset");
    return (fieldset && fieldset.querySelector("legend")) || label || target;
  }

  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && document.activeElement !== summary) {
      summary.focus();
    }
  }

  function followLink(event) {
    var link = event.target.closest("[data-error-link]");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    var control = target && controlOf(target);
    if (!control) {
      return;
    }
    event.preventDefault();
    labelOf(control, target).scrollIntoView();
    control.focus({ preventScroll: true });
  }

  document.addEventListener("click", followLink);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
