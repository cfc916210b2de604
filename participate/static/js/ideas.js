// Enhancements for ideas: vote without a reload (announced to screen readers), and similar
// ideas shown while a title is typed. Without this file every form still works by POST.
(function () {
  "use strict";

  // Show `n` in an element that keeps both forms of its words (data-one, data-other; see
  // ideas/_macros.html): the page's language decides which form a number takes.
  function setPlural(el, n) {
    var form = window.Intl && Intl.PluralRules
      ? new Intl.PluralRules(document.documentElement.lang || undefined).select(n)
      : (n === 1 ? "one" : "other");
    var text = form === "one" ? el.dataset.one : el.dataset.other;
    if (text !== undefined) { el.textContent = text.replace(/\d+/, String(n)); }
  }

  function onVote(event) {
    var form = event.target.closest("[data-vote-form]");
    if (!form || !window.fetch) { return; }
    event.preventDefault();
    var button = event.submitter || form.querySelector("button[name=value]");
    var data = new FormData(form);
    if (button && button.name) { data.set(button.name, button.value); }
    var box = form.closest("[data-vote-box]");
    var status = box.querySelector("[data-vote-status]");
    fetch(form.action, { method: "POST", body: data, headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
      .then(function (result) {
        var error = box.querySelector("[data-vote-error]");
        if (!result.ok) { error.textContent = result.body.error || ""; error.hidden = false; return; }
        error.hidden = true;
        var b = result.body;
        box.querySelector("[data-support-count]").textContent = b.support_count;
        var label = box.querySelector("[data-support-label]");
        if (label) { setPlural(label, b.support_count); }
        var oppose = box.querySelector("[data-oppose-count]");
        if (oppose) { oppose.textContent = b.oppose_count; }
        form.querySelectorAll("button[name=value]").forEach(function (btn) {
          var pressed = String(b.value) === btn.value;
          btn.setAttribute("aria-pressed", pressed ? "true" : "false");
          btn.classList.toggle("voted", pressed);
        });
        if (b.remaining !== null && b.remaining !== undefined) {
          document.querySelectorAll("[data-votes-left]").forEach(function (el) {
            setPlural(el, b.remaining);
          });
        }
        status.textContent = b.message;
      })
      .catch(function () { form.submit(); });
  }

  function similarLive() {
    var input = document.querySelector("[data-similar-url]");
    var target = document.querySelector("[data-similar-live]");
    if (!input || !target || !window.fetch) { return; }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var title = input.value.trim();
        if (title.length < 4) { target.textContent = ""; return; }
        fetch(input.dataset.similarUrl + "?title=" + encodeURIComponent(title), { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.json(); })
          .then(function (body) {
            target.textContent = "";
            if (!body.ideas.length) { return; }
            var p = document.createElement("p");
            p.textContent = target.dataset.label || "";
            var ul = document.createElement("ul");
            body.ideas.forEach(function (idea) {
              var li = document.createElement("li");
              var a = document.createElement("a");
              a.href = idea.url; a.textContent = idea.title;
              li.appendChild(a); ul.appendChild(li);
            });
            target.appendChild(p); target.appendChild(ul);
          });
      }, 300);
    });
  }

  document.addEventListener("submit", onVote);
  document.addEventListener("DOMContentLoaded", similarLive);
})();
