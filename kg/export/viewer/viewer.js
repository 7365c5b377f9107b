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
  const filter = { doc: -1, degree: 0 }; // -1: every document
  const shown = new Set(); // the nodes put into the network so far (all of them in small graphs)
  const revealed = { nodes: new Set(), edges: new Set() }; // hovered or selected: their labels are drawn
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

  // Events and event roles are many and their labels long: their labels are drawn only while they
  // are hovered or selected (an event's label also shows as its tooltip).
  function nodeLabel(n) {
    return classes.get(n.cls).event && !revealed.nodes.has(n.id) ? '' : short(n.label);
  }

  function edgeLabel(e) {
    return e.kind === 'role' && !revealed.edges.has(e.id) ? '' : e.label;
  }

  function isVisible(n) {
    return !hiddenClasses.has(n.cls) && n.degree >= filter.degree && (filter.doc < 0 || n.docs.includes(filter.doc));
  }

  function visNode(n) {
    const c = classes.get(n.cls);
    const aliases = n.alt.length ? '\nalso: ' + n.alt.slice(0, 5).join('; ') : '';
    return {
      id: n.id,
      label: nodeLabel(n),
      title: n.label + '\n' + n.cls + aliases, // a string title is shown as plain text (innerText)
      x: n.x,
      y: n.y,
      size: n.size,
      shape: c.event ? 'diamond' : 'dot',
      color: { background: c.color, border: '#555', highlight: { background: c.color, border: '#111' } },
      hidden: !isVisible(n),
    };
  }

  function visEdge(e) {
    return {
      id: e.id,
      from: e.from,
      to: e.to,
      label: edgeLabel(e),
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
    const visible = [...shown].filter((id) => isVisible(byId.get(id))).length;
    let text = total + ' nodes, ' + data.edges.length + ' edges';
    if (shown.size < total) {
      text += ' \u2014 showing ' + visible + ', the most central first; click a node to add its neighbours';
    } else if (visible < total) {
      text += ' \u2014 showing ' + visible;
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

  const docTitles = new Map(data.documents.filter((d) => d.label !== d.id).map((d) => [d.id, d.label]));

  function citation(doc) {
    if (!doc) return 'document unknown';
    return docTitles.has(doc) ? 'document ' + doc + ' \u2014 ' + docTitles.get(doc) : 'document ' + doc;
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
        el('cite', { textContent: citation(item.doc) })),
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
    if (!isVisible(n)) showFiltered(n);
    show([id, ...neighbours(id)]);
    network.selectNodes([id]);
    reveal();
    if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1), animation: { duration: 300 } });
    showNode(id);
  }

  network.on('click', (params) => {
    if (params.nodes.length) choose(params.nodes[0], false);
    else if (params.edges.length) showEdge(params.edges[0]);
    reveal();
  });

  // ---- labels of events and roles: drawn while hovered or selected

  const hovered = { node: null, edge: null };

  function reveal() {
    const wantNodes = new Set(network.getSelectedNodes());
    const wantEdges = new Set(network.getSelectedEdges());
    if (hovered.node !== null) {
      wantNodes.add(hovered.node);
      for (const e of edgesOf.get(hovered.node) || []) wantEdges.add(e.id);
    }
    if (hovered.edge !== null) wantEdges.add(hovered.edge);
    const changed = (want, have) => [...want, ...have].filter((id) => want.has(id) !== have.has(id));
    const nodeIds = changed(wantNodes, revealed.nodes).filter((id) => classes.get(byId.get(id).cls).event && nodes.get(id));
    const edgeIds = changed(wantEdges, revealed.edges).filter((id) => edgesById.get(id).kind === 'role' && edges.get(id));
    revealed.nodes = wantNodes;
    revealed.edges = wantEdges;
    if (nodeIds.length) nodes.update(nodeIds.map((id) => ({ id, label: nodeLabel(byId.get(id)) })));
    if (edgeIds.length) edges.update(edgeIds.map((id) => ({ id, label: edgeLabel(edgesById.get(id)) })));
  }

  network.on('hoverNode', (params) => { hovered.node = params.node; reveal(); });
  network.on('blurNode', () => { hovered.node = null; reveal(); });
  network.on('hoverEdge', (params) => { hovered.edge = params.edge; reveal(); });
  network.on('blurEdge', () => { hovered.edge = null; reveal(); });

  // ---- the legend: one toggle per class

  const legendButtons = new Map();

  // Hides and shows the nodes put in the network so far as the legend and the filters say.
  function applyFilters() {
    nodes.update([...shown].map((id) => ({ id, hidden: !isVisible(byId.get(id)) })));
    updateStatus();
  }

  function toggleClass(cls) {
    const hide = !hiddenClasses.has(cls);
    if (hide) hiddenClasses.add(cls);
    else hiddenClasses.delete(cls);
    legendButtons.get(cls).setAttribute('aria-pressed', String(!hide));
    applyFilters();
  }

  // Lifts whatever hides a node that was searched for or clicked in the panel.
  function showFiltered(n) {
    if (hiddenClasses.has(n.cls)) toggleClass(n.cls);
    if (filter.doc >= 0 && !n.docs.includes(filter.doc)) setDocument(-1);
    if (n.degree < filter.degree) setDegree(0);
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

  // ---- filters: one document, a minimum number of links

  const docFilter = document.getElementById('doc-filter');
  const degreeFilter = document.getElementById('degree-filter');
  const docCounts = new Array(data.documents.length).fill(0);
  for (const n of data.nodes) for (const d of n.docs) docCounts[d] += 1;
  const docOrder = data.documents.map((d, i) => i).sort((a, b) => {
    const la = data.documents[a].label.toLowerCase();
    const lb = data.documents[b].label.toLowerCase();
    return la < lb ? -1 : la > lb ? 1 : a - b;
  });
  for (const i of docOrder) {
    const d = data.documents[i];
    const text = short(d.label) + ' (' + docCounts[i] + ')';
    docFilter.append(el('option', { value: String(i), textContent: text, title: d.label + '\n' + d.id }));
  }
  degreeFilter.max = String(data.nodes.reduce((most, n) => Math.max(most, n.degree), 0));

  // Shows only the nodes found in document i (all of them, even in a big graph), or every document.
  function setDocument(i) {
    filter.doc = i;
    docFilter.value = i < 0 ? '' : String(i);
    if (i >= 0) show(data.nodes.filter((n) => n.docs.includes(i)).map((n) => n.id));
    applyFilters();
    const visible = [...shown].filter((id) => isVisible(byId.get(id)));
    if (visible.length) network.fit({ nodes: visible, animation: { duration: 300 } });
  }

  function setDegree(k) {
    filter.degree = k;
    degreeFilter.value = String(k);
    applyFilters();
  }

  docFilter.addEventListener('change', () => setDocument(docFilter.value === '' ? -1 : Number(docFilter.value)));
  degreeFilter.addEventListener('input', () => {
    const k = Math.floor(Number(degreeFilter.value));
    if (Number.isFinite(k) && k >= 0) {
      filter.degree = k;
      applyFilters();
    }
  });

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
