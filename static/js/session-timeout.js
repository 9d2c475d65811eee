// The idle-timeout warning (WCAG 2.2.1 Timing Adjustable). base.html renders, for a signed-in
// page, a <dialog role="alertdialog"> with how many seconds the session has left (as the server
// counts them) and how long before the end to warn. At that point the dialog opens modally, with
// focus on "Stay signed in"; the button posts the dialog's form (CSRF token included) to the
// refresh endpoint, which starts the server's idle clock again. When time runs out the page goes
// to the sign-in page, where the server, having ended the session, says why.
// Tabs of the same browser share one session: each tells the others (localStorage) when the
// session now ends, so activity in one tab keeps the others from warning or leaving.
(function () {
  "use strict";
  var dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var form = dialog.querySelector("form");
  var button = form.querySelector("button");
  var left = dialog.querySelector("[data-session-timeout-left]");
  var status = null;
  var KEY = "notice-tracker:session-ends-at";
  var warnMs = Number(dialog.dataset.warnSeconds) * 1000;
  var endsAt = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  var warnTimer = null;
  var endTimer = null;
  var ticker = null;

  function share() {
    try { window.localStorage.setItem(KEY, String(endsAt)); } catch (e) { /* storage off: this tab alone */ }
  }

  function remaining() {
    var seconds = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    if (seconds >= 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + (minutes === 1 ? " minute" : " minutes");
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    var now = Date.now();
    warnTimer = window.setTimeout(warn, Math.max(0, endsAt - warnMs - now));
    // A second after the end, so that the server has ended the session by the time we ask.
    endTimer = window.setTimeout(end, Math.max(0, endsAt - now) + 1000);
  }

  function warn() {
    left.textContent = remaining();
    if (!dialog.open) {
      dialog.showModal();
      button.focus();
    }
    window.clearInterval(ticker);
    ticker = window.setInterval(function () { left.textContent = remaining(); }, 1000);
  }

  // "You are still signed in", said politely once the warning has closed. The live region is made
  // the first time it is needed (a page never warned has none), then filled a moment later, so that
  // screen readers are watching it when the words arrive.
  function say(text) {
    if (status === null) {
      status = document.createElement("div");
      status.id = "session-timeout-status";
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 100);
  }

  function close() {
    window.clearInterval(ticker);
    if (dialog.open) { dialog.close(); }
  }

  function end() {
    close();
    var next = window.location.pathname + window.location.search;
    window.location.assign(dialog.dataset.signInUrl + "?next=" + encodeURIComponent(next));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    window.fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      // Signed out meanwhile: the answer is the sign-in page (a redirect), not the JSON.
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!response.ok || response.redirected || !json) { throw new Error("signed out"); }
      return response.json();
    }).then(function (answer) {
      endsAt = Date.now() + Number(answer.seconds_left) * 1000;
      share();
      close();
      say("You are still signed in.");
      schedule();
    }).catch(end).then(function () { button.disabled = false; });
  });

  // Escape closes the warning without more time; the session still ends when it was going to.
  dialog.addEventListener("close", function () { window.clearInterval(ticker); });

  window.addEventListener("storage", function (event) {
    if (event.key !== KEY || !event.newValue) { return; }
    var other = Number(event.newValue);
    if (other > endsAt) {
      endsAt = other;
      close();
      schedule();
    }
  });

  share();
  schedule();
})();
