// Progressive enhancement for the inquiry and status forms. Everything works without
// this file except adding treatment rows; no inline script is needed anywhere.
(function () {
  "use strict";

  // Treatment rows: add from the <template>, remove by ticking the hidden DELETE box.
  function setUpFormset(container) {
    const prefix = container.dataset.prefix;
    const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    const template = document.getElementById("treatment-row-template");
    const addButton = document.querySelector("[data-formset-add]");
    if (!total || !template || !addButton) return;

    function addRemoveButton(row) {
      const deleteBox = row.querySelector("input[name$='-DELETE']");
      if (!deleteBox || row.querySelector("[data-formset-remove]")) return;
      const wrapper = deleteBox.closest(".mb-3, .form-check") || deleteBox.parentElement;
      wrapper.hidden = true;
      if (deleteBox.checked) row.hidden = true;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-danger align-self-start";
      button.dataset.formsetRemove = "";
      button.textContent = addButton.dataset.removeLabel || "Remove this treatment";
      button.addEventListener("click", function () {
        deleteBox.checked = true;
        row.hidden = true;
        addButton.focus();
      });
      row.appendChild(button);
    }

    container.querySelectorAll("[data-formset-row]").forEach(addRemoveButton);
    addButton.hidden = false;
    addButton.addEventListener("click", function () {
      const index = parseInt(total.value, 10);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      const holder = document.createElement("div");
      holder.innerHTML = html;
      const row = holder.firstElementChild;
      const empty = container.querySelector("[data-formset-empty]");
      if (empty) empty.remove();
      container.appendChild(row);
      total.value = String(index + 1);
      addRemoveButton(row);
      const first = row.querySelector("select, input, textarea");
      if (first) first.focus();
    });
  }

  // Pre-select the browser's time zone when the family has not chosen one.
  function guessTimeZone(select) {
    if (select.value) return;
    try {
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (!zone || !/^[A-Za-z0-9_+\-\/]+$/.test(zone)) return;
      // The list is short; a zone it lacks is added as it is (the server checks it).
      if (!select.querySelector("option[value='" + zone + "']")) {
        select.add(new Option(zone.replace(/_/g, " "), zone));
      }
      select.value = zone;
    } catch (e) { /* no guess: the family chooses */ }
  }

  // A second click on a final "send" button does nothing while the first is on its way.
  function submitOnce(button) {
    const form = button.form;
    if (!form) return;
    form.addEventListener("submit", function (event) {
      if (event.submitter !== button) return;
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
      setTimeout(function () { button.disabled = true; }, 0);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-formset-rows]").forEach(setUpFormset);
    document.querySelectorAll("select[data-guess-timezone]").forEach(guessTimeZone);
    document.querySelectorAll("[data-submit-once]").forEach(submitOnce);
    const summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  });
})();
