// Enhancements of the share box (participate/share): every link and form works without this.
// - "Copy link" copies to the clipboard and says so in a live region;
// - the browser's own share sheet (Web Share API), only where the browser has one;
// - the Mastodon server is remembered in this browser only (localStorage), never sent to us
//   except when the visitor shares;
// - copying and the share sheet are counted with a beacon (no link of ours is followed then).
(function () {
  "use strict";
  var STORE = "participate.mastodon-server";

  function count(box, source) {
    var url = box.getAttribute("data-count-url");
    var token = box.querySelector("input[name=csrf_token]");
    if (!url || !navigator.sendBeacon) { return; }
    var data = new FormData();
    if (token) { data.append("csrf_token", token.value); }
    navigator.sendBeacon(url.replace("SOURCE", source), data);
  }

  function setUpCopy(box) {
    var field = box.querySelector("[data-share-link]");
    var button = box.querySelector("[data-copy-link]");
    var status = box.querySelector("[data-copy-status]");
    if (!field || !button || !status || !navigator.clipboard || !window.isSecureContext) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "";
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = button.getAttribute("data-done");
        count(box, "copy");
      }, function () {
        field.focus();
        field.select();
        status.textContent = button.getAttribute("data-failed");
      });
    });
  }

  function setUpNativeShare(box) {
    var button = box.querySelector("[data-native-share]");
    if (!button || typeof navigator.share !== "function") { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({
        title: box.getAttribute("data-title") || document.title,
        url: box.getAttribute("data-native-url")
      }).then(function () { count(box, "native"); }, function () { /* closed: nothing shared */ });
    });
  }

  function setUpMastodon(form) {
    var input = form.querySelector("input[name=server]");
    if (!input) { return; }
    try {
      var saved = window.localStorage.getItem(STORE);
      if (saved && !input.value) { input.value = saved; }
    } catch (e) { /* storage switched off: the visitor types it each time */ }
    form.addEventListener("submit", function () {
      try { window.localStorage.setItem(STORE, input.value.trim()); } catch (e) { /* idem */ }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-share]"), function (box) {
      setUpCopy(box);
      setUpNativeShare(box);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-mastodon-form]"), setUpMastodon);
  });
})();
