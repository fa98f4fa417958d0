// Bundles GraphiQL into OUT (argument 1; default ../../target/classes/static/graphiql): graphiql.js,
// graphiql.css and index.html. Run by Maven (build.sh) after `npm ci`.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || resolve(here, '../../target/classes/static/graphiql'));
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { graphiql: resolve(here, 'src/index.jsx') },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  outdir: out,
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.js': 'jsx', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl' },
  jsx: 'automatic',
  legalComments: 'linked',
  logLevel: 'warning',
});
copyFileSync(resolve(here, 'src/index.html'), resolve(out, 'index.html'));
console.log(`GraphiQL bundled into ${out}`);
