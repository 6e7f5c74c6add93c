/* cameramap: proof of work for forms (an ES module). Asks the server for a challenge, solves it in a
   worker and puts the answer in the form's hidden `altcha` field before the form is sent. Without
   JavaScript the server accepts the form after a longer wait instead. Every form.pow-form is protected
   on load; other forms call protect(form, statusElement). */
import { t } from "./i18n.js";

function toBase64(text) {
  return btoa(unescape(encodeURIComponent(text)));
}

export function solve(challengeUrl, workerUrl) {
  return fetch(challengeUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error(t("the anti-spam challenge could not be fetched ({status})", { status: response.status })); }
      return response.json();
    })
    .then(function (challenge) {
      if (!challenge.required) { return ""; }
      return new Promise(function (resolve, reject) {
        var worker = new Worker(workerUrl);
        worker.onmessage = function (event) {
          worker.terminate();
          if (event.data.number < 0) { reject(new Error(t("the anti-spam challenge has no solution"))); return; }
          resolve(toBase64(JSON.stringify({
            algorithm: challenge.algorithm, challenge: challenge.challenge, number: event.data.number,
            salt: challenge.salt, signature: challenge.signature
          })));
        };
        worker.onerror = function () { worker.terminate(); reject(new Error(t("the anti-spam worker failed"))); };
        worker.postMessage(challenge);
      });
    });
}

/* Intercept a form's submission, solve, then send it with the same submit button. */
export function protect(form, statusElement) {
  var solved = false;
  form.addEventListener("submit", function (event) {
    if (solved || form.dataset.pow !== "on") { return; }
    var submitter = event.submitter || null;
    if (submitter && submitter.formNoValidate) { return; }  // intermediate steps need no proof
    event.preventDefault();
    if (statusElement) { statusElement.textContent = t("Checking you are not a robot (a few seconds)…"); }
    solve(form.dataset.challengeUrl, form.dataset.workerUrl).then(function (payload) {
      form.elements.altcha.value = payload;
      solved = true;
      if (statusElement) { statusElement.textContent = t("Sending…"); }
      if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
    }).catch(function (error) {
      if (statusElement) { statusElement.textContent = t("Could not send: {error}", { error: error.message }); }
    });
  });
}

document.querySelectorAll("form.pow-form").forEach(function (form) {
  var status = document.createElement("span");
  status.className = "hint";
  status.setAttribute("aria-live", "polite");
  form.appendChild(status);
  protect(form, status);
});
