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

  // Live progress: only on the in-progress page, which names its scan.
  var live = document.querySelector('[data-live-scan]');
  if (live && 'EventSource' in window) {
    var id = live.getAttribute('data-live-scan');
    var list = document.getElementById('progress-list');
    var status = document.getElementById('progress-status');
    var source = new EventSource('/api/v1/scans/' + encodeURIComponent(id) + '/events');
    var rows = {};
    source.addEventListener('progress', function (ev) {
      var p = JSON.parse(ev.data);
      var row = rows[p.probe] || document.getElementById('probe-' + p.probe);
      if (!row) {
        row = document.createElement('li');
        row.id = 'probe-' + p.probe;
        var icon = document.createElement('span'); icon.className = 'state';
        var label = document.createElement('span'); label.className = 'label';
        row.appendChild(icon); row.appendChild(label);
        list.appendChild(row);
      }
      rows[p.probe] = row;
      var icon2 = row.querySelector('.state');
      icon2.className = 'state state-' + p.state;
      icon2.textContent = p.state === 'done' ? '✓' : p.state === 'unavailable' ? '!' : '';
      row.querySelector('.label').textContent = p.label + (p.state === 'start' ? ' …' : p.state === 'unavailable' ? ' (not available)' : '');
    });
    source.addEventListener('status', function (ev) {
      var s = JSON.parse(ev.data);
      if (status) status.textContent = s.status === 'running' ? 'Scanning…' : s.status === 'queued' ? 'Waiting for a free scanner…' : 'Finishing…';
    });
    source.addEventListener('end', function () {
      source.close();
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
