/* Bậc Thang — the phone menu is one line that scrolls sideways: while entries are hidden
 * beyond its right edge the menu gets the class "more" (a fading arrow and a hint line). */
(function () {
  "use strict";
  function watch(nav) {
    var list = nav.querySelector("ul");
    if (!list) return;
    function update() { nav.classList.toggle("more", list.scrollLeft + list.clientWidth < list.scrollWidth - 4); }
    list.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    update();
  }
  document.querySelectorAll(".mainnav").forEach(watch);
})();
