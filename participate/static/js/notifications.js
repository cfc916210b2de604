// Hiding an announcement without reloading the page: the same cookie the server would set
// (versions joined by "_"), then the banner goes and focus moves to the main content.
(function () {
  "use strict";
  var COOKIE = "dismissed_announcements";

  function dismissed() {
    var match = document.cookie.match(new RegExp("(?:^|; )" + COOKIE + "=([^;]*)"));
    return match && match[1] ? match[1].split("_") : [];
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-dismiss-announcement]")) return;
    var banner = form.closest("[data-announcement]");
    if (!banner) return;
    event.preventDefault();
    var versions = dismissed().filter(function (v) { return v !== banner.dataset.announcement; });
    versions.push(banner.dataset.announcement);
    document.cookie = COOKIE + "=" + versions.join("_") + "; path=/; max-age=7776000; samesite=lax";
    var container = banner.parentElement;
    banner.remove();
    if (container && !container.querySelector("[data-announcement]")) container.remove();
    var main = document.getElementById("main");
    if (main) main.focus();
  });
})();
