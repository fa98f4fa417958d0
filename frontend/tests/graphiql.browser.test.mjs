// GraphiQL as a front-end developer opens it on an intranet: headless Chromium (Debian's package),
// every request outside localhost refused and recorded. The page must load from the server's own
// assets, fetch its schema and docs, and run a query with a bearer header. Then CORS as a local
// dev server's page (http://localhost:5173, allowed by the dev profile) and a foreign origin meet it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';

const base = process.env.SPOTCHECK_URL;
const token = process.env.SPOTCHECK_TOKEN;
const executablePath = process.env.SPOTCHECK_CHROMIUM || '/usr/bin/chromium';
assert.ok(base && token, 'SPOTCHECK_URL and SPOTCHECK_TOKEN must be set');

let context;
let profile;
const outside = [];

function isLocal(url) {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

before(async () => {
  profile = mkdtempSync(join(tmpdir(), 'spotcheck-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  // Only requests leaving localhost are intercepted (and refused); the rest, CORS preflights
  // included, go to the server untouched.
  await context.route((url) => !isLocal(url.toString()), (route) => {
    outside.push(route.request().url());
    return route.abort('blockedbyclient');
  });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function editorText(page, selector) {
  return page.evaluate((sel) => document.querySelector(sel)?.CodeMirror?.getValue() ?? null, selector);
}

test('GraphiQL loads from the server alone, shows the docs and runs a query with a bearer header', async () => {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/graphiql`, { waitUntil: 'load' });
  await page.waitForSelector('.graphiql-container', { timeout: 30000 });

  // the schema arrives: the docs explorer lists the root types
  await page.click('button[aria-label="Show Documentation Explorer"]');
  await page.waitForSelector('.graphiql-doc-explorer', { timeout: 30000 });
  await page.waitForFunction(() => /Query/.test(document.querySelector('.graphiql-doc-explorer')?.innerText || ''), null, { timeout: 30000 });
  const docs = await page.innerText('.graphiql-doc-explorer');
  assert.doesNotMatch(docs, /Error fetching schema/);
  await page.click('.graphiql-doc-explorer a:has-text("Query")');
  await page.waitForFunction(() => /subjects/.test(document.querySelector('.graphiql-doc-explorer')?.innerText || ''), null, { timeout: 30000 });

  // a query with the token in the Headers tab
  await page.click('button:has-text("Headers")');
  // the Variables and Headers editors are both in the page; the one not hidden is the Headers editor
  const HEADERS = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
  await page.waitForSelector(HEADERS, { timeout: 30000 });
  await page.evaluate(([t, selector]) => {
    const headers = document.querySelector(selector);
    headers.CodeMirror.setValue(JSON.stringify({ Authorization: `Bearer ${t}` }));
    document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue('query WhoAmI { viewer { id anonymous } }');
  }, [token, HEADERS]);
  await page.click('button.graphiql-execute-button');
  await page.waitForFunction(() => /"anonymous"/.test(document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() || ''),
    null, { timeout: 30000 }).catch(async (e) => {
    const shown = await editorText(page, '.graphiql-response .CodeMirror');
    const headers = await editorText(page, HEADERS);
    throw new Error(`${e.message}; response pane: ${shown}; headers editor: ${headers}`);
  });
  const result = JSON.parse(await editorText(page, '.graphiql-response .CodeMirror'));
  assert.equal(result.data.viewer.anonymous, false, JSON.stringify(result));
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, [], `requests left the machine: ${outside.join(', ')}`);
  await page.close();
});

// A front-end dev server's page: a real local server, so Chromium treats the page as a local
// context (a page the test runner fulfilled itself would count as public, and Private Network
// Access would stop its requests to localhost before CORS is even asked).
async function serveBlankPage(ports) {
  for (const port of ports) {
    const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'));
    const ok = await new Promise((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, 'localhost', () => resolve(true));
    });
    if (ok) return server;
  }
  throw new Error(`none of the ports ${ports} is free for the front-end page`);
}

async function fetchFrom(ports) {
  const server = await serveBlankPage(ports);
  const origin = `http://localhost:${server.address().port}`;
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  const outcome = await page.evaluate(async ([url, t]) => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
        body: JSON.stringify({ query: '{ viewer { id anonymous } }' }),
      });
      return { status: response.status, body: await response.json() };
    } catch (e) {
      return { failed: String(e) };
    }
  }, [`${base}/graphql`, token]);
  await page.close();
  server.close();
  return { origin, ...outcome };
}

test('a page on an allowed origin calls the API: preflight and request pass CORS', async () => {
  // the dev profile allows the usual Vite and Next.js/CRA ports
  const outcome = await fetchFrom([5173, 3000]);
  assert.equal(outcome.status, 200, JSON.stringify(outcome));
  assert.equal(outcome.body.data.viewer.anonymous, false);
});

test('a page on another origin is stopped by CORS', async () => {
  const outcome = await fetchFrom([0]);
  assert.ok(outcome.failed, JSON.stringify(outcome));
});
