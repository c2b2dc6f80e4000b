// Kiosk mode: after a while with no touch, key or scroll, go back to the kiosk home page so the next
// villager does not start on somebody else's page. Without JavaScript, a <noscript> refresh does it.
(function () {
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-idle-seconds"), 10) || 120;
  var home = body.getAttribute("data-home") || "/kiosk/";
  var timer = null;
  function reset() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(function () {
      if (location.pathname !== home) location.href = home;
    }, seconds * 1000);
  }
  ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (name) {
    window.addEventListener(name, reset, { passive: true });
  });
  reset();
})();
