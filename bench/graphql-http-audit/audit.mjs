// Runs the graphql-http server audits (https://github.com/graphql/graphql-http) against a running
// server and prints every result. Usage: node audit.mjs [url]   (default http://localhost:8080/graphql)
// Exit code: 1 when any MUST audit fails, else 0.
import { serverAudits } from 'graphql-http';

const url = process.argv[2] || process.env.GRAPHQL_URL || 'http://localhost:8080/graphql';
const results = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  results.push({ id: audit.id, name: audit.name, ...(await audit.fn()) });
}
const by = (status) => results.filter((r) => r.status === status);
const ok = by('ok');
const warn = by('warn');
const error = by('error');
for (const r of [...error, ...warn]) {
  console.log(`${r.status.toUpperCase()} ${r.id} ${r.name}`);
  console.log(`    ${r.reason}`);
  if (r.response) {
    let body = '';
    try { body = await r.response.text(); } catch { /* already read */ }
    console.log(`    status ${r.response.status} ${r.response.headers.get('content-type') || ''} ${body.slice(0, 200)}`);
  }
}
console.log(`\n${ok.length} ok of ${results.length}; ${warn.length} warnings (SHOULD/MAY), ${error.length} errors (MUST)`);
process.exit(error.length > 0 ? 1 : 0);
