/*
 * Ops dashboard. Served by the gateway itself under its strict Content-Security-Policy
 * (default-src 'self'): no inline code, no third-party code, every request to the same origin.
 * Texts come from the page (a JSON data block), so this file has no language of its own.
 * Every value from the API is put in the page as text (textContent), never as HTML.
 */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var MAX_SAMPLES = 60;
  var body = document.body;
  var lang = body.dataset.lang === 'en' ? 'en' : 'vi';
  var interval = Math.max(1000, parseInt(body.dataset.interval, 10) || 5000);
  var texts = JSON.parse(document.getElementById('texts').textContent);
  var locale = lang === 'en' ? 'en-GB' : 'vi-VN';
  var whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  var twoDecimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var samples = [];
  var queueSignature = null;
  var PERIOD = /^(\d{4}-Q[1-4]|\d{4}-\d{2}|\d{4}|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/;

  function t(key) {
    var args = Array.prototype.slice.call(arguments, 1);
    var s = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    return s.replace(/\{(\d)\}/g, function (m, i) {
      return args[+i] === undefined ? m : String(args[+i]);
    });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  function say(message, isError) {
    var s = document.getElementById('status');
    s.textContent = message;
    s.className = 'status' + (message ? (isError ? ' bad' : ' ok') : '');
  }

  /** Same-origin JSON call; a problem+json answer becomes an Error with its title in the page's language. */
  function api(path, options) {
    var o = Object.assign({ credentials: 'same-origin', cache: 'no-store' }, options || {});
    o.headers = Object.assign({ Accept: 'application/json' }, o.headers || {});
    return fetch(path, o).then(function (r) {
      return r.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (!r.ok) {
          var title = json && (lang === 'vi' ? json.title_vi || json.title : json.title);
          var detail = json && json.detail ? ' (' + json.detail + ')' : '';
          throw new Error((title || 'HTTP ' + r.status) + detail);
        }
        return json;
      });
    });
  }

  function n(v) { return whole.format(Number(v) || 0); }
  function percent(v) { return twoDecimals.format(Number(v) || 0) + ' %'; }

  function duration(seconds) {
    var s = Number(seconds) || 0;
    if (s < 120) return t('unit.seconds', whole.format(s));
    if (s < 7200) return t('unit.minutes', whole.format(Math.floor(s / 60)));
    if (s < 172800) return t('unit.hours', whole.format(Math.floor(s / 3600)));
    return t('unit.days', whole.format(Math.floor(s / 86400)));
  }

  function setFigure(id, value) {
    var e = document.getElementById('fig-' + id);
    if (e) e.textContent = value;
  }

  // --- live figures ------------------------------------------------------------------------------

  function renderOverview(o) {
    var box = o.outbox;
    setFigure('pending', n(box.pending));
    setFigure('inFlight', n(box.inFlight));
    setFigure('oldest', duration(box.oldestPendingAgeSeconds));
    setFigure('dead', n(box.dead));
    document.getElementById('fig-dead').classList.toggle('alert', box.dead > 0);
    setFigure('todayReceived', n(o.today.received));
    setFigure('todayResolved', n(o.today.resolved));
    setFigure('monthReceived', n(o.month.received));
    setFigure('monthResolved', n(o.month.resolved));
    setFigure('monthOnTime', percent(o.month.onTimePercent));
    var counters = (o.instance && o.instance.counters) || {};
    setFigure('logins', n((counters.logins || {}).success));
    setFigure('prefills', n((counters.prefills || {}).success));
    var at = new Date(o.at);
    document.getElementById('updated').textContent = t('updated', at.toLocaleTimeString(locale, { timeZone: o.timeZone }));

    samples.push({ accepted: box.accepted, delivered: box.delivered, depth: box.pending + box.inFlight });
    if (samples.length > MAX_SAMPLES + 1) samples.shift();
    drawCharts();
    renderHealth(o.readiness);
    renderBreakers(o.breakers || {});
  }

  // --- charts ------------------------------------------------------------------------------------

  function drawCharts() {
    var flow = document.getElementById('chart-flow');
    var depth = document.getElementById('chart-depth');
    if (samples.length < 2) return;
    var accepted = [];
    var delivered = [];
    for (var i = 1; i < samples.length; i++) {
      accepted.push(Math.max(0, samples[i].accepted - samples[i - 1].accepted));
      delivered.push(Math.max(0, samples[i].delivered - samples[i - 1].delivered));
    }
    var last = accepted.length - 1;
    draw(flow, [
      { label: t('legend.accepted'), cls: 'series-a', values: accepted },
      { label: t('legend.delivered'), cls: 'series-b', values: delivered }
    ], t('chart.flowSummary', n(accepted[last]), n(delivered[last])));
    var depths = samples.map(function (s) { return s.depth; });
    draw(depth, [{ label: t('legend.depth'), cls: 'series-c', values: depths }],
      t('chart.depthSummary', n(depths[depths.length - 1])));
  }

  /** A line chart of a few series over the last samples, with its maximum on the axis and a legend. */
  function draw(container, series, summary) {
    var W = 600, H = 200, left = 48, right = 8, top = 12, bottom = 20;
    var max = 1;
    series.forEach(function (s) { s.values.forEach(function (v) { if (v > max) max = v; }); });
    var count = Math.max(2, series[0].values.length);
    var x = function (i) { return left + (W - left - right) * i / (count - 1); };
    var y = function (v) { return top + (H - top - bottom) * (1 - v / max); };
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': summary, focusable: 'false' });
    var title = svg('title');
    title.textContent = summary;
    root.appendChild(title);
    // Whole-number ticks only: 0, the middle when there is a whole one, and the maximum.
    var ticks = max >= 2 ? [0, Math.round(max / 2), max] : [0, max];
    ticks.forEach(function (v) {
      root.appendChild(svg('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), class: 'grid' }));
      var label = svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' });
      label.textContent = whole.format(v);
      root.appendChild(label);
    });
    series.forEach(function (s) {
      var points = s.values.map(function (v, i) { return x(i).toFixed(1) + ',' + y(v).toFixed(1); }).join(' ');
      if (s.values.length === 1) points += ' ' + x(1).toFixed(1) + ',' + y(s.values[0]).toFixed(1);
      root.appendChild(svg('polyline', { points: points, class: 'line ' + s.cls }));
      var lastIndex = s.values.length - 1;
      root.appendChild(svg('circle', { cx: x(Math.max(lastIndex, s.values.length === 1 ? 1 : 0)), cy: y(s.values[lastIndex]), r: 4, class: 'dot ' + s.cls }));
    });
    var legend = el('ul', { class: 'legend' });
    series.forEach(function (s) {
      var item = el('li');
      item.appendChild(el('span', { class: 'swatch ' + s.cls, 'aria-hidden': 'true' }));
      item.appendChild(document.createTextNode(s.label));
      legend.appendChild(item);
    });
    container.replaceChildren(root, legend, el('p', { class: 'muted summary' }, summary));
  }

  // --- health ------------------------------------------------------------------------------------

  function statusCell(status, text) {
    var td = el('td');
    td.appendChild(el('span', { class: 'badge ' + (status === 'UP' || status === 'CLOSED' ? 'ok' : status === 'HALF_OPEN' ? 'warn' : 'bad'), 'data-status': status }, text));
    return td;
  }

  function detailText(data) {
    var parts = [];
    Object.keys(data || {}).forEach(function (k) {
      var v = data[k];
      if (v !== null && typeof v === 'object') return; // nested detail (the agencies' breakers) has its own table
      parts.push(k + ': ' + v);
    });
    return parts.join(' · ');
  }

  function renderHealth(r) {
    var ready = document.getElementById('readiness');
    var up = r.status === 'UP';
    ready.textContent = up ? t('health.ready') : t('health.notReady');
    ready.className = 'badge ' + (up ? 'ok' : 'bad');
    var rows = (r.checks || []).map(function (c) {
      var tr = el('tr', { 'data-check': c.id });
      var name = t('check.' + c.id);
      tr.appendChild(el('th', { scope: 'row' }, name === 'check.' + c.id ? c.id : name));
      tr.appendChild(statusCell(c.status, t('status.' + c.status)));
      tr.appendChild(el('td', { class: 'detail' }, detailText(c.data)));
      return tr;
    });
    document.querySelector('#health tbody').replaceChildren.apply(document.querySelector('#health tbody'), rows);
  }

  function renderBreakers(breakers) {
    var names = Object.keys(breakers).sort();
    var tbody = document.querySelector('#breakers tbody');
    if (names.length === 0) {
      var tr = el('tr');
      tr.appendChild(el('td', { colspan: '2', class: 'muted' }, t('breakers.empty')));
      tbody.replaceChildren(tr);
      return;
    }
    tbody.replaceChildren.apply(tbody, names.map(function (name) {
      var row = el('tr', { 'data-breaker': name });
      row.appendChild(el('th', { scope: 'row' }, name));
      row.appendChild(statusCell(breakers[name], t('state.' + breakers[name])));
      return row;
    }));
  }

  // --- delivery queue ----------------------------------------------------------------------------

  function renderDeadLetters(list) {
    var items = list.deadLetters || [];
    var signature = JSON.stringify(items.map(function (d) { return [d.jobId, d.attempts]; }));
    if (signature === queueSignature) return; // keeps focus on a button while nothing changed
    queueSignature = signature;
    var tbody = document.querySelector('#dead-letters tbody');
    document.getElementById('queue-empty').hidden = items.length > 0;
    document.getElementById('dead-letters').classList.toggle('empty', items.length === 0);
    tbody.replaceChildren.apply(tbody, items.map(function (d) {
      var tr = el('tr', { 'data-receipt': d.receiptCode });
      tr.appendChild(el('th', { scope: 'row' }, d.receiptCode));
      tr.appendChild(el('td', null, d.agencyCode));
      tr.appendChild(el('td', { class: 'num' }, n(d.attempts)));
      tr.appendChild(el('td', { class: 'detail' }, d.lastError || ''));
      var action = el('td');
      var button = el('button', { type: 'button', class: 'redrive', 'data-receipt': d.receiptCode,
        'aria-label': t('queue.redriveLabel', d.receiptCode) }, t('queue.redrive'));
      button.addEventListener('click', function () { redrive(button, d.receiptCode); });
      action.appendChild(button);
      tr.appendChild(action);
      return tr;
    }));
  }

  function redrive(button, code) {
    button.disabled = true;
    // The custom header is what the gateway's CSRF guard asks of state-changing ops calls.
    api('/ops/v1/dossiers/' + encodeURIComponent(code) + '/redrive', { method: 'POST', headers: { 'X-Requested-With': 'XMLHttpRequest' } })
      .then(function () {
        say(t('queue.redriven', code), false);
        return refreshQueue();
      })
      .catch(function (e) {
        button.disabled = false;
        say(t('queue.failed', code, e.message), true);
      });
  }

  function refreshQueue() {
    return api('/ops/v1/dead-letters?limit=100').then(renderDeadLetters);
  }

  // --- statistics --------------------------------------------------------------------------------

  function statsRow(r, total) {
    var tr = el('tr');
    if (total) {
      tr.appendChild(el('th', { scope: 'row', colspan: '2' }, t('stats.total')));
    } else {
      tr.appendChild(el('td', null, r.agency));
      tr.appendChild(el('th', { scope: 'row' }, r.procedureName ? r.procedureName + ' (' + r.procedure + ')' : r.procedure));
    }
    [['received', r.received], ['resolved', r.resolved.total], ['early', r.resolved.early], ['onTime', r.resolved.onTime],
      ['late', r.resolved.late], ['inProgress', r.inProgress.total], ['overdue', r.inProgress.overdue]].forEach(function (c) {
      tr.appendChild(el('td', { class: 'num', 'data-col': c[0] }, n(c[1])));
    });
    tr.appendChild(el('td', { class: 'num', 'data-col': 'onTimePercent' }, twoDecimals.format(Number(r.onTimePercent))));
    return tr;
  }

  function loadStats(period) {
    var input = document.getElementById('period');
    if (!PERIOD.test(period)) {
      input.setAttribute('aria-invalid', 'true');
      say(t('error.load', document.getElementById('period-hint').textContent), true);
      input.focus();
      return Promise.resolve();
    }
    input.removeAttribute('aria-invalid');
    var query = 'period=' + encodeURIComponent(period) + '&lang=' + lang;
    return api('/ops/v1/statistics?' + query).then(function (report) {
      var table = document.getElementById('stats');
      document.getElementById('stats-caption').textContent = t('stats.caption', report.period.name);
      var tbody = table.querySelector('tbody');
      var rows = report.rows.map(function (r) { return statsRow(r, false); });
      if (rows.length === 0) {
        var empty = el('tr');
        empty.appendChild(el('td', { colspan: '10', class: 'muted' }, t('stats.empty')));
        rows = [empty];
      }
      tbody.replaceChildren.apply(tbody, rows);
      table.querySelector('tfoot').replaceChildren(statsRow(report.total, true));
      document.getElementById('stats-csv').setAttribute('href', '/ops/v1/statistics?' + query + '&format=csv');
      body.dataset.period = report.period.name;
      history.replaceState(null, '', '/ops/dashboard?lang=' + lang + '&period=' + encodeURIComponent(report.period.name));
    }).catch(function (e) {
      input.setAttribute('aria-invalid', 'true');
      say(t('error.load', e.message), true);
    });
  }

  // --- polling -----------------------------------------------------------------------------------

  function tick() {
    Promise.all([api('/ops/v1/overview').then(renderOverview), refreshQueue()])
      .then(function () {
        var s = document.getElementById('status');
        if (s.classList.contains('bad') && s.dataset.source === 'poll') say('', false);
      })
      .catch(function (e) {
        say(t('error.load', e.message), true);
        document.getElementById('status').dataset.source = 'poll';
      })
      .then(function () { window.setTimeout(tick, interval); });
  }

  document.getElementById('stats-form').addEventListener('submit', function (event) {
    event.preventDefault();
    loadStats(document.getElementById('period').value.trim());
  });

  tick();
  loadStats(body.dataset.period);
})();
