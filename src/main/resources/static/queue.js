// The waiting room without reloading: polls the caller's entry with backoff (sooner when the turn is near, slower
// after errors) and, once admitted, reloads the page, which sets the admission cookie and moves on. Without
// JavaScript the page's <noscript> meta refresh does the same.
(function () {
  'use strict';
  var box = document.getElementById('queue');
  if (!box || !window.fetch) return;
  var api = box.getAttribute('data-api');
  var failures = 0;
  function text(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = value;
  }
  function delayFor(entry) {
    var eta = entry && typeof entry.etaSeconds === 'number' ? entry.etaSeconds : 30;
    var base = Math.max(2, Math.min(30, eta / 4));
    var backoff = Math.min(60, base * Math.pow(2, failures));
    return (backoff * (0.8 + Math.random() * 0.4)) * 1000;
  }
  // the page's own wording ("about {0} s"), so JavaScript says what the server would
  function eta(seconds) {
    if (seconds < 60) return box.getAttribute('data-eta-seconds').replace('{0}', String(seconds));
    return box.getAttribute('data-eta-minutes').replace('{0}', String(Math.ceil(seconds / 60)));
  }
  function poll() {
    fetch(api, {credentials: 'same-origin', headers: {'Accept': 'application/json'}, cache: 'no-store'})
      .then(function (r) {
        if (!r.ok) throw new Error('status ' + r.status);
        return r.json();
      })
      .then(function (entry) {
        failures = 0;
        if (entry.state !== 'WAITING') {
          window.location.reload();
          return;
        }
        text('queue-position', String(entry.position));
        text('queue-ahead', String(entry.ahead));
        text('queue-eta', eta(entry.etaSeconds));
        var bar = document.getElementById('queue-progress');
        var first = Number(box.getAttribute('data-first') || entry.position);
        box.setAttribute('data-first', String(first));
        if (bar && first > 0) {
          var base = Number(bar.getAttribute('value')) || 0;
          var moved = Math.max(0, first - entry.position) / first;
          bar.value = Math.min(99, Math.max(base, base + (100 - base) * moved));
        }
        setTimeout(poll, delayFor(entry));
      })
      .catch(function () {
        failures = Math.min(failures + 1, 5);
        setTimeout(poll, delayFor(null));
      });
  }
  setTimeout(poll, delayFor(null) / 10);
})();
