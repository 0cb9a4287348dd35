/*
 * energy4j flame graph: draws the profile embedded in this page as SVG, with zoom, search and details.
 * Data: {"unit":"mJ","frames":[names],"nodes":[[frameIndex, parentIndex, selfMilliJoules], ...]}, node 0 the root,
 * parents before children. No network, no libraries.
 */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('profile-data').textContent);
  var frames = data.frames, nodes = data.nodes, n = nodes.length;
  var parent = new Int32Array(n), self = new Float64Array(n), total = new Float64Array(n), depth = new Int32Array(n);
  var kids = new Array(n), i;
  for (i = 0; i < n; i++) {
    parent[i] = nodes[i][1];
    self[i] = nodes[i][2];
    total[i] = self[i];
    kids[i] = [];
  }
  for (i = n - 1; i > 0; i--) {
    total[parent[i]] += total[i];
  }
  for (i = 1; i < n; i++) {
    depth[i] = depth[parent[i]] + 1;
    kids[parent[i]].push(i);
  }
  function name(v) {
    return v === 0 ? 'all' : frames[nodes[v][0]];
  }
  function byName(a, b) {
    var x = name(a), y = name(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  for (i = 0; i < n; i++) {
    kids[i].sort(byName);
  }

  var ROW = 18, CHAR = 7.2;
  var chart = document.getElementById('chart'), details = document.getElementById('details');
  var search = document.getElementById('search'), matched = document.getElementById('matched');
  var zoom = 0, pattern = null;

  function hash(s) {
    var h = 2166136261;
    for (var k = 0; k < s.length; k++) {
      h ^= s.charCodeAt(k);
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  }
  function color(v) {
    var s = name(v);
    if (pattern && v !== 0 && pattern.test(s)) {
      return 'rgb(214,80,224)';
    }
    if (v === 0) {
      return 'rgb(196,150,120)';
    }
    if (s.charAt(0) === '[') {
      return 'rgb(178,178,190)';
    }
    var h = hash(s);
    return 'hsl(' + (4 + h % 46) + ',88%,' + (52 + (h >>> 8) % 14) + '%)';
  }
  function energy(mj) {
    return mj >= 1000 ? (mj / 1000).toFixed(3) + ' J' : mj >= 1 ? mj.toFixed(1) + ' mJ' : (mj * 1000).toFixed(0) + ' \u00b5J';
  }
  function share(mj) {
    return total[0] > 0 ? (100 * mj / total[0]).toFixed(1) + '%' : 'n/a';
  }
  function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function fit(s, w) {
    var chars = Math.floor((w - 6) / CHAR);
    if (s.length <= chars) {
      return s;
    }
    return chars < 3 ? '' : s.slice(0, chars - 2) + '..';
  }
  function bar(out, v, x, w, height, dim) {
    var y = height - (depth[v] + 1) * ROW;
    out.push('<g class="' + (dim ? 'f dim' : 'f') + '" data-node="' + v + '"><title>' + esc(name(v)) + ': ' +
      energy(total[v]) + ' (' + share(total[v]) + '), self ' + energy(self[v]) + '</title><rect x="' + x.toFixed(1) +
      '" y="' + y + '" width="' + Math.max(0.5, w - 0.5).toFixed(1) + '" height="' + (ROW - 1) + '" fill="' +
      color(v) + '"/>');
    var label = fit(name(v), w);
    if (label) {
      out.push('<text x="' + (x + 3).toFixed(1) + '" y="' + (y + 13) + '">' + esc(label) + '</text>');
    }
    out.push('</g>');
  }
  function render() {
    var width = Math.max(200, chart.clientWidth), zt = total[zoom] || 1, boxes = [], top = 0, k;
    for (var a = parent[zoom]; a >= 0 && zoom !== 0; a = parent[a]) {
      boxes.push([a, 0, width, true]);
      if (a === 0) {
        break;
      }
    }
    var stack = [zoom], xs = [0];
    while (stack.length) {
      var v = stack.pop(), x = xs.pop(), w = total[v] / zt * width;
      if (w < 0.5) {
        continue; // too narrow to see, and so are its callees
      }
      boxes.push([v, x, w, false]);
      top = Math.max(top, depth[v]);
      var cx = x;
      for (k = 0; k < kids[v].length; k++) {
        var c = kids[v][k];
        stack.push(c);
        xs.push(cx);
        cx += total[c] / zt * width;
      }
    }
    var height = (top + 1) * ROW; // as high as the deepest box drawn: the root row at the bottom
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + width + '" height="' + height + '">'];
    for (k = 0; k < boxes.length; k++) {
      bar(out, boxes[k][0], boxes[k][1], boxes[k][2], height, boxes[k][3]);
    }
    out.push('</svg>');
    chart.innerHTML = out.join('');
    var hit = 0;
    if (pattern) {
      var todo = [0];
      while (todo.length) {
        var u = todo.pop();
        if (u !== 0 && pattern.test(name(u))) {
          hit += total[u];
        } else {
          Array.prototype.push.apply(todo, kids[u]);
        }
      }
      matched.textContent = 'matched: ' + energy(hit) + ' (' + share(hit) + ')';
    } else {
      matched.textContent = '';
    }
  }
  function nodeOf(e) {
    var g = e.target.closest ? e.target.closest('g.f') : null;
    return g ? parseInt(g.getAttribute('data-node'), 10) : -1;
  }
  chart.addEventListener('click', function (e) {
    var v = nodeOf(e);
    if (v >= 0) {
      zoom = v;
      render();
    }
  });
  chart.addEventListener('mousemove', function (e) {
    var v = nodeOf(e);
    if (v >= 0) {
      details.textContent = name(v) + ': ' + energy(total[v]) + ' (' + share(total[v]) + ' of all), self ' +
        energy(self[v]);
    }
  });
  document.getElementById('reset').addEventListener('click', function () {
    zoom = 0;
    render();
  });
  search.addEventListener('input', function () {
    try {
      pattern = search.value ? new RegExp(search.value) : null;
    } catch (err) {
      pattern = null;
    }
    render();
  });
  window.addEventListener('resize', render);
  render();
}());
