// Shared pieces of the browser tests: a static file server on 127.0.0.1, a recording proxy that
// catches every request leaving loopback, and the one way Chromium is launched here.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The build output: dist/, or SOURCELIGHT_DIST (to test a build made elsewhere). */
export const DIST = path.resolve(process.env.SOURCELIGHT_DIST ?? path.join(ROOT, 'dist'));

/** Where screenshots go (git-ignored). */
export const ARTIFACTS = path.join(ROOT, 'tests', 'browser', 'artifacts');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
};

/** Listens on a random port of 127.0.0.1; resolves to the server and its base URL. */
function listenOnLoopback(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, origin: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

/**
 * Serves the files under `dir` (GET only, no directory listing, nothing outside `dir`), plus any
 * `extraPages` given as `{ '/path': html }`.
 */
export async function serveDirectory(dir, extraPages = {}) {
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    if (pathname === '/favicon.ico') {
      // Browsers ask for it on their own; a 404 would log a console error no page caused.
      response.writeHead(204).end();
      return;
    }
    if (extraPages[pathname] !== undefined) {
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.html'] });
      response.end(extraPages[pathname]);
      return;
    }
    const file = path.join(dir, pathname);
    if (request.method !== 'GET' || !file.startsWith(dir + path.sep)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return listenOnLoopback(server);
}

/**
 * Hosts of Chromium's own background services (on-demand component updates, Google account
 * cookies, network time), which the browser calls at start-up whatever the launch flags say.
 * They are refused by the proxy like everything else; they are told apart only because they are
 * not the page's or the extension's doing (which the tests check per target as well).
 */
const BROWSER_SERVICE_HOST = /(^|\.)(google\.com|googleapis\.com)$/;

/**
 * An HTTP proxy that refuses everything and records what was asked. Chromium is pointed at it,
 * so any request for a non-loopback address (from a page, the extension's service worker or the
 * browser itself) lands here and never leaves the machine; loopback traffic bypasses proxies in
 * Chromium. `offMachineRequests()` lists the recorded requests other than the browser's own
 * services.
 */
export async function startRecordingProxy() {
  const requests = [];
  const server = createServer((request, response) => {
    requests.push({ request: `${request.method} ${request.url}`, host: new URL(request.url).hostname });
    response.writeHead(403).end();
  });
  server.on('connect', (request, socket) => {
    requests.push({ request: `CONNECT ${request.url}`, host: request.url.replace(/:\d+$/, '') });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  const { origin } = await listenOnLoopback(server);
  return {
    server,
    address: origin.replace('http://', ''),
    offMachineRequests: () =>
      requests.filter(({ host }) => !BROWSER_SERVICE_HOST.test(host)).map(({ request }) => request),
  };
}

/** Launches the system Chromium headless with extensions enabled, all traffic via `proxy`. */
export function launchBrowser(proxy) {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    enableExtensions: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--proxy-server=http://${proxy}`,
    ],
  });
}

/** `text` with every run of whitespace made one space, trimmed. */
export function collapseWhitespace(text) {
  return text.replace(/\s+/g, ' ').trim();
}
