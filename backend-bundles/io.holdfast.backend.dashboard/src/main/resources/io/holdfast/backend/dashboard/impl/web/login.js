'use strict';
document.getElementById('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const err = document.getElementById('login-error');
  const button = document.getElementById('login-button');
  err.hidden = true;
  button.disabled = true;
  try {
    const r = await fetch('login', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: document.getElementById('token').value })
    });
    if (r.ok) {
      window.location.replace('./');
      return;
    }
    const body = await r.json().catch(() => ({}));
    err.textContent = '\u26A0 Sign-in refused: ' + (body.detail || r.status);
    err.hidden = false;
  } catch (e) {
    err.textContent = '\u26A0 The backend did not answer: ' + e.message;
    err.hidden = false;
  } finally {
    button.disabled = false;
  }
});
