// The loss-rate page's style and the first part of its script
// (tools/report/table_html.cc): it reads the rows from the page's JSON and
// draws four pictures as SVG (the seed report's rows as dot and interval,
// linear or log; a heatmap of configuration by fault mix; every run as a dot;
// loss against each numeric setting). The second part,
// table_html_table.cc, draws the table and counts what was drawn. Both run
// as one function in one script, in this order.
namespace tools {

extern const char* const kTableHtmlStyle;
extern const char* const kTableHtmlPictures;

const char* const kTableHtmlStyle =
    R"(body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1b1f24;
  max-width: 1200px; }
h2 { margin-top: 32px; }
svg { display: block; max-width: 100%; height: auto; }
svg .grid { stroke: #e1e4e8; }
svg .zero-lane { stroke: #8c959f; stroke-dasharray: 2 3; }
svg .tick { font-size: 11px; text-anchor: middle; fill: #57606a; }
svg .axis-title { font-size: 12px; text-anchor: middle; fill: #57606a; }
svg .label { font-size: 11px; text-anchor: end; }
svg .label.left { text-anchor: start; }
svg .group { font-size: 13px; font-weight: 600; }
svg .status { font-size: 11px; fill: #57606a; }
svg .mark .bar { stroke: #54aeff; stroke-width: 6; stroke-linecap: round; }
svg .mark circle { fill: #0550ae; }
svg .mark .no-data { font-size: 11px; fill: #8c959f; font-style: italic; }
svg .cell text { font-size: 11px; text-anchor: middle; }
svg .cell text.dark { fill: #ffffff; }
svg .head { font-size: 11px; text-anchor: middle; fill: #1b1f24; }
svg .run { fill: #bf3989; fill-opacity: 0.55; }
svg .mean { stroke: #1b1f24; stroke-width: 2; }
svg .baseline { stroke: #d0d7de; }
svg .curve { fill: none; stroke-width: 2; }
svg .point { stroke: #ffffff; stroke-width: 1; }
.scale button { font: inherit; border: 1px solid #d0d7de; background: #f6f8fa; border-radius: 4px; }
.scale button.on { background: #0969da; color: #ffffff; border-color: #0969da; }
table { border-collapse: collapse; margin-top: 8px; }
th, td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; cursor: pointer; white-space: nowrap; }
th.sorted::after { content: " \25B4"; }
th.sorted.down::after { content: " \25BE"; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
)";

// Opens the function both parts run in (table_html_table.cc closes it), so
// that nothing lands on the page's global object (where `name` is taken).
const char* const kTableHtmlPictures = R"((function() {
'use strict';
const data = JSON.parse(document.getElementById('table-data').textContent);
const rows = data.rows;
rows.forEach(function(r, i) {
  r.index = i;
});
const NS = 'http://www.w3.org/2000/svg';
const palette =
    ['#0969da', '#bf3989', '#1a7f37', '#9a6700', '#8250df', '#cf222e', '#1b7c83', '#57606a'];

function el(parent, name, attrs, text) {
  const node = document.createElementNS(NS, name);
  for (const key in attrs) node.setAttribute(key, attrs[key]);
  if (text !== undefined) node.textContent = text;
  parent.appendChild(node);
  return node;
}
function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}
function size(svg, width, height) {
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
}
function pct(p) {
  if (p === null) return 'n/a';
  if (p === 0) return '0';
  return p >= 0.001 ? p.toFixed(3) : p.toPrecision(2);
}
// At most `n` characters, the rest in the mark's tooltip.
function short(text, n) {
  return text.length <= n ? text : text.slice(0, n - 1) + '\u2026';
}
function name(r) {
  return r.scenario + (r.label ? ' \u00b7 ' + r.label : '') + ' \u00b7 ' + r.fault_mix;
}
function interval(r) {
  return r.mean === null ? 'n/a' : pct(r.mean) + ' % [' + pct(r.low) + ', ' + pct(r.high) + ']';
}

// An x scale over [x0, x1] for the percentages in `values`: linear from 0,
// or log by powers of ten with 0 in a lane of its own at x0.
function xScale(kind, values, x0, x1) {
  const positive = values.filter(function(v) {
    return v > 0;
  });
  const max = positive.length ? Math.max.apply(null, positive) : 1;
  if (kind === 'log' && positive.length) {
    const lo = Math.pow(10, Math.floor(Math.log10(Math.min.apply(null, positive))));
    const hi = Math.max(Math.pow(10, Math.ceil(Math.log10(max))), lo * 10);
    const start = x0 + 40;
    const ticks = [0];
    for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
    return {
      kind: kind,
      ticks: ticks,
      at: function(v) {
        if (!(v > 0)) return x0;
        return start +
            (x1 - start) * (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
      }
    };
  }
  const raw = max / 5;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10]
                   .map(function(f) {
                     return f * power;
                   })
                   .find(function(s) {
                     return s >= raw;
                   });
  const top = step * Math.ceil(max / step - 1e-9);
  const ticks = [];
  for (let i = 0; i * step <= top + step / 2; ++i) ticks.push(i * step);
  return {
    kind: 'linear',
    ticks: ticks,
    at: function(v) {
      return x0 + (x1 - x0) * Math.max(v, 0) / top;
    }
  };
}
function axis(svg, scale, top, bottom, words) {
  scale.ticks.forEach(function(t, i) {
    const x = scale.at(t);
    el(svg, 'line', {
      class: scale.kind === 'log' && i === 0 ? 'zero-lane' : 'grid',
      x1: x,
      x2: x,
      y1: top,
      y2: bottom
    });
    el(svg, 'text', {class: 'tick', x: x, y: bottom + 14},
       t === 0 ? '0' : String(+t.toPrecision(3)));
  });
  const ends = [scale.at(scale.ticks[0]), scale.at(scale.ticks[scale.ticks.length - 1])];
  el(svg, 'text', {class: 'axis-title', x: (ends[0] + ends[1]) / 2, y: bottom + 32}, words);
}

// The seed report's rows: a dot at the mean loss per run, a bar over its interval.
function drawHeadline(kind) {
  const svg = document.getElementById('headline');
  if (!svg) return 0;
  clear(svg);
  const chosen = rows.filter(function(r) {
    return r.headline;
  });
  const left = 600, right = 940, rowHeight = 24, top = 10;
  const placed = [];
  let y = top, group = null;
  chosen.forEach(function(r) {
    const heading = r.scenario + ', ' + r.fault_mix;
    if (heading !== group) {
      y += 24;
      placed.push({heading: heading, y: y});
      group = heading;
    }
    y += rowHeight;
    placed.push({row: r, y: y - rowHeight / 2});
  });
  const bottom = y + 8;
  const values = [];
  chosen.forEach(function(r) {
    if (r.mean !== null) values.push(r.low, r.mean, r.high);
  });
  const scale = xScale(kind, values, left, right);
  axis(
      svg, scale, top, bottom,
      'loss at end per run, % of acknowledged documents (' + scale.kind + ' scale)');
  let marks = 0;
  placed.forEach(function(p) {
    if (p.heading) {
      el(svg, 'text', {class: 'group', x: 4, y: p.y}, p.heading);
      return;
    }
    const r = p.row;
    const label =
        el(svg, 'text', {class: 'label', x: left - 10, y: p.y + 4},
           short(r.headline_label || 'the most often settings', 100));
    el(label, 'title', {}, r.headline_label);
    const g = el(svg, 'g', {class: 'mark', 'data-row': r.index});
    el(g, 'title', {},
       name(r) + ': ' + interval(r) + '; ' + r.with_loss + ' of ' + r.runs + ' runs lost; ' +
           r.outcomes);
    ++marks;
    el(svg, 'text', {class: 'status', x: right + 12, y: p.y + 4},
       r.with_loss + '/' + r.runs + ' lost \u00b7 ' + r.outcomes);
    if (r.mean === null) {
      el(g, 'text', {class: 'no-data', x: left + 6, y: p.y + 4}, 'no acknowledged writes');
      return;
    }
    el(g, 'line', {class: 'bar', x1: scale.at(r.low), x2: scale.at(r.high), y1: p.y, y2: p.y});
    el(g, 'circle', {cx: scale.at(r.mean), cy: p.y, r: 5});
  });
  size(svg, 1200, bottom + 40);
  document.querySelectorAll('.scale button').forEach(function(b) {
    b.classList.toggle('on', b.id === kind);
  });
  return marks;
}

// Configuration down, fault mix across; each cell one row of the table.
function drawHeatmap() {
  const svg = document.getElementById('heatmap');
  const faults = Array
                     .from(new Set(rows.map(function(r) {
                       return r.fault_mix;
                     })))
                     .sort();
  const configurations = Array.from(new Set(rows.map(function(r) {
    return r.heat_label;
  })));
  const left = 600, column = 110, rowHeight = 18, top = 64;
  const positive = rows.map(function(r) {
                         return r.mean;
                       })
                       .filter(function(v) {
                         return v > 0;
                       });
  const lo = positive.length ? Math.log10(Math.min.apply(null, positive)) : 0;
  const hi = positive.length ? Math.log10(Math.max.apply(null, positive)) : 1;
  faults.forEach(function(f, c) {
    const words = f.split(' ');
    const lines = [''];
    words.forEach(function(w) {
      if (lines[lines.length - 1].length + w.length > 18 && lines[lines.length - 1]) lines.push('');
      lines[lines.length - 1] += (lines[lines.length - 1] ? ' ' : '') + w;
    });
    lines.slice(-4).forEach(function(line, i, kept) {
      el(svg, 'text',
         {class: 'head', x: left + column * (c + 0.5), y: top - 6 - 13 * (kept.length - 1 - i)},
         line);
    });
  });
  configurations.forEach(function(label, i) {
    const text =
        el(svg, 'text', {class: 'label', x: left - 8, y: top + rowHeight * i + 13},
           short(label || 'the most often settings', 100));
    el(text, 'title', {}, label);
  });
  let cells = 0;  // one a row: the page's data gives every row a cell of its own
  rows.forEach(function(r) {
    const c = faults.indexOf(r.fault_mix), i = configurations.indexOf(r.heat_label);
    const g = el(svg, 'g', {class: 'cell', 'data-row': r.index});
    ++cells;
    const t = r.mean > 0 ? (hi > lo ? (Math.log10(r.mean) - lo) / (hi - lo) : 1) : -1;
    const fill = r.mean === null ? '#ffffff' :
        t < 0                    ? '#eef1f4' :
                                   'hsl(' + (38 - 38 * t) + ', 90%, ' + (86 - 56 * t) + '%)';
    el(g, 'rect', {
      x: left + column * c + 1,
      y: top + rowHeight * i + 1,
      width: column - 2,
      height: rowHeight - 2,
      fill: fill
    });
    el(g, 'text',
       {class: t > 0.55 ? 'dark' : '', x: left + column * (c + 0.5), y: top + rowHeight * i + 13},
       pct(r.mean));
    el(g, 'title', {}, name(r) + ': ' + interval(r) + '; ' + r.outcomes);
  });
  size(svg, left + column * faults.length + 10, top + rowHeight * configurations.length + 10);
  return cells;
}

// Every run of every row that lost anything, a dot per run.
function drawStrips() {
  const svg = document.getElementById('strips');
  const chosen = rows.filter(function(r) {
                       return r.max > 0;
                     })
                     .sort(function(a, b) {
                       return b.mean - a.mean;
                     });
  const left = 600, right = 1160, rowHeight = 20, top = 10;
  if (!chosen.length) {
    el(svg, 'text', {class: 'label left', x: 4, y: 20}, 'No run lost anything.');
    size(svg, 600, 30);
    return 0;
  }
  const values = [];
  chosen.forEach(function(r) {
    values.push.apply(values, r.per_run);
  });
  const scale = xScale('linear', values, left, right);
  const bottom = top + rowHeight * chosen.length;
  axis(svg, scale, top, bottom, 'loss at end of each run, % of acknowledged documents');
  let dots = 0;
  chosen.forEach(function(r, i) {
    const y = top + rowHeight * (i + 0.5);
    el(svg, 'text', {class: 'label', x: left - 10, y: y + 4},
       short(r.scenario + (r.label ? ' \u00b7 ' + r.label : ''), 96));
    el(svg, 'line', {class: 'baseline', x1: left, x2: right, y1: y, y2: y});
    r.per_run.forEach(function(v, k) {
      const dot = el(svg, 'circle', {class: 'run', cx: scale.at(v), cy: y, r: 3.5});
      el(dot, 'title', {}, name(r) + ', seed ' + r.seeds[k] + ': ' + pct(v) + ' %');
      ++dots;
    });
    el(svg, 'line',
       {class: 'mean', x1: scale.at(r.mean), x2: scale.at(r.mean), y1: y - 7, y2: y + 7});
  });
  size(svg, right + 20, bottom + 40);
  return dots;
}

// For each numeric setting: one line per configuration (the other settings
// and the scenario), loss against the setting's value, where any loses.
function drawCurves() {
  const box = document.getElementById('curves');
  if (!data.numeric.length) {
    box.textContent = 'No numeric setting differs between the rows.';
    return 0;
  }
  let points = 0;
  data.numeric.forEach(function(path) {
    const groups = new Map();
    rows.forEach(function(r) {
      const value = r.settings[path];
      if (value === '' || r.mean === null) return;
      const others = Object.keys(r.settings)
                         .filter(function(p) {
                           return p !== path;
                         })
                         .map(function(p) {
                           return p + '=' + r.settings[p];
                         })
                         .join(', ');
      const key = r.scenario + ' | ' + others;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push({x: Number(value), r: r});
    });
    const lines = Array.from(groups.values()).filter(function(g) {
      return g.length >= 2 && g.some(function(p) {
        return p.r.mean > 0;
      });
    });
    const heading = document.createElement('h3');
    heading.textContent = path;
    box.appendChild(heading);
    const svg =
        el(box, 'svg', {class: 'curve-plot', role: 'img', 'aria-label': 'loss against ' + path});
    if (!lines.length) {
      el(svg, 'text', {class: 'label left', x: 4, y: 20},
         'No configuration loses anything at any value of ' + path + '.');
      size(svg, 700, 30);
      return;
    }
    const xs = Array
                   .from(new Set([].concat.apply([], lines.map(function(g) {
                     return g.map(function(p) {
                       return p.x;
                     });
                   }))))
                   .sort(function(a, b) {
                     return a - b;
                   });
    const left = 60, right = 560, top = 12, bottom = 252;
    const ymax = Math.max.apply(null, [].concat.apply([], lines.map(function(g) {
      return g.map(function(p) {
        return p.r.mean;
      });
    })));
    const y = xScale('linear', [ymax], bottom, top);  // the same round ticks, upwards
    y.ticks.forEach(function(t) {
      el(svg, 'line', {class: 'grid', x1: left, x2: right, y1: y.at(t), y2: y.at(t)});
      el(svg, 'text', {class: 'tick', x: left - 20, y: y.at(t) + 4}, String(+t.toPrecision(3)));
    });
    const x = function(v) {
      return xs.length === 1 ? (left + right) / 2 :
                               left + (right - left) * xs.indexOf(v) / (xs.length - 1);
    };
    xs.forEach(function(v) {
      el(svg, 'text', {class: 'tick', x: x(v), y: bottom + 16}, String(v));
    });
    el(svg, 'text', {class: 'axis-title', x: (left + right) / 2, y: bottom + 34},
       path + ' (each value evenly spaced)');
    el(svg, 'text', {
      class: 'axis-title',
      x: 14,
      y: (top + bottom) / 2,
      transform: 'rotate(-90 14 ' + (top + bottom) / 2 + ')'
    },
       'mean loss per run, %');
    lines.forEach(function(g, i) {
      g.sort(function(a, b) {
        return a.x - b.x;
      });
      const colour = palette[i % palette.length];
      el(svg, 'polyline', {
        class: 'curve',
        stroke: colour,
        points: g.map(function(p) {
                   return x(p.x) + ',' + y.at(p.r.mean);
                 }).join(' ')
      });
      g.forEach(function(p) {
        const dot =
            el(svg, 'circle', {class: 'point', fill: colour, cx: x(p.x), cy: y.at(p.r.mean), r: 4});
        el(dot, 'title', {}, name(p.r) + ': ' + interval(p.r));
        ++points;
      });
      const end = g[g.length - 1];
      el(svg, 'text', {class: 'label left', x: right + 8, y: y.at(end.r.mean) + 4},
         short(end.r.scenario + (end.r.label ? ' \u00b7 ' + end.r.label : ''), 90));
    });
    size(svg, 1200, bottom + 44);
  });
  return points;
}

)";

}  // namespace tools
