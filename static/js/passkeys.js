// The passkeys page: django-otp-webauthn's script registers the passkey; this names it.
// On its "registered" event, post the typed name for the new passkey's id, which also
// reloads the list. Pressing Enter in the name field starts the registration instead.
(function () {
  "use strict";
  var form = document.getElementById("passkey-name-form");
  if (!form) {
    return;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = document.getElementById("passkey-register-button");
    if (button && !button.disabled) {
      button.click();
    }
  });
  document.addEventListener("otp_webauthn.register_complete", function (event) {
    var id = String(event.detail.id);
    form.action = form.dataset.actionTemplate.replace("/0/", "/" + encodeURIComponent(id) + "/");
    if (!form.elements.name.value.trim()) {
      window.location.reload();
      return;
    }
    HTMLFormElement.prototype.submit.call(form);
  });
})();
