// Woodshed journal: keeps Home's "Recording now" block current while `woodshed record` runs,
// from the server-sent events of /live/events (one JSON message a second while it changes).
// Text goes in with textContent and the roll is built with createElementNS: nothing from the
// server is parsed as HTML.
(function () {
  "use strict";
  var block = document.getElementById("live");
  if (!block || !window.EventSource) return;
  var svgNS = "http://www.w3.org/2000/svg";
  function field(name) { return block.querySelector("[data-live=" + name + "]"); }
  function show(session) {
    if (!session) {
      block.hidden = true;
      return;
    }
    block.hidden = false;
    field("link").textContent = session.when;
    field("link").setAttribute("href", "/sessions/" + session.id);
    field("elapsed").textContent = session.elapsed;
    field("notes").textContent = session.notes;
    field("range").textContent = session.range;
    var roll = field("roll");
    while (roll.firstChild) roll.removeChild(roll.firstChild);
    session.rects.forEach(function (r) {
      var rect = document.createElementNS(svgNS, "rect");
      rect.setAttribute("x", r.x);
      rect.setAttribute("y", r.y);
      rect.setAttribute("width", r.w);
      rect.setAttribute("height", r.h);
      roll.appendChild(rect);
    });
    block.setAttribute("data-updated", String(Date.now()));
  }
  var source = new EventSource("/live/events");
  source.onmessage = function (event) {
    try {
      show(JSON.parse(event.data).session);
    } catch (error) {
      // A malformed message changes nothing on the page.
    }
  };
})();
