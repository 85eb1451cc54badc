// A test OpenID provider on loopback, started by tests/idp/oidc.py:
//   node tests/idp/server/main.mjs < config
// The first line of stdin is the JSON configuration (see README.md); the process prints one line
// {"issuer": "http://127.0.0.1:<port>"} when it listens, and exits when stdin closes, so that it never
// outlives the test process that started it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';

import { buildProvider, newSigningKey } from './provider.mjs';
import { Accounts, checkUsers } from './profiles.mjs';
import { handleInteraction, readBody } from './sign_in.mjs';

function log(message) {
  process.stderr.write(`[oidc ${new Date().toISOString()}] ${message}\n`);
}

async function readConfigLine() {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim()) {
      return { config: JSON.parse(line), lines };
    }
  }
  throw new Error('stdin closed before the configuration line');
}

function isLoopback(address) {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function sameSecret(given, expected) {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function main() {
  const { config, lines } = await readConfigLine();
  checkUsers(config.profile, config.users);
  if (typeof config.admin_token !== 'string' || config.admin_token.length < 16) {
    throw new Error('admin_token must be a string of at least 16 characters');
  }
  // Cookie keys outlive key rotations: a rotation must not sign anyone out.
  const cookieKeys = [randomBytes(32).toString('base64url')];
  const accounts = new Accounts(config.profile);
  let signingKeys = [newSigningKey()];
  let provider;
  let handleWithProvider;

  const useKeys = (issuer) => {
    provider = buildProvider({ issuer, config, accounts, signingKeys, cookieKeys, log });
    handleWithProvider = provider.callback();
  };

  // POST /test/rotate-keys {"keep_previous": false}: a new provider with a new signing key takes over;
  // the store is shared, so codes, sessions and grants survive. Answers {"kid": ..., "kids": [...]}.
  async function rotateKeys(req, res, issuer) {
    if (!isLoopback(req.socket.remoteAddress) || !sameSecret(req.headers['x-admin-token'], config.admin_token)) {
      sendJson(res, 403, { error: 'forbidden' });
      return;
    }
    let options;
    try {
      options = JSON.parse((await readBody(req)) || '{}');
    } catch {
      sendJson(res, 400, { error: 'the body must be JSON, e.g. {"keep_previous": true}' });
      return;
    }
    const keepPrevious = options.keep_previous === true;
    signingKeys = keepPrevious ? [newSigningKey(), ...signingKeys] : [newSigningKey()];
    useKeys(issuer);
    log(`rotated signing keys; publishing ${signingKeys.map((key) => key.kid).join(', ')}`);
    sendJson(res, 200, { kid: signingKeys[0].kid, kids: signingKeys.map((key) => key.kid) });
  }

  let issuer;
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://unused');
    let handled;
    if (pathname === '/test/rotate-keys' && req.method === 'POST') {
      handled = rotateKeys(req, res, issuer);
    } else if (pathname.startsWith('/interaction/')) {
      handled = handleInteraction(req, res, { provider, config, accounts, log });
    } else {
      handled = Promise.resolve(handleWithProvider(req, res));
    }
    handled.catch((error) => {
      log(`error on ${req.method} ${req.url}: ${error.stack ?? error}`);
      if (!res.headersSent) {
        sendJson(res, 500, { error: 'server_error', error_description: String(error.message ?? error) });
      } else {
        res.end();
      }
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  issuer = `http://127.0.0.1:${server.address().port}`;
  useKeys(issuer);
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);

  // Anything after the configuration line is ignored; end of input means the test process is done.
  lines.on('close', () => {
    server.close();
    process.exit(0);
  });
}

main().catch((error) => {
  log(`could not start: ${error.stack ?? error}`);
  process.exit(1);
});
