// The loss-rate page's script, second part (tools/report/table_html.cc,
// after table_html_script.cc's pictures): the sortable, filterable table;
// then what was drawn, counted on <body> (data-headline, data-cells,
// data-runs, data-points, data-rows) so a headless browser can check the page
// (tests/tools/report/html_check.py), and with #check in the address, every
// control worked as a reader would (data-check).
namespace tools {

extern const char* const kTableHtmlTable;

const char* const kTableHtmlTable = R"(
// The table: every row, sortable by any column, filtered by any text.
function drawTable() {
  // A column: its header, its value to sort by, whether that is a number, and
  // its text (the value itself when not given).
  const percent = (title, key) => [title, r => r[key], true, r => pct(r[key])];
  const words = (title, key) => [title, r => r[key]];
  const columns = [
    ['#', r => r.index + 1, true],
    words('Scenario', 'scenario'),
    ['Settings (off the most often)', r => r.label || '-'],
    words('Fault mix', 'fault_mix'),
    ['Runs', r => r.runs, true],
    [
      'Runs with loss [95 % CI]', r => r.with_loss, true,
      r => r.with_loss + '/' + r.runs + ' [' + r.with_loss_low.toFixed(0) + ', ' +
          r.with_loss_high.toFixed(0) + '] %'
    ],
    ['Loss per run, mean % [95 % CI]', r => r.mean, true, interval],
    percent('Min %', 'min'),
    percent('Median %', 'median'),
    percent('Max %', 'max'),
    percent('Pooled %', 'pooled'),
    percent('At cutover, pooled %', 'cutover'),
    percent('Destroyed puts %', 'destroyed'),
    words('Outcomes', 'outcomes'),
    words('Causes at end', 'causes'),
  ];
  const table = document.getElementById('rows');
  const head = table.tHead.insertRow();
  const body = table.tBodies[0];
  const trs = rows.map(function(r) {
    const tr = body.insertRow();
    tr.id = 'row-' + (r.index + 1);
    columns.forEach(function(c) {
      const td = tr.insertCell();
      td.textContent = c[3] ? c[3](r) : String(c[1](r));
      if (c[2]) td.className = 'n';
    });
    return tr;
  });
  let sorted = -1, down = false;
  columns.forEach(function(c, i) {
    const th = document.createElement('th');
    th.textContent = c[0];
    th.addEventListener('click', function() {
      down = sorted === i ? !down : false;
      sorted = i;
      const order = rows.slice().sort(function(a, b) {
        const x = c[1](a), y = c[1](b);
        if (x === null || y === null) return (x === null) - (y === null);
        const less = c[2] ? x - y : String(x).localeCompare(String(y));
        return down ? -less : less;
      });
      order.forEach(function(r) {
        body.appendChild(trs[r.index]);
      });
      head.querySelectorAll('th').forEach(function(h, k) {
        h.classList.toggle('sorted', k === i);
        h.classList.toggle('down', k === i && down);
      });
    });
    head.appendChild(th);
  });
  document.getElementById('filter').addEventListener('input', function(e) {
    const words = e.target.value.toLowerCase();
    trs.forEach(function(tr) {
      tr.hidden = words !== '' && !tr.textContent.toLowerCase().includes(words);
    });
  });
  return trs.length;
}

// #log opens the first picture on the log scale.
const counts = {
  headline: drawHeadline(location.hash === '#log' ? 'log' : 'linear'),
  cells: drawHeatmap(),
  runs: drawStrips(),
  points: drawCurves(),
  rows: drawTable()
};
['linear', 'log'].forEach(function(kind) {
  const button = document.getElementById(kind);
  if (button)
    button.addEventListener('click', function() {
      drawHeadline(kind);
    });
});
Object.keys(counts).forEach(function(k) {
  document.body.dataset[k] = String(counts[k]);
});

// #check (tests/tools/report/html_check.py): works every control as a
// reader would and says on <body> (data-check) whether each did its job.
if (location.hash === '#check') {
  const problems = [];
  const body = document.getElementById('rows').tBodies[0];
  const heads = document.querySelectorAll('#rows th');
  heads.forEach(function(th) {
    th.click();
    th.click();
  });                // every column, both ways
  heads[6].click();  // the mean loss per run, ascending
  const means = Array.from(body.rows).map(function(tr) {
    return rows[Number(tr.id.slice(4)) - 1].mean;
  });
  const known = means.filter(function(v) {
    return v !== null;
  });
  if (known.some(function(v, i) {
        return i > 0 && v < known[i - 1];
      }))
    problems.push('sort');
  if (means.indexOf(null) !== -1 && means.slice(means.indexOf(null)).some(function(v) {
        return v !== null;
      })) {
    problems.push('rows without a rate not last');
  }
  const filter = document.getElementById('filter');
  const words = rows[rows.length - 1].scenario.toLowerCase();
  filter.value = words;
  filter.dispatchEvent(new Event('input'));
  Array.from(body.rows).forEach(function(tr) {
    if (tr.hidden === tr.textContent.toLowerCase().includes(words))
      problems.push('filter ' + tr.id);
  });
  filter.value = '';
  filter.dispatchEvent(new Event('input'));
  if (Array.from(body.rows).some(function(tr) {
        return tr.hidden;
      }))
    problems.push('filter cleared');
  ['log', 'linear'].forEach(function(kind) {
    const button = document.getElementById(kind);
    if (!button) return;
    button.click();
    const svg = document.getElementById('headline');
    if (svg.querySelectorAll('.mark').length !== counts.headline) problems.push(kind + ' marks');
    if (svg.textContent.indexOf('(' + kind + ' scale)') === -1) problems.push(kind + ' axis');
  });
  document.body.dataset.check = problems.length ? problems.join('; ') : 'ok';
}
})();  // opened by table_html_script.cc
)";

}  // namespace tools
