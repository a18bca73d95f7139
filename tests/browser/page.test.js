// The web page in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): load it over a database built from the sample corpus,
// wait for the table, filter by type, open a cluster, check that every
// source sentence is highlighted (<mark>) with the evidence text of the API,
// switch language, take screenshots (the filtered overview, then the
// detail panel). No request may leave the server.
// Usage: node page.test.js BASE_URL SCREENSHOT.png   (run by tests/cli/browser.sh)
'use strict';
const path = require('path');
const root = path.resolve(__dirname, '..', '..');
const { chromium } = require(path.join(root, 'node_modules', 'playwright-core'));

const base = process.argv[2];
const shot = process.argv[3];
const failures = [];
function check(ok, msg) {
  if (!ok) {
    failures.push(msg);
    console.log('FAIL: ' + msg);
  }
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.KB_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = [], outside = [];
    page.on('pageerror', (e) => errors.push('page error: ' + e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith('data:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const api = async (p) => (await context.request.get(base + 'api/' + p)).json();

    await page.goto(base);
    await page.waitForSelector('#clusters tbody tr[data-id]', { timeout: 20000 });
    const all = await api('clusters?limit=2000');
    const rows = () => page.$$eval('#clusters tbody tr[data-id]', (trs) => trs.map((tr) => ({ id: tr.dataset.id, type: tr.dataset.type })));
    check((await rows()).length === all.count, `table shows every cluster (${all.count})`);
    check(await page.getAttribute('html', 'lang') === 'fr', 'French first for a French browser');
    check((await page.$$('#timeline circle.dot')).length === all.count, 'one timeline dot per cluster');
    check((await page.$$('#map path.leaflet-interactive')).length > 0, 'places on the map');
    check((await page.$$('#map .leaflet-overlay-pane path')).length > 20, 'country boundaries drawn');
    check((await page.$$('#graph g.node')).length > 1, 'actor graph drawn');
    check((await page.$$('#map .leaflet-tile')).length === 0, 'no map tiles');

    // filter by type
    await page.selectOption('#filters select[name=type]', 'DELIVERY');
    await page.click('#apply');
    await page.waitForFunction(() => {
      const trs = [...document.querySelectorAll('#clusters tbody tr[data-id]')];
      return trs.length > 0 && trs.every((tr) => tr.dataset.type === 'DELIVERY');
    }, null, { timeout: 10000 });
    const deliveries = await api('clusters?type=DELIVERY&limit=2000');
    const shown = await rows();
    check(shown.length === deliveries.count, `filtered table = API (${shown.length} vs ${deliveries.count})`);
    check(page.url().includes('type=DELIVERY'), 'filters kept in the address');

    await page.screenshot({ path: shot.replace(/\.png$/, '') + '-overview.png', fullPage: true });

    // sort by independent sources, open the best-sourced cluster
    await page.click('#clusters th[data-key=n_sources]');
    const first = (await rows())[0].id;
    const best = deliveries.clusters.slice().sort((a, b) => b.n_sources - a.n_sources)[0];
    check((await api('clusters/' + first)).n_sources === best.n_sources, 'sorted by independent sources');
    await page.click(`#clusters tbody tr[data-id="${first}"]`);
    const cluster = await api('clusters/' + first);
    await page.waitForFunction((n) => document.querySelectorAll('#detail article.source').length === n &&
      document.querySelectorAll('#detail .article:not(:has(mark))').length === 0,
    new Set(cluster.evidence.map((e) => e.doc)).size, { timeout: 10000 });
    const sources = await page.$$eval('#detail article.source', (arts) => arts.map((a) => ({
      doc: a.dataset.doc,
      marks: [...a.querySelectorAll('mark')].map((m) => ({ events: m.dataset.events.split(' '), text: m.textContent })),
    })));
    for (const ev of cluster.evidence) {
      const art = sources.find((a) => a.doc === ev.doc);
      check(art && art.marks.some((m) => m.events.includes(ev.event) && m.text === ev.text),
        `evidence of ${ev.event} highlighted in its article: ${ev.text.slice(0, 60)}`);
    }
    check(sources.length === new Set(cluster.evidence.map((e) => e.doc)).size, 'one block per source document');
    check(await page.textContent('#n-sources') === String(cluster.n_sources), 'independent publishers shown');
    const modalities = await page.$$eval('#detail article.source header .modality', (b) => b.length);
    check(modalities === cluster.evidence.length, 'the modality of each source');
    const conflicts = await page.$$eval('#conflicts li', (li) => li.length);
    check(conflicts === cluster.conflicts.length, `conflicts listed (${conflicts})`);

    // switch language
    const before = await page.textContent('#timeline-panel h2');
    const typeBefore = await page.textContent('#detail h2 .badge');
    await page.click('#lang');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const after = await page.textContent('#timeline-panel h2');
    check(before === 'Chronologie par type' && after === 'Timeline by type', `language switch: ${before} -> ${after}`);
    await page.waitForSelector('#detail article.source mark');
    const typeAfter = await page.textContent('#detail h2 .badge');
    check(typeBefore === 'Livraison' && typeAfter === 'Delivery', `type names follow: ${typeBefore} -> ${typeAfter}`);
    check(await page.textContent('#clusters th[data-key=n_sources]') === 'Indep. sources', 'table headings follow');

    await page.waitForTimeout(300);
    await page.screenshot({ path: shot, fullPage: true });
    check(errors.length === 0, 'no script error: ' + errors.join('; '));
    check(outside.length === 0, 'no request outside the server: ' + outside.join(', '));
  } finally {
    await browser.close();
  }
}

main().then(() => {
  console.log(failures.length ? `${failures.length} failure(s)` : 'page: all checks passed; screenshot ' + shot);
  process.exit(failures.length ? 1 : 0);
}, (e) => {
  console.error(e);
  process.exit(1);
});
