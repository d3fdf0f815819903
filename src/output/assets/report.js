(function () {
  "use strict";
  var audio = document.getElementById("answer-audio");
  var words = Array.prototype.slice.call(document.querySelectorAll(".transcript .w[data-t]"));
  var chart = document.getElementById("pace-chart");
  var playhead = document.getElementById("playhead");
  function seek(t) {
    if (!audio || !isFinite(t)) { return; }
    audio.currentTime = Math.max(0, t);
    var p = audio.play();
    if (p && p.catch) { p.catch(function () {}); }
  }
  document.addEventListener("click", function (e) {
    var el = e.target && e.target.closest ? e.target.closest("[data-t]") : null;
    if (el) { seek(parseFloat(el.getAttribute("data-t"))); }
  });
  if (chart && audio) {
    chart.addEventListener("click", function (e) {
      var box = chart.getBoundingClientRect();
      var vb = chart.viewBox.baseVal;
      var x = (e.clientX - box.left) / box.width * vb.width;
      var x0 = parseFloat(chart.getAttribute("data-x0"));
      var x1 = parseFloat(chart.getAttribute("data-x1"));
      var dur = parseFloat(chart.getAttribute("data-duration"));
      if (x >= x0 && x <= x1) { seek((x - x0) / (x1 - x0) * dur); }
    });
  }
  var current = null;
  function follow() {
    var t = audio.currentTime;
    var hit = null;
    for (var i = 0; i < words.length; i++) {
      if (parseFloat(words[i].getAttribute("data-t")) <= t + 0.05) { hit = words[i]; } else { break; }
    }
    if (hit !== current) {
      if (current) { current.classList.remove("now"); }
      if (hit) { hit.classList.add("now"); }
      current = hit;
    }
    if (playhead && chart) {
      var x0 = parseFloat(chart.getAttribute("data-x0"));
      var x1 = parseFloat(chart.getAttribute("data-x1"));
      var dur = parseFloat(chart.getAttribute("data-duration"));
      var x = x0 + Math.min(1, t / dur) * (x1 - x0);
      playhead.setAttribute("x1", x);
      playhead.setAttribute("x2", x);
      playhead.style.display = "";
    }
  }
  if (audio) {
    audio.addEventListener("timeupdate", follow);
    audio.addEventListener("seeked", follow);
  }
  document.body.setAttribute("data-ready", "1");
})();
