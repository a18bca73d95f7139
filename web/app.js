/* kibaru web page: filters, timeline, map, actor graph, table and the
 * sources of one cluster, over the JSON API of `kibaru serve`. Plain
 * JavaScript, no build step; the DOM is built node by node (no innerHTML),
 * so that no text from an article can become markup. */
'use strict';

(function () {
  /* ---- labels, French and English ---------------------------------------- */

  const I18N = {
    fr: {
      tagline: 'coopération sécuritaire, phrase par phrase',
      totals: '{documents} documents · {events} événements · {clusters} événements recoupés',
      f_type: 'Type', f_actor: 'Acteur', f_since: 'Depuis', f_until: "Jusqu'au",
      f_place: 'Lieu', f_modality: 'Modalité', f_min_sources: 'Sources min.',
      f_q: 'Texte', q_ph: 'hélicopt*', all: 'tous', apply: 'Filtrer', reset: 'Effacer',
      timeline: 'Chronologie par type', map: 'Carte des lieux',
      map_note: 'Frontières hors ligne (Natural Earth, paquet world-atlas), sans fond de carte.',
      map_missing: 'Carte indisponible : bibliothèques non installées (make deps).',
      graph: 'Qui fournit qui', graph_all: 'tous les types de liens',
      graph_suppliers: 'fournisseurs', graph_recipients: 'destinataires',
      graph_sources: 'source', graph_targets: 'cible',
      table: 'Événements recoupés', table_search: 'chercher dans le tableau',
      c_date: 'Date', c_type: 'Type', c_actors: 'Acteurs', c_equipment: 'Équipement',
      c_place: 'Lieu', c_modality: 'Modalité', c_sources: 'Sources indép.',
      c_reports: 'Articles', c_conflicts: 'Désaccords',
      close: 'Fermer', undated: 'sans date', none: 'aucun', no_results: 'Aucun résultat pour ces filtres.',
      loading: 'Chargement…', shown: '{n} événements recoupés affichés',
      truncated: '{n} premiers affichés : précisez les filtres',
      error: 'Erreur : {msg}',
      d_date: 'Date', d_range: 'fenêtre', d_place: 'Lieu', d_equipment: 'Équipement',
      d_modality: 'Modalité', d_independent: 'éditeurs indépendants',
      d_counts: '{docs} documents, {events} mentions', d_earliest: 'Premier signalement',
      d_conflicts: 'Désaccords entre sources', d_no_conflicts: 'Aucun désaccord entre les sources.',
      d_sources: 'Sources : {docs} articles, {n} phrases', d_copy: 'copie de {doc} (même dépêche : une seule source)',
      d_open: 'ouvrir l’article', d_loading_doc: 'chargement de l’article…',
      d_missing_doc: 'article introuvable', d_other: 'autre événement : {type}',
      d_sentence: 'Phrase source',
      cf_quantity: 'quantité', cf_date: 'date', cf_place: 'lieu', cf_designation: 'modèle',
      cf_modality: 'modalité', cf_participants: 'participants', cf_source: 'source',
      cf_target: 'cible', sources_n: '{n} src.', vs: ' contre ', colon: ' : ',
      equipment_sources: '{n} sources',
    },
    en: {
      tagline: 'security cooperation, sentence by sentence',
      totals: '{documents} documents · {events} events · {clusters} cross-checked events',
      f_type: 'Type', f_actor: 'Actor', f_since: 'Since', f_until: 'Until',
      f_place: 'Place', f_modality: 'Modality', f_min_sources: 'Min. sources',
      f_q: 'Text', q_ph: 'helicopt*', all: 'all', apply: 'Filter', reset: 'Clear',
      timeline: 'Timeline by type', map: 'Map of places',
      map_note: 'Offline boundaries (Natural Earth, world-atlas package), no tile server.',
      map_missing: 'Map unavailable: front-end libraries not installed (make deps).',
      graph: 'Who supplies whom', graph_all: 'all link types',
      graph_suppliers: 'suppliers', graph_recipients: 'recipients',
      graph_sources: 'source', graph_targets: 'target',
      table: 'Cross-checked events', table_search: 'search the table',
      c_date: 'Date', c_type: 'Type', c_actors: 'Actors', c_equipment: 'Equipment',
      c_place: 'Place', c_modality: 'Modality', c_sources: 'Indep. sources',
      c_reports: 'Reports', c_conflicts: 'Conflicts',
      close: 'Close', undated: 'undated', none: 'none', no_results: 'No result for these filters.',
      loading: 'Loading…', shown: '{n} cross-checked events shown',
      truncated: 'first {n} shown: narrow the filters',
      error: 'Error: {msg}',
      d_date: 'Date', d_range: 'window', d_place: 'Place', d_equipment: 'Equipment',
      d_modality: 'Modality', d_independent: 'independent publishers',
      d_counts: '{docs} documents, {events} mentions', d_earliest: 'First report',
      d_conflicts: 'Disagreements between sources', d_no_conflicts: 'The sources do not disagree.',
      d_sources: 'Sources: {docs} articles, {n} sentences', d_copy: 'copy of {doc} (same wire story: one source)',
      d_open: 'open the article', d_loading_doc: 'loading the article…',
      d_missing_doc: 'article not found', d_other: 'other event: {type}',
      d_sentence: 'Source sentence',
      cf_quantity: 'quantity', cf_date: 'date', cf_place: 'place', cf_designation: 'model',
      cf_modality: 'modality', cf_participants: 'participants', cf_source: 'source',
      cf_target: 'target', sources_n: '{n} src.', vs: ' vs ', colon: ': ',
      equipment_sources: '{n} sources',
    },
  };

  const TYPES = {
    DELIVERY: ['Livraison', 'Delivery', '#c0392b'],
    ORDER: ['Commande', 'Order', '#e67e22'],
    INTENT_ACQUIRE: ["Intention d'achat", 'Purchase plan', '#b7950b'],
    PRODUCTION: ['Production locale', 'Local production', '#8e5a3c'],
    AGREEMENT: ['Accord', 'Agreement', '#27ae60'],
    VISIT: ['Visite officielle', 'Official visit', '#2471a3'],
    MEETING: ['Rencontre', 'Meeting', '#17a2b8'],
    TRAINING: ['Formation', 'Training', '#7d3c98'],
    DEPLOYMENT: ['Déploiement', 'Deployment', '#d35490'],
    WITHDRAWAL: ['Retrait', 'Withdrawal', '#7f8c8d'],
    ATTACK: ['Attaque', 'Attack', '#2c3e50'],
  };
  const SUPPLY = ['DELIVERY', 'ORDER', 'INTENT_ACQUIRE', 'PRODUCTION', 'TRAINING', 'DEPLOYMENT'];
  const MODALITIES = {
    asserted: ['affirmé', 'asserted'],
    reported: ['rapporté', 'reported'],
    hedged: ['non confirmé', 'hedged'],
    planned: ['prévu', 'planned'],
    denied: ['démenti', 'denied'],
  };
  const CATEGORIES = {
    helicopter: ['hélicoptère', 'helicopter'],
    combat_aircraft: ['avion de combat', 'combat aircraft'],
    trainer_aircraft: ["avion d'entraînement", 'trainer aircraft'],
    transport_aircraft: ['avion de transport', 'transport aircraft'],
    drone: ['drone', 'drone'],
    armored_vehicle: ['blindé', 'armoured vehicle'],
    air_defense: ['défense aérienne', 'air defence'],
    artillery: ['artillerie', 'artillery'],
    small_arms: ['armes légères', 'small arms'],
    ammunition: ['munitions', 'ammunition'],
    radar: ['radar', 'radar'],
    naval: ['naval', 'naval'],
    other: ['matériel', 'materiel'],
  };
  const ACTORS = {
    RUS: ['Russie', 'Russia'], MLI: ['Mali', 'Mali'], BFA: ['Burkina Faso', 'Burkina Faso'],
    NER: ['Niger', 'Niger'], TCD: ['Tchad', 'Chad'], FRA: ['France', 'France'],
    USA: ['États-Unis', 'United States'], TUR: ['Turquie', 'Türkiye'], CHN: ['Chine', 'China'],
    DZA: ['Algérie', 'Algeria'], MAR: ['Maroc', 'Morocco'], SEN: ['Sénégal', 'Senegal'],
    CIV: ["Côte d'Ivoire", "Côte d'Ivoire"], NGA: ['Nigeria', 'Nigeria'], UKR: ['Ukraine', 'Ukraine'],
    IRN: ['Iran', 'Iran'], ARE: ['Émirats arabes unis', 'United Arab Emirates'],
    DEU: ['Allemagne', 'Germany'], ITA: ['Italie', 'Italy'], GBR: ['Royaume-Uni', 'United Kingdom'],
    HUN: ['Hongrie', 'Hungary'], BLR: ['Biélorussie', 'Belarus'], LBY: ['Libye', 'Libya'],
    SDN: ['Soudan', 'Sudan'], MRT: ['Mauritanie', 'Mauritania'], GIN: ['Guinée', 'Guinea'],
    TGO: ['Togo', 'Togo'], BEN: ['Bénin', 'Benin'], CMR: ['Cameroun', 'Cameroon'],
    CAF: ['Centrafrique', 'Central African Republic'], ISR: ['Israël', 'Israel'],
    WAGNER: ['Wagner', 'Wagner'], UN: ['ONU', 'UN'], AES: ['AES', 'AES'], ECOWAS: ['CEDEAO', 'ECOWAS'],
    EU: ['UE', 'EU'], NATO: ['OTAN', 'NATO'], JNIM: ['JNIM', 'JNIM'], ISSP: ['EIGS', 'ISSP'],
    FLA: ['FLA', 'FLA'], ARMED_GROUP: ['groupe armé', 'armed group'],
  };

  function stored(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      localStorage.setItem(key, value);
    } catch (e) { /* storage disabled: the choice lasts for this page only */ }
    return null;
  }
  let lang = stored('kibaru.lang') ||
    ((navigator.language || 'fr').slice(0, 2) === 'en' ? 'en' : 'fr');
  const L = () => (lang === 'fr' ? 0 : 1);

  function t(key, vars) {
    let s = (I18N[lang] && I18N[lang][key]) || I18N.fr[key] || key;
    for (const k in vars || {}) s = s.split('{' + k + '}').join(String(vars[k]));
    return s;
  }
  const typeName = (c) => (TYPES[c] ? TYPES[c][L()] : c || '?');
  const typeColor = (c) => (TYPES[c] ? TYPES[c][2] : '#888');
  const modalityName = (m) => (MODALITIES[m] ? MODALITIES[m][L()] : m || '–');
  const categoryName = (c) => (CATEGORIES[c] ? CATEGORIES[c][L()] : c || '');
  const actorName = (c) => (ACTORS[c] ? ACTORS[c][L()] : c);

  /* ---- small DOM helpers ---------------------------------------------------- */

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === 'class') e.className = attrs[k];
      else if (k === 'text') e.textContent = attrs[k];
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    }
    for (const kid of kids.flat()) if (kid !== null && kid !== undefined)
      e.append(kid instanceof Node ? kid : String(kid));
    return e;
  }
  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, ...kids) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    for (const kid of kids.flat()) if (kid) e.append(kid);
    return e;
  }
  const $ = (sel) => document.querySelector(sel);

  function setStatus(msg, isError) {
    const s = $('#status');
    s.textContent = msg;
    s.classList.toggle('error', !!isError);
  }

  async function api(path, params) {
    const qs = new URLSearchParams();
    for (const k in params || {}) if (params[k] !== '' && params[k] != null) qs.set(k, params[k]);
    const url = '/api/' + path + (qs.toString() ? '?' + qs : '');
    const r = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
      const e = body.error || {};
      throw new Error((e.param ? e.param + ': ' : '') + (e.message || r.status));
    }
    return body;
  }

  /* ---- state ------------------------------------------------------------------ */

  const state = {
    clusters: [],
    counts: null,
    actors: null,
    truncated: false,
    sort: { key: 'date', dir: -1 },
    selected: null,
    docs: new Map(), // document id -> promise of its record
  };

  function filters() {
    const f = {};
    for (const [k, v] of new FormData($('#filters'))) if (String(v).trim()) f[k] = String(v).trim();
    return f;
  }

  function writeHash() {
    const p = new URLSearchParams(filters());
    if (state.selected) p.set('cluster', state.selected);
    history.replaceState(null, '', p.toString() ? '#' + p : location.pathname);
  }

  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    const form = $('#filters');
    for (const [k, v] of p) if (form.elements[k]) form.elements[k].value = v;
    return p.get('cluster');
  }

  /* ---- formatting ------------------------------------------------------------- */

  function equipmentText(eq) {
    return (eq || []).map((q) => {
      const what = q.designation ? q.designation + ' (' + categoryName(q.category) + ')' : categoryName(q.category);
      return (q.quantity != null ? q.quantity + ' × ' : '') + what;
    }).join(', ');
  }

  function conflictText(c) {
    const field = t('cf_' + c.field) + (c.category ? ' ' + categoryName(c.category) : '');
    const vals = (c.values || []).map((v) => String(v.value) + ' [' + t('sources_n', { n: v.sources }) + ']');
    return field + t('colon') + vals.join(t('vs'));
  }

  const dateOf = (c) => c.date || (c.date_range && c.date_range[0]) || '';

  function actorsText(c) {
    return (c.source || '?') + ' → ' + (c.target || '?');
  }

  function typeBadge(type) {
    return el('span', { class: 'badge', style: 'background:' + typeColor(type), text: typeName(type) });
  }

  function modalityBadge(m) {
    return el('span', { class: 'modality m-' + (m || 'none'), text: modalityName(m) });
  }

  /* ---- table ------------------------------------------------------------------- */

  const SORT_KEYS = {
    date: (c) => (c.date_range && c.date_range[0]) || '',
    type: (c) => typeName(c.type),
    actors: actorsText,
    equipment: (c) => equipmentText(c.equipment),
    place: (c) => (c.place && c.place.name) || '',
    modality: (c) => modalityName(c.modality),
    n_sources: (c) => c.n_sources || 0,
    n_events: (c) => c.n_events || 0,
    conflicts: (c) => (c.conflicts || []).length,
  };

  function sortedClusters() {
    const key = SORT_KEYS[state.sort.key] || SORT_KEYS.date;
    const dir = state.sort.dir;
    return state.clusters.slice().sort((a, b) => {
      const x = key(a), y = key(b);
      if (x === '' && y !== '') return 1; // blanks last either way
      if (y === '' && x !== '') return -1;
      const c = typeof x === 'number' ? x - y : String(x).localeCompare(String(y), lang);
      return c * dir || a.id.localeCompare(b.id);
    });
  }

  function renderTable() {
    const body = $('#clusters tbody');
    const needle = $('#table-search').value.trim().toLowerCase();
    body.replaceChildren();
    for (const th of document.querySelectorAll('#clusters th')) {
      const on = th.dataset.key === state.sort.key;
      if (on) th.setAttribute('aria-sort', state.sort.dir > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    }
    let shown = 0;
    for (const c of sortedClusters()) {
      const cells = [
        dateOf(c) || t('undated'), typeName(c.type), actorsText(c), equipmentText(c.equipment),
        c.place ? c.place.name : '', modalityName(c.modality),
      ];
      if (needle && !cells.join(' ').toLowerCase().includes(needle) &&
          !(c.evidence || []).some((e) => (e.text || '').toLowerCase().includes(needle)))
        continue;
      const nconf = (c.conflicts || []).length;
      const tr = el('tr', {
        'data-id': c.id, 'data-type': c.type, tabindex: '0',
        class: c.id === state.selected ? 'selected' : null,
        onclick: () => openCluster(c.id),
        onkeydown: (e) => { if (e.key === 'Enter') openCluster(c.id); },
      },
      el('td', { text: cells[0] }),
      el('td', {}, typeBadge(c.type)),
      el('td', { title: [actorName(c.source), actorName(c.target)].join(' → '), text: cells[2] }),
      el('td', { text: cells[3] }),
      el('td', { text: cells[4] + (c.place && c.place.country && c.place.country !== c.place.name ? ' (' + c.place.country + ')' : '') }),
      el('td', {}, modalityBadge(c.modality)),
      el('td', { class: 'num', text: c.n_sources }),
      el('td', { class: 'num', text: c.n_events }),
      el('td', { class: 'num' + (nconf ? ' conflict-flag' : ''), text: nconf || '' }));
      body.append(tr);
      shown++;
    }
    if (!shown) body.append(el('tr', {}, el('td', { colspan: 9, class: 'empty', text: t('no_results') })));
  }

  /* ---- timeline: one lane per type, one dot per cluster ------------------------ */

  const DAY = 86400000;
  const toDay = (s) => Date.parse(s + 'T00:00:00Z') / DAY;

  function renderTimeline() {
    const box = $('#timeline');
    box.replaceChildren();
    const dated = state.clusters.filter((c) => c.date_range && c.date_range[0]);
    const undated = state.clusters.filter((c) => !(c.date_range && c.date_range[0]));
    if (!state.clusters.length) return box.append(el('p', { class: 'empty', text: t('no_results') }));
    const types = Object.keys(TYPES).filter((k) => state.clusters.some((c) => c.type === k));
    const W = Math.max(600, box.clientWidth || 900), left = 140, right = undated.length ? 90 : 20;
    const laneH = 26, top = 8, H = top + types.length * laneH + 28;
    let lo = Math.min(...dated.map((c) => toDay(c.date_range[0])));
    let hi = Math.max(...dated.map((c) => toDay(c.date_range[1] || c.date_range[0])));
    if (!dated.length) { lo = 0; hi = 1; }
    const pad = Math.max(15, (hi - lo) * 0.03);
    lo -= pad; hi += pad;
    const x = (d) => left + ((d - lo) / (hi - lo)) * (W - left - right);
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('timeline') });
    // lanes
    types.forEach((ty, i) => {
      const y = top + i * laneH + laneH / 2;
      root.append(svg('line', { class: 'grid', x1: left, x2: W - right, y1: y, y2: y }));
      root.append(svg('text', { x: left - 8, y: y + 4, 'text-anchor': 'end', text: typeName(ty) }));
    });
    // year (or month) ticks
    const axis = svg('g', { class: 'axis' });
    const y0 = new Date(lo * DAY).getUTCFullYear(), y1 = new Date(hi * DAY).getUTCFullYear();
    const monthly = y1 - y0 < 2;
    for (let y = y0; y <= y1 + 1; y++) {
      for (let m = 0; m < 12; m += monthly ? 3 : 12) {
        const d = Date.UTC(y, m, 1) / DAY;
        if (d < lo || d > hi) continue;
        const label = monthly ? `${y}-${String(m + 1).padStart(2, '0')}` : String(y);
        axis.append(svg('line', { x1: x(d), x2: x(d), y1: top, y2: H - 22 }));
        axis.append(svg('text', { x: x(d), y: H - 8, 'text-anchor': 'middle', text: label }));
      }
    }
    root.append(axis);
    const dot = (c, cx, cy) => svg('circle', {
      class: 'dot' + (c.id === state.selected ? ' selected' : ''), cx, cy,
      r: 3.5 + 2.2 * Math.sqrt(c.n_sources || 1), fill: typeColor(c.type), 'data-id': c.id,
      onclick: () => openCluster(c.id),
    }, svg('title', { text: `${typeName(c.type)} · ${dateOf(c)} · ${actorsText(c)} · ${c.n_sources} ${t('d_independent')}` }));
    const seen = new Map();
    for (const c of dated) {
      const i = types.indexOf(c.type);
      const a = toDay(c.date_range[0]), b = toDay(c.date_range[1] || c.date_range[0]);
      const lane = top + i * laneH + laneH / 2;
      const slot = Math.round(x((a + b) / 2) / 6) + ':' + i; // nudge dots that would overlap
      const k = seen.get(slot) || 0;
      seen.set(slot, k + 1);
      const cy = lane + [0, -6, 6, -10, 10][k % 5];
      if (b - a > 3) root.append(svg('rect', { class: 'span', x: x(a), y: cy - 3, width: Math.max(2, x(b) - x(a)), height: 6, fill: typeColor(c.type) }));
      root.append(dot(c, x((a + b) / 2), cy));
    }
    if (undated.length) {
      const ux = W - right + 12;
      root.append(svg('text', { x: ux + 30, y: H - 8, 'text-anchor': 'middle', class: 'axis', text: t('undated') }));
      const per = new Map();
      for (const c of undated) {
        const i = types.indexOf(c.type), k = per.get(i) || 0;
        per.set(i, k + 1);
        root.append(dot(c, ux + 6 + (k % 6) * 11, top + i * laneH + laneH / 2));
      }
    }
    box.append(root);
  }

  /* ---- map: Leaflet, country boundaries, no tiles ----------------------------- */

  const map = { leaflet: null, markers: null, ready: null };

  function initMap() {
    if (!window.L || !window.topojson) {
      $('#map').replaceChildren(el('p', { class: 'empty', text: t('map_missing') }));
      return Promise.resolve(false);
    }
    const m = window.L.map('map', { zoomSnap: 0.25, minZoom: 2, maxZoom: 9, worldCopyJump: true })
      .setView([15, 2], 3.5);
    m.attributionControl.setPrefix(false);
    m.attributionControl.addAttribution('Natural Earth · world-atlas · Leaflet');
    map.leaflet = m;
    map.markers = window.L.layerGroup().addTo(m);
    return fetch('/vendor/countries-50m.json').then((r) => r.json()).then((topo) => {
      const land = window.topojson.feature(topo, topo.objects.countries);
      window.L.geoJSON(land, {
        style: { color: '#9a9a9a', weight: 0.7, fillColor: '#f6f2e8', fillOpacity: 1 },
        interactive: false,
      }).addTo(m).bringToBack();
      return true;
    }).catch(() => true);
  }

  function renderMap() {
    if (!map.leaflet) return;
    map.markers.clearLayers();
    const places = new Map();
    for (const c of state.clusters) {
      const p = c.place;
      if (!p || p.lat == null || p.lon == null) continue;
      const k = p.lat.toFixed(3) + ',' + p.lon.toFixed(3);
      if (!places.has(k)) places.set(k, { p, list: [] });
      places.get(k).list.push(c);
    }
    const bounds = [];
    for (const { p, list } of places.values()) {
      const types = new Map();
      for (const c of list) types.set(c.type, (types.get(c.type) || 0) + 1);
      const main = [...types.entries()].sort((a, b) => b[1] - a[1])[0][0];
      const popup = el('div', { class: 'map-popup' },
        el('strong', { text: p.name + (p.country ? ' (' + p.country + ')' : '') }),
        el('ul', {}, list.slice(0, 30).map((c) => el('li', {},
          el('a', { text: `${dateOf(c) || t('undated')} · ${typeName(c.type)} · ${actorsText(c)}`, onclick: () => openCluster(c.id) })))));
      const mk = window.L.circleMarker([p.lat, p.lon], {
        radius: 4 + 2.5 * Math.sqrt(list.reduce((n, c) => n + (c.n_sources || 1), 0)),
        color: '#fff', weight: 1.5,
        fillColor: typeColor(main), fillOpacity: 0.85,
      }).bindPopup(popup).bindTooltip(`${p.name}: ${list.length}`);
      mk.addTo(map.markers);
      bounds.push([p.lat, p.lon]);
    }
    if (bounds.length) map.leaflet.fitBounds(bounds, { padding: [40, 40], maxZoom: 5, animate: false });
  }

  /* ---- actor graph: suppliers on the left, recipients on the right ------------- */

  function renderGraph() {
    const box = $('#graph');
    box.replaceChildren();
    const all = $('#graph-all').checked;
    const links = ((state.actors && state.actors.links) || []).filter((l) => all || SUPPLY.includes(l.type));
    if (!links.length) return box.append(el('p', { class: 'empty', text: t('no_results') }));
    const pairs = new Map();
    for (const l of links) {
      const k = l.source + '>' + l.target;
      if (!pairs.has(k)) pairs.set(k, { source: l.source, target: l.target, n: 0, types: [] });
      const p = pairs.get(k);
      p.n += l.clusters;
      p.types.push(l);
    }
    const weight = (codes, side) => {
      const w = new Map();
      for (const p of pairs.values()) w.set(p[side], (w.get(p[side]) || 0) + p.n);
      return [...w.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map((e) => e[0]);
    };
    const lefts = weight(pairs, 'source'), rights = weight(pairs, 'target');
    const W = Math.max(420, box.clientWidth || 500), rowH = 24, top = 26;
    const H = top + Math.max(lefts.length, rights.length) * rowH + 10;
    const nodeW = 150, lx = 6, rx = W - nodeW - 6;
    const ly = (c) => top + lefts.indexOf(c) * rowH, ry = (c) => top + rights.indexOf(c) * rowH;
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('graph') });
    root.append(svg('text', { x: lx, y: 14, class: 'axis', text: t(all ? 'graph_sources' : 'graph_suppliers') }));
    root.append(svg('text', { x: W - 6, y: 14, 'text-anchor': 'end', class: 'axis', text: t(all ? 'graph_targets' : 'graph_recipients') }));
    const maxN = Math.max(...[...pairs.values()].map((p) => p.n));
    for (const p of pairs.values()) {
      const main = p.types.slice().sort((a, b) => b.clusters - a.clusters)[0].type;
      const y1 = ly(p.source) + rowH / 2 - 2, y2 = ry(p.target) + rowH / 2 - 2;
      const x1 = lx + nodeW, x2 = rx, mx = (x1 + x2) / 2;
      root.append(svg('path', {
        class: 'link', d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`,
        stroke: typeColor(main), 'stroke-width': 1.5 + 6 * Math.sqrt(p.n / maxN),
      }, svg('title', { text: `${actorName(p.source)} → ${actorName(p.target)}: ` +
        p.types.map((l) => `${typeName(l.type)} ${l.clusters}`).join(', ') })));
    }
    const node = (code, x, y, anchorRight) => svg('g', {
      class: 'node', 'data-code': code,
      onclick: () => { $('#filters').elements.actor.value = code; load(); },
    }, svg('rect', { x, y: y + 1, width: nodeW, height: rowH - 6, rx: 3 }),
    svg('text', { x: anchorRight ? x + nodeW - 6 : x + 6, y: y + rowH / 2 + 2, 'text-anchor': anchorRight ? 'end' : 'start', text: actorName(code) === code ? code : `${actorName(code)} (${code})` }),
    svg('title', { text: code }));
    lefts.forEach((c) => root.append(node(c, lx, ly(c), false)));
    rights.forEach((c) => root.append(node(c, rx, ry(c), true)));
    box.append(root);
  }

  /* ---- detail: one cluster and every source sentence in its article ----------- */

  function docRecord(id) {
    if (!state.docs.has(id)) state.docs.set(id, api('documents', { id }).catch(() => null));
    return state.docs.get(id);
  }

  /* UTF-16 positions of byte offsets into text (the API counts UTF-8 bytes). */
  function charOffsets(text, byteOffsets) {
    const want = [...new Set(byteOffsets)].sort((a, b) => a - b);
    const out = new Map();
    let b = 0, i = 0, k = 0;
    while (k < want.length) {
      while (k < want.length && want[k] <= b) out.set(want[k++], i);
      if (i >= text.length) break;
      const cp = text.codePointAt(i);
      b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += cp > 0xffff ? 2 : 1;
    }
    for (; k < want.length; k++) out.set(want[k], text.length);
    return out;
  }

  /* The article with this cluster's sentences in <mark> and the sentences of
   * its other events underlined; overlapping spans keep this cluster's. */
  function articleNode(doc, clusterId) {
    const text = doc.text || '';
    const hl = (doc.highlights || []).filter((h) => Number.isInteger(h.start) && h.end > h.start);
    const mine = hl.filter((h) => h.cluster === clusterId);
    const placed = [];
    const free = (h) => placed.every((p) => h.end <= p.start || h.start >= p.end);
    for (const h of mine.concat(hl.filter((h) => h.cluster !== clusterId))) {
      const same = placed.find((p) => p.start === h.start && p.end === h.end);
      if (same && h.cluster === clusterId) same.events.push(h.event);
      else if (free(h)) placed.push(Object.assign({ events: [h.event] }, h));
    }
    placed.sort((a, b) => a.start - b.start);
    const pos = charOffsets(text, placed.flatMap((h) => [h.start, h.end]));
    const box = el('div', { class: 'article', lang: doc.lang || null });
    let at = 0;
    for (const h of placed) {
      const s = pos.get(h.start), e = pos.get(h.end);
      box.append(text.slice(at, s));
      if (h.cluster === clusterId)
        box.append(el('mark', { 'data-events': h.events.join(' '), title: modalityName(h.modality), text: text.slice(s, e) }));
      else
        box.append(el('span', { class: 'other', title: t('d_other', { type: typeName(h.type) }), text: text.slice(s, e) }));
      at = e;
    }
    box.append(text.slice(at));
    return box;
  }

  function scrollToMark(box) {
    const m = box.querySelector('mark');
    if (m) box.scrollTop = Math.max(0, m.offsetTop - 40);
  }

  function fact(label, ...value) {
    return [el('dt', { text: label }), el('dd', {}, ...value)];
  }

  /* One source document: who published it, the modality of each of its
   * sentences in this cluster, and the article with those sentences marked. */
  function sourceNode(evs, clusterId) {
    const ev = evs[0];
    let who = ev.publisher || ev.doc;
    if (!ev.publisher && ev.url) try { who = new URL(ev.url).hostname; } catch (e) { /* keep the id */ }
    const copy = ev.syndication && ev.syndication !== ev.doc;
    const art = el('div', { class: 'article', text: t('d_loading_doc') });
    const node = el('article', { class: 'source', 'data-doc': ev.doc, 'data-events': evs.map((e) => e.event).join(' ') },
      el('header', {},
        el('span', { class: 'publisher', text: who }),
        el('span', { text: ev.published || '' }),
        ...evs.map((e) => modalityBadge(e.modality)),
        copy ? el('span', { class: 'copy', text: t('d_copy', { doc: ev.syndication }) }) : null,
        ev.url && /^https?:/i.test(ev.url) ? el('a', { href: ev.url, rel: 'noopener noreferrer', target: '_blank', text: t('d_open') }) : null),
      el('h3', { class: 'title' }),
      art);
    docRecord(ev.doc).then((doc) => {
      if (!doc) { art.textContent = t('d_missing_doc'); return; }
      node.querySelector('h3').textContent = doc.title || ev.doc;
      const full = articleNode(doc, clusterId);
      art.replaceWith(full);
      scrollToMark(full);
    });
    return node;
  }

  async function openCluster(id) {
    state.selected = id;
    writeHash();
    for (const tr of document.querySelectorAll('#clusters tbody tr'))
      tr.classList.toggle('selected', tr.dataset.id === id);
    for (const d of document.querySelectorAll('.dot'))
      d.classList.toggle('selected', d.dataset.id === id);
    const panel = $('#detail'), body = $('#detail-body');
    panel.hidden = false;
    body.replaceChildren(el('p', { text: t('loading') }));
    let c;
    try {
      c = await api('clusters/' + encodeURIComponent(id));
    } catch (e) {
      body.replaceChildren(el('p', { class: 'empty', text: t('error', { msg: e.message }) }));
      return;
    }
    if (state.selected !== id) return;
    renderDetail(c);
  }

  function renderDetail(c) {
    const body = $('#detail-body');
    body.dataset.cluster = c.id;
    const range = c.date_range && c.date_range[0] ? c.date_range.join(' … ') : '';
    const conflicts = c.conflicts || [];
    const evidence = c.evidence || [];
    const byDoc = new Map();
    for (const ev of evidence) {
      if (!byDoc.has(ev.doc)) byDoc.set(ev.doc, []);
      byDoc.get(ev.doc).push(ev);
    }
    body.replaceChildren(
      el('h2', { id: 'detail-title' }, typeBadge(c.type), ' ',
        `${actorName(c.source) || '?'} → ${actorName(c.target) || '?'}`),
      el('p', {}, el('span', { class: 'big-number', id: 'n-sources', text: c.n_sources }),
        t('d_independent'), ' · ', t('d_counts', { docs: c.n_docs, events: c.n_events })),
      el('dl', {},
        fact(t('d_date'), (c.date || t('undated')) + (range ? ` (${t('d_range')} ${range})` : '')),
        fact(t('d_place'), c.place ? `${c.place.name}${c.place.country ? ' (' + c.place.country + ')' : ''}` : '–'),
        fact(t('d_equipment'), equipmentText(c.equipment) || '–'),
        fact(t('d_modality'), modalityBadge(c.modality)),
        fact(t('d_earliest'), [c.earliest && c.earliest.date, c.earliest && c.earliest.doc].filter(Boolean).join(' · ') || '–')),
      el('div', { class: 'conflicts', id: 'conflicts' },
        el('strong', { text: t('d_conflicts') }),
        conflicts.length ? el('ul', {}, conflicts.map((x) => el('li', { text: conflictText(x) })))
          : el('p', { text: t('d_no_conflicts') })),
      el('h3', { text: t('d_sources', { docs: byDoc.size, n: evidence.length }) }),
      ...[...byDoc.values()].map((evs) => sourceNode(evs, c.id)));
    $('#detail').scrollTop = 0;
  }

  function closeDetail() {
    state.selected = null;
    $('#detail').hidden = true;
    writeHash();
    for (const e of document.querySelectorAll('.selected')) e.classList.remove('selected');
  }

  /* ---- loading ------------------------------------------------------------------- */

  function renderTotals() {
    const tot = state.counts && state.counts.totals && state.counts.totals[0];
    $('#totals').textContent = tot ? t('totals', tot) : '';
  }

  function renderAll() {
    renderTotals();
    renderTable();
    renderTimeline();
    renderMap();
    renderGraph();
    const n = state.clusters.length;
    setStatus(state.truncated ? t('truncated', { n }) : t('shown', { n }));
  }

  let loading = 0;
  async function load() {
    const f = filters();
    const seq = ++loading;
    setStatus(t('loading'));
    writeHash();
    try {
      const [list, counts, actors] = await Promise.all([
        api('clusters', Object.assign({ limit: 2000 }, f)), api('counts', f), api('actors', f)]);
      if (seq !== loading) return;
      state.clusters = list.clusters;
      state.truncated = list.truncated;
      state.counts = counts;
      state.actors = actors;
      await map.ready;
      renderAll();
    } catch (e) {
      if (seq === loading) setStatus(t('error', { msg: e.message }), true);
    }
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    for (const e of document.querySelectorAll('[data-i18n-ph]')) e.placeholder = t(e.dataset.i18nPh);
    $('#lang').textContent = lang === 'fr' ? 'EN' : 'FR';
    fillSelects();
  }

  function fillSelects() {
    const form = $('#filters');
    const fill = (sel, entries) => {
      const v = sel.value;
      sel.replaceChildren(el('option', { value: '', text: t('all') }),
        ...entries.map(([k, name]) => el('option', { value: k, text: name })));
      sel.value = v;
    };
    fill(form.elements.type, Object.keys(TYPES).map((k) => [k, typeName(k)]));
    fill(form.elements.modality, Object.keys(MODALITIES).map((k) => [k, modalityName(k)]));
  }

  function start() {
    applyLanguage();
    const cluster = readHash();
    $('#filters').addEventListener('submit', (e) => { e.preventDefault(); load(); });
    $('#filters').addEventListener('reset', () => setTimeout(load, 0));
    $('#lang').addEventListener('click', () => {
      lang = lang === 'fr' ? 'en' : 'fr';
      stored('kibaru.lang', lang);
      applyLanguage();
      renderAll();
      const open = $('#detail-body').dataset.cluster;
      if (state.selected && open) openCluster(state.selected);
    });
    $('#detail-close').addEventListener('click', closeDetail);
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeDetail(); });
    $('#table-search').addEventListener('input', renderTable);
    $('#graph-all').addEventListener('change', renderGraph);
    for (const th of document.querySelectorAll('#clusters th')) {
      th.addEventListener('click', () => {
        const k = th.dataset.key;
        state.sort = { key: k, dir: state.sort.key === k ? -state.sort.dir : (k === 'date' ? -1 : k.startsWith('n_') || k === 'conflicts' ? -1 : 1) };
        renderTable();
      });
    }
    let resize;
    window.addEventListener('resize', () => {
      clearTimeout(resize);
      resize = setTimeout(() => { renderTimeline(); renderGraph(); }, 150);
    });
    map.ready = initMap();
    load().then(() => { if (cluster) openCluster(cluster); });
  }

  start();
})();
