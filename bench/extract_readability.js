#!/usr/bin/env node
// Peer for bench/extraction.sh: Mozilla Readability over jsdom.
// Usage: node extract_readability.js OUT.jsonl FILE.html.gz...
// Writes {"id","text"} lines (text = textContent of the article) to OUT and
// prints the extraction time in seconds on stdout. Files are read and
// gunzipped before the clock starts, so only parsing and extraction count.
"use strict";
const fs = require("fs");
const zlib = require("zlib");
const path = require("path");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const [out, ...files] = process.argv.slice(2);
const pages = files.map((f) => ({
  id: path.basename(f).replace(/\.html?(\.gz)?$/, ""),
  html: (f.endsWith(".gz") ? zlib.gunzipSync(fs.readFileSync(f))
                           : fs.readFileSync(f)).toString("utf8"),
}));
// A silent console: page scripts are not run, but CSS parse errors are noisy.
const quiet = new VirtualConsole();
const lines = [];
const t0 = process.hrtime.bigint();
for (const p of pages) {
  let text = "";
  try {
    const dom = new JSDOM(p.html, { virtualConsole: quiet });
    const art = new Readability(dom.window.document).parse();
    text = art && art.textContent ? art.textContent : "";
    dom.window.close();
  } catch (e) {
    text = "";
  }
  lines.push(JSON.stringify({ id: p.id, text }));
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
fs.writeFileSync(out, lines.join("\n") + "\n");
console.log(secs.toFixed(4));
