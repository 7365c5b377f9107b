// The kg viewer. Reads the graph from the JSON block #kg-data and draws it with vis-network.
// Every string in the data came from articles: it only ever goes into the page as textContent,
// text nodes or vis-network's canvas labels and plain-text tooltips, never as markup or a link.
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('kg-data').textContent);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const classes = new Map(data.classes.map((c) => [c.name, c]));
  const edgesById = new Map(data.edges.map((e) => [e.id, e]));
  const edgesOf = new Map();
  for (const e of data.edges) {
    for (const end of [e.from, e.to]) {
      if (!edgesOf.has(end)) edgesOf.set(end, []);
      edgesOf.get(end).push(e);
    }
  }
  const LIST_MAX = 200; // longer lists of facts or sentences in the panel are cut, with a note
  const hiddenClasses = new Set();
  const shown = new Set();
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();

  // ---- small DOM helpers: elements are built from text, never from HTML strings

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    node.append(...children);
    return node;
  }

  function swatch(cls) {
    const c = classes.get(cls);
    const span = el('span', { className: c.event ? 'swatch event' : 'swatch' });
    span.style.background = c.color;
    return span;
  }

  function short(text) {
    return text.length > 40 ? text.slice(0, 39) + '\u2026' : text;
  }

  // ---- what is drawn

  function visNode(n) {
    const c = classes.get(n.cls);
    const aliases = n.alt.length ? '\nalso: ' + n.alt.slice(0, 5).join('; ') : '';
    return {
      id: n.id,
      label: short(n.label),
      title: n.label + '\n' + n.cls + aliases, // a string title is shown as plain text (innerText)
      x: n.x,
      y: n.y,
      size: n.size,
      shape: c.event ? 'diamond' : 'dot',
      color: { background: c.color, border: '#555', highlight: { background: c.color, border: '#111' } },
      hidden: hiddenClasses.has(n.cls),
    };
  }

  function visEdge(e) {
    return {
      id: e.id,
      from: e.from,
      to: e.to,
      label: e.label,
      title: e.label,
      dashes: e.kind === 'role',
      color: { color: e.kind === 'role' ? '#c2ab95' : '#8896a5', highlight: '#222', hover: '#444' },
    };
  }

  function show(ids) {
    const added = [];
    for (const id of ids) {
      if (!shown.has(id) && byId.has(id)) {
        shown.add(id);
        added.push(id);
      }
    }
    if (!added.length) return;
    nodes.add(added.map((id) => visNode(byId.get(id))));
    const newEdges = new Map();
    for (const id of added) {
      for (const e of edgesOf.get(id) || []) {
        if (shown.has(e.from) && shown.has(e.to) && !edges.get(e.id)) newEdges.set(e.id, visEdge(e));
      }
    }
    edges.add([...newEdges.values()]);
    updateStatus();
  }

  function neighbours(id) {
    return (edgesOf.get(id) || []).map((e) => (e.from === id ? e.to : e.from));
  }

  function updateStatus() {
    const total = data.nodes.length;
    let text = total + ' nodes, ' + data.edges.length + ' edges';
    if (shown.size < total) {
      text += ' \u2014 showing ' + shown.size + ', the most central first; click a node to add its neighbours';
    }
    document.getElementById('status').textContent = text;
  }

  show(data.nodes.filter((n) => n.rank < data.limit).map((n) => n.id));

  const big = data.nodes.length > 500;
  const network = new vis.Network(
    document.getElementById('graph'),
    { nodes, edges },
    {
      autoResize: true,
      layout: { improvedLayout: false, randomSeed: 0 },
      physics: { enabled: false, solver: 'forceAtlas2Based', stabilization: false },
      interaction: { hover: true, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
      nodes: {
        borderWidth: 1,
        font: { size: 14, face: 'system-ui, sans-serif', color: '#222', strokeWidth: 4, strokeColor: '#fff' },
      },
      edges: {
        smooth: false,
        width: 1.2,
        arrows: { to: { enabled: true, scaleFactor: 0.5 } },
        font: { size: 10, face: 'system-ui, sans-serif', color: '#555', strokeWidth: 3, strokeColor: '#fff', align: 'middle' },
      },
    },
  );

  // ---- highlighting names in evidence sentences

  function escapeRegExp(text) {
    return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }

  function namesOf(id) {
    const n = byId.get(id);
    return n ? [n.label, ...n.alt] : [];
  }

  // Returns a fragment of text nodes and <mark> elements: the names found as whole words are marked.
  function highlighted(text, names) {
    const frag = document.createDocumentFragment();
    const terms = [...new Set(names.filter((t) => t.trim()))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    if (!terms.length) {
      frag.append(text);
      return frag;
    }
    const re = new RegExp('(?<![\\p{L}\\p{N}])(?:' + terms.map(escapeRegExp).join('|') + ')(?![\\p{L}\\p{N}])', 'giu');
    let last = 0;
    for (const m of text.matchAll(re)) {
      if (!m[0]) continue;
      frag.append(text.slice(last, m.index), el('mark', { textContent: m[0] }));
      last = m.index + m[0].length;
    }
    frag.append(text.slice(last));
    return frag;
  }

  function evidenceOf(edge) {
    return edge.kind === 'role' ? byId.get(edge.from).evidence : edge.evidence;
  }

  function evidenceList(items, names) {
    const seen = new Set();
    const unique = [];
    for (const item of items) {
      const key = item.doc + '\u0000' + item.text;
      if (!seen.has(key)) {
        seen.add(key);
        unique.push(item);
      }
    }
    unique.sort((a, b) => (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    if (!unique.length) return [el('p', { className: 'hint', textContent: 'No evidence sentence recorded.' })];
    const quotes = unique.slice(0, LIST_MAX).map((item) =>
      el('blockquote', { className: 'evidence' }, highlighted(item.text, names),
        el('cite', { textContent: item.doc ? 'document ' + item.doc : 'document unknown' })),
    );
    if (unique.length > LIST_MAX) quotes.push(el('p', { className: 'hint', textContent: 'and ' + (unique.length - LIST_MAX) + ' more' }));
    return quotes;
  }

  // ---- the side panel

  const panel = document.getElementById('panel');

  function capped(items, make) {
    const out = items.slice(0, LIST_MAX).map(make);
    if (items.length > LIST_MAX) out.push(el('li', { className: 'hint', textContent: 'and ' + (items.length - LIST_MAX) + ' more' }));
    return out;
  }

  function nodeButton(id) {
    const n = byId.get(id);
    return el('button', { type: 'button', textContent: short(n.label), title: n.label, onclick: () => choose(id) });
  }

  function section(title, ...children) {
    return [el('h3', { textContent: title }), ...children];
  }

  function showNode(id) {
    const n = byId.get(id);
    const incident = (edgesOf.get(id) || []).slice().sort((a, b) => {
      const ka = (a.from === id ? '0' : '1') + a.label + '\u0000' + byId.get(a.from === id ? a.to : a.from).label;
      const kb = (b.from === id ? '0' : '1') + b.label + '\u0000' + byId.get(b.from === id ? b.to : b.from).label;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    const parts = [
      el('h2', { textContent: n.label }),
      el('p', { className: 'cls' }, swatch(n.cls), n.cls),
      el('p', { className: 'iri', textContent: n.id }),
    ];
    if (n.alt.length) parts.push(...section('Also called', el('ul', {}, ...n.alt.map((a) => el('li', { textContent: a })))));
    if (n.props.length) {
      parts.push(...section('Details', el('ul', {}, ...n.props.map(([k, v]) =>
        el('li', {}, el('span', { className: 'prop', textContent: k }), ' ' + v)))));
    }
    if (incident.length) {
      parts.push(...section('Facts', el('ul', { className: 'facts' }, ...capped(incident, (e) =>
        e.from === id
          ? el('li', {}, el('strong', { textContent: short(n.label) }), ' ', el('span', { className: 'prop', textContent: e.label }), ' ', nodeButton(e.to))
          : el('li', {}, nodeButton(e.from), ' ', el('span', { className: 'prop', textContent: e.label }), ' ', el('strong', { textContent: short(n.label) })),
      ))));
    }
    // Events: their own evidence, with the role fillers' names marked. Entities: the evidence of their facts and events.
    const names = isEvent(n) ? [...namesOf(id), ...neighbours(id).flatMap(namesOf)] : namesOf(id);
    const items = [...n.evidence, ...incident.flatMap(evidenceOf)];
    parts.push(...section('Evidence', ...evidenceList(items, names)));
    panel.replaceChildren(...parts);
    panel.scrollTop = 0;
  }

  function isEvent(n) {
    return classes.get(n.cls).event;
  }

  function showEdge(edgeId) {
    const e = edgesById.get(edgeId);
    const names = [...namesOf(e.from), ...namesOf(e.to)];
    panel.replaceChildren(
      el('h2', {}, nodeButton(e.from), ' ', el('span', { className: 'prop', textContent: e.label }), ' ', nodeButton(e.to)),
      el('p', { className: 'cls', textContent: e.kind === 'role' ? 'event role' : 'fact' }),
      ...section('Evidence', ...evidenceList(evidenceOf(e), names)),
    );
    panel.scrollTop = 0;
  }

  // Shows a node with its neighbours, selects it, and fills the panel.
  function choose(id, focus = true) {
    const n = byId.get(id);
    if (!n) return;
    if (hiddenClasses.has(n.cls)) toggleClass(n.cls);
    show([id, ...neighbours(id)]);
    network.selectNodes([id]);
    if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1), animation: { duration: 300 } });
    showNode(id);
  }

  network.on('click', (params) => {
    if (params.nodes.length) choose(params.nodes[0], false);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ---- the legend: one toggle per class

  const legendButtons = new Map();

  function toggleClass(cls) {
    const hide = !hiddenClasses.has(cls);
    if (hide) hiddenClasses.add(cls);
    else hiddenClasses.delete(cls);
    legendButtons.get(cls).setAttribute('aria-pressed', String(!hide));
    nodes.update([...shown].filter((id) => byId.get(id).cls === cls).map((id) => ({ id, hidden: hide })));
  }

  const legend = document.getElementById('legend');
  for (const [title, isEvent] of [['Entities', false], ['Events', true]]) {
    const group = data.classes.filter((c) => c.event === isEvent);
    if (!group.length) continue;
    legend.append(el('h2', { textContent: title }));
    for (const c of group) {
      const button = el('button', { type: 'button', onclick: () => toggleClass(c.name) },
        swatch(c.name), el('span', { className: 'name', textContent: c.name }),
        el('span', { className: 'count', textContent: String(c.count) }));
      button.dataset.cls = c.name;
      button.setAttribute('aria-pressed', 'true');
      legendButtons.set(c.name, button);
      legend.append(button);
    }
  }

  // ---- search over labels and aliases

  const search = document.getElementById('search');
  const results = document.getElementById('results');

  function matches(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const found = [];
    for (const n of data.nodes) {
      let best = null;
      for (const name of [n.label, ...n.alt]) {
        const t = name.toLowerCase();
        const score = t === q ? 0 : t.startsWith(q) ? 1 : t.includes(q) ? 2 : 3;
        if (score < 3 && (!best || score < best.score)) best = { score, name };
      }
      if (best) found.push({ node: n, score: best.score, name: best.name });
    }
    found.sort((a, b) => a.score - b.score || a.node.rank - b.node.rank);
    return found.slice(0, 12);
  }

  function pick(id) {
    results.hidden = true;
    choose(id);
  }

  search.addEventListener('input', () => {
    const found = matches(search.value);
    results.replaceChildren(...found.map((m) => {
      const sub = m.node.cls + (m.name !== m.node.label ? ' \u00b7 ' + m.name : '');
      return el('li', { role: 'option' },
        el('button', { type: 'button', onclick: () => pick(m.node.id) },
          el('span', { textContent: m.node.label }), el('span', { className: 'sub', textContent: sub })));
    }));
    if (!found.length && search.value.trim()) results.replaceChildren(el('li', { className: 'none', textContent: 'No match' }));
    results.hidden = !search.value.trim();
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      const found = matches(search.value);
      if (found.length) pick(found[0].node.id);
    } else if (event.key === 'Escape') {
      results.hidden = true;
    } else if (event.key === 'ArrowDown' && results.querySelector('button')) {
      event.preventDefault();
      results.hidden = false;
      results.querySelector('button').focus();
    }
  });

  // ---- toolbar

  document.getElementById('fit').addEventListener('click', () => network.fit());
  const physics = document.getElementById('physics');
  physics.addEventListener('click', () => {
    const on = physics.getAttribute('aria-pressed') !== 'true';
    network.setOptions({ physics: { enabled: on } });
    physics.setAttribute('aria-pressed', String(on));
    physics.textContent = on ? 'Physics: on' : 'Physics: off';
  });

  // For tests and the browser console; holds no data that is not already in the page.
  window.kgViewer = Object.freeze({ network, nodes, edges, choose });
})();
