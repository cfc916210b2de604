// The self-test without page loads: each answer is still posted to the server (which keeps
// the progress, exactly as without this file), but the next statement is swapped in place,
// the address follows (back and forward work), focus moves to the new statement and screen
// readers hear which question it is. Without this file every screen is a normal page.
(function () {
  "use strict";

  function step() { return document.querySelector("[data-selftest-step]"); }

  function show(body, url, push) {
    var current = step();
    if (!current || !body.html) { window.location.assign(url); return; }
    var holder = document.createElement("div");
    holder.innerHTML = body.html;
    var next = holder.firstElementChild;
    current.replaceWith(next);
    if (body.title) { document.title = body.title; }
    if (push && body.url) { history.pushState({ selftest: true }, "", body.url); }
    var live = document.querySelector("[data-selftest-live]");
    var progress = next.querySelector(".selftest-progress");
    if (live && progress) { live.textContent = progress.textContent; }
    var target = next.querySelector("[data-selftest-error]") || next.querySelector("h1");
    if (target) {
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus();
    }
  }

  function load(url, options, push) {
    options.headers = { "Accept": "application/json" };
    options.credentials = "same-origin";
    options.cache = "no-store";
    return fetch(url, options).then(function (response) {
      return response.json().then(function (body) {
        if (body.redirect) { window.location.assign(body.redirect); return; }
        show(body, url, push && response.ok);
      });
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-selftest-form]");
    if (!form || form.dataset.plain || !window.fetch) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    var data = new FormData(form);
    if (submitter && submitter.name) { data.set(submitter.name, submitter.value); }
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    load(form.getAttribute("action"), { method: "POST", body: data }, true).catch(function () {
      // Anything unexpected: send the form the ordinary way.
      form.dataset.plain = "1";
      form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
      if (submitter && form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-selftest-nav]");
    if (!link || !window.fetch || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    load(link.href, { method: "GET" }, true).catch(function () { window.location.assign(link.href); });
  });

  window.addEventListener("popstate", function () {
    if (!step()) { return; }
    load(window.location.href, { method: "GET" }, false).catch(function () { window.location.reload(); });
  });
})();
