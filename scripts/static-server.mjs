// A small static file server for the built app: serves a folder under a base
// path, serves PATH.html for a PATH without a file extension where there is
// one (pages written by `gongkai-server pages`), falls back to index.html for
// other deep links, and answers 404 for missing files such as absent JSON.
// Usage: node scripts/static-server.mjs --dir dist --port 8080 [--host 127.0.0.1] [--base /]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const root = resolve(args.dir ?? 'dist');
const port = Number(args.port ?? 8080);
const host = args.host ?? '127.0.0.1';
const base = (args.base ?? '/').replace(/\/?$/, '/');

/** No inline script or style, WebAssembly, data from this origin only. */
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'";

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

async function fileAt(path) {
  try {
    const info = await stat(path);
    return info.isFile() ? path : info.isDirectory() ? fileAt(join(path, 'index.html')) : null;
  } catch {
    return null;
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  let path = decodeURIComponent(url.pathname);
  if (!path.startsWith(base) && path !== base.slice(0, -1)) {
    res.writeHead(404).end('not found');
    return;
  }
  path = normalize('/' + path.slice(base.length));
  let file = await fileAt(join(root, path));
  // A page written ahead of time (`gongkai-server pages`: org/<id>.html for
  // /org/<id>), as nginx's `try_files $uri $uri.html …` and most static
  // hosts find it.
  if (!file && !extname(path)) file = await fileAt(join(root, `${path}.html`));
  // Deep links: the kiosk's pages are its own app (kiosk/index.html).
  if (!file && !extname(path)) {
    file = /^\/kiosk(\/|$)/.test(path) ? join(root, 'kiosk', 'index.html') : join(root, 'index.html');
  }
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  const body = await readFile(file);
  res.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    // The strict policy a portal may set (docs/embedding.md, "CSP"): the
    // app must run under it, so the tests serve it everywhere.
    'content-security-policy': STRICT_CSP,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
});

server.listen(port, host, () => {
  console.log(`serving ${root} at http://${host}:${server.address().port}${base}`);
});
// Stopping ends open connections too: a browser's keep-alive or pending
// request would otherwise keep the server (and whoever waits for it) alive.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
