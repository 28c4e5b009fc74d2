// Inline validation for the procedure form: when the citizen leaves a field, the portal asks the
// gateway's validation endpoint (through the portal) and shows that field's message. The form works
// without this script: submitting shows every message from the server.
(function () {
  'use strict';
  var form = document.getElementById('procedure-form');
  if (!form || !window.fetch) return;

  function show(fieldId, message) {
    var slot = document.getElementById('err-' + fieldId);
    var input = document.getElementById(fieldId);
    if (slot) slot.textContent = message || '';
    if (input) {
      if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    }
  }

  function check(input) {
    var body = new URLSearchParams(new FormData(form));
    fetch(form.getAttribute('data-check'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/x-www-form-urlencoded'},
      body: body
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (verdict) {
      if (!verdict || !verdict.available) return;
      var message = '';
      (verdict.errors || []).forEach(function (e) { if (e.id === input.id && !message) message = e.message; });
      show(input.id, message);
    }).catch(function () { /* the server-side check on submit still applies */ });
  }

  form.addEventListener('focusout', function (event) {
    var input = event.target;
    if (!input.name || input.readOnly || input.type === 'hidden' || input.value === '') return;
    check(input);
  });

  // After a submit with errors, move focus to the summary so screen readers announce it.
  var summary = document.getElementById('error-summary');
  if (summary && !summary.hidden) summary.focus();
})();
