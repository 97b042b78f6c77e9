/**
 * The one client script, served from /static/app.<hash>.js with the page's nonce. Pages work without
 * it; it adds live progress (server-sent events), copy buttons and keyboard-friendly tabs. It never
 * builds markup from strings: text goes in through textContent only.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';

  function copyText(text, button) {
    var done = function () {
      var old = button.getAttribute('data-label') || button.textContent;
      button.setAttribute('data-label', old);
      button.textContent = 'Copied';
      setTimeout(function () { button.textContent = old; }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else { fallbackCopy(text); done(); }
  }
  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text; area.setAttribute('readonly', ''); area.className = 'visually-hidden';
    document.body.appendChild(area); area.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }
  document.querySelectorAll('button.copy').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy') || '');
      if (!source) return;
      var text = 'value' in source && source.tagName === 'INPUT' ? source.value : source.textContent;
      copyText(text || '', button);
    });
  });

  // Expand all / collapse all fix sections; each one stays a plain <details> without JavaScript.
  document.querySelectorAll('button[data-expand-all]').forEach(function (button) {
    var fixes = document.querySelectorAll('details.fix');
    if (!fixes.length) return;
    button.hidden = false;
    var sync = function () {
      var allOpen = Array.prototype.every.call(fixes, function (d) { return d.open; });
      button.textContent = allOpen ? 'Collapse all fixes' : 'Expand all fixes';
      button.setAttribute('aria-expanded', allOpen ? 'true' : 'false');
    };
    button.addEventListener('click', function () {
      var open = button.getAttribute('aria-expanded') !== 'true';
      fixes.forEach(function (d) { d.open = open; });
      sync();
    });
    fixes.forEach(function (d) { d.addEventListener('toggle', sync); });
  });

  // Live progress: only on the in-progress page, which names its scan. Elapsed time ticks locally
  // (anchored to the server's clock), steps and request counts arrive over server-sent events.
  var live = document.querySelector('[data-live-scan]');
  if (live && 'EventSource' in window) {
    var id = live.getAttribute('data-live-scan');
    var list = document.getElementById('progress-list');
    var status = document.getElementById('progress-status');
    var elapsedEl = document.getElementById('progress-elapsed');
    var stepsEl = document.getElementById('progress-steps');
    var host = live.getAttribute('data-host') || 'the site';
    var slowMs = Number(live.getAttribute('data-slow-ms')) || 2000;
    var silentMs = Number(live.getAttribute('data-silent-ms')) || 5000;
    var skew = Number(live.getAttribute('data-server-now')) - Date.now();
    var startedAt = Number(live.getAttribute('data-started-at'));
    var serverNow = function () { return Date.now() + skew; };
    var secs = function (ms) { return Math.max(0, Math.round(ms / 1000)) + ' s'; };
    var steps = {};
    var queued = status && /Waiting/.test(status.textContent || '');
    var detailText = function (p) {
      if (typeof p.requests !== 'number') return '';
      var text = p.requests + (p.requests === 1 ? ' request' : ' requests');
      var running = p.state === 'start' || p.state === 'active';
      if (running && p.meanMs >= slowMs) text += ' · waiting for ' + host + ' — ' + secs(p.meanMs) + ' per response';
      else if (running && serverNow() - p.at >= silentMs) text += ' · waiting for ' + host + ' — no answer for ' + secs(serverNow() - p.at);
      return text;
    };
    var tick = function () {
      if (elapsedEl) elapsedEl.textContent = (queued ? 'Queued ' : 'Elapsed ') + secs(serverNow() - startedAt);
      Object.keys(steps).forEach(function (key) {
        var row = document.getElementById('probe-' + key);
        var detail = row && row.querySelector('.detail');
        if (detail) detail.textContent = detailText(steps[key]);
      });
    };
    var timer = setInterval(tick, 1000);
    var source = new EventSource('/api/v1/scans/' + encodeURIComponent(id) + '/events');
    source.addEventListener('progress', function (ev) {
      var p = JSON.parse(ev.data);
      var prev = steps[p.probe] || {};
      for (var k in p) prev[k] = p[k];
      steps[p.probe] = prev;
      var row = document.getElementById('probe-' + p.probe);
      if (!row) {
        row = document.createElement('li');
        row.id = 'probe-' + p.probe;
        ['state', 'label', 'detail'].forEach(function (cls) { var span = document.createElement('span'); span.className = cls; row.appendChild(span); });
        list.appendChild(row);
      }
      var running = p.state === 'start' || p.state === 'active';
      var icon = row.querySelector('.state');
      icon.className = 'state state-' + (running ? 'start' : p.state);
      icon.textContent = p.state === 'done' ? '✓' : p.state === 'unavailable' ? '!' : p.state === 'skipped' ? '–' : '';
      row.querySelector('.label').textContent = p.label + (running ? ' …' : p.state === 'unavailable' ? ' (not available)' : p.state === 'skipped' ? ' (skipped: does not apply to this site)' : '');
      if (stepsEl && typeof p.total === 'number') stepsEl.textContent = p.finished + ' of ' + p.total + ' steps done';
      tick();
    });
    source.addEventListener('status', function (ev) {
      var s = JSON.parse(ev.data);
      queued = s.status === 'queued';
      if (status) status.textContent = s.status === 'running' ? 'Scanning…' : s.status === 'queued' ? 'Waiting for a free scanner…' : 'Finishing…';
    });
    source.addEventListener('end', function () {
      source.close();
      clearInterval(timer);
      if (status) status.textContent = 'Done — loading the result…';
      window.location.reload();
    });
    source.onerror = function () { /* the meta refresh fallback keeps working */ };
  }

  // Compare: preselect the two newest scans so one click compares them.
  var compare = document.getElementById('compare-form');
  if (compare) {
    compare.addEventListener('submit', function (ev) {
      var a = compare.querySelector('input[name=a]:checked'), b = compare.querySelector('input[name=b]:checked');
      if (a && b && a.value === b.value) { ev.preventDefault(); alertBox(compare, 'Pick two different scans.'); }
    });
  }
  function alertBox(parent, text) {
    var box = parent.querySelector('.error-box') || document.createElement('p');
    box.className = 'error-box'; box.setAttribute('role', 'alert'); box.textContent = text;
    parent.appendChild(box);
  }
})();
`;
