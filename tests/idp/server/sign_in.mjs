// The sign-in page: plain HTML, no JavaScript, so that headless Chromium and a requests.Session posting
// the form drive it the same way. Its markup is an interface for clinlead's tests: keep it stable.
import { escapeHtml } from './provider.mjs';
import { findUser } from './profiles.mjs';

const TITLES = { keystone: 'OpenAthens Keystone (test)', cis2: 'NHS CIS2 Authentication (test)' };

function page({ profile, uid, login = '', error = '' }) {
  const alert = error ? `<p role="alert" id="error">${escapeHtml(error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in - ${escapeHtml(TITLES[profile])}</title></head>
<body>
<main>
<h1>Sign in to ${escapeHtml(TITLES[profile])}</h1>
${alert}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<p><label for="login">Login name</label>
<input id="login" name="login" autocomplete="username" value="${escapeHtml(login)}"></p>
<p><label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password"></p>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`;
}

function send(res, status, html) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(html),
  });
  res.end(html);
}

export async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// A different person signing in over a remembered session: oidc-provider would otherwise stop and ask
// the browser to confirm a sign-out first. Tests switch people freely, so the old sign-in is forgotten.
async function forgetOtherSignIn(provider, details, accountId) {
  if (!details.session?.accountId || details.session.accountId === accountId) {
    return;
  }
  const session = await provider.Session.findByUid(details.session.uid);
  if (session) {
    session.accountId = undefined;
    session.authorizations = undefined;
    await session.persist();
  }
  // The interaction remembers whom its session had signed in, and refuses to finish if that changed.
  details.session = undefined;
  await details.save(details.exp - Math.floor(Date.now() / 1000));
}

// Handles GET /interaction/:uid (the form) and POST /interaction/:uid/login (the credentials).
export async function handleInteraction(req, res, { provider, config, accounts, log }) {
  const { pathname } = new URL(req.url, 'http://unused');
  const [, , uid, action] = pathname.split('/');
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (error) {
    send(res, 400, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in expired</title></head>`
      + `<body><main><h1>This sign-in has expired</h1><p>${escapeHtml(error.message)}</p></main></body></html>`);
    return;
  }
  if (details.uid !== uid) {
    send(res, 400, '<!doctype html><title>Wrong sign-in</title><p>This page belongs to another sign-in.</p>');
    return;
  }
  if (details.prompt.name !== 'login') {
    // Consent is automatic (see grantEverythingAsked), so only a login can be asked for.
    log(`unexpected prompt ${details.prompt.name}: ${JSON.stringify(details.prompt.reasons)}`);
    send(res, 500, `<!doctype html><title>Unexpected prompt</title><p>Unexpected prompt ${escapeHtml(details.prompt.name)}</p>`);
    return;
  }
  if (req.method === 'GET' && action === undefined) {
    send(res, 200, page({ profile: config.profile, uid, login: details.params.login_hint ?? '' }));
    return;
  }
  if (req.method !== 'POST' || action !== 'login') {
    send(res, 405, '<!doctype html><title>Not allowed</title><p>Method not allowed</p>');
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const login = form.get('login') ?? '';
  const user = findUser(config.users, login, form.get('password') ?? '');
  if (!user) {
    send(res, 401, page({ profile: config.profile, uid, login, error: 'The login name or password is not right.' }));
    return;
  }
  const accountId = accounts.signIn(user);
  await forgetOtherSignIn(provider, details, accountId);
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId, remember: Boolean(config.remember_sign_in) } },
    { mergeWithLastSubmission: false },
  );
}
