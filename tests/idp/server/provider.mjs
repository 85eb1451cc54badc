// One oidc-provider instance configured as a Keystone-like or CIS2-like OpenID provider.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import Provider, { interactionPolicy } from 'oidc-provider';

import { MemoryAdapter } from './memory_adapter.mjs';
import { PROFILES } from './profiles.mjs';

const { Check, base: basePolicy } = interactionPolicy;

// A fresh RS256 signing key. Its kid is random, not a thumbprint, so that it says nothing a client
// could rely on except "this is a key you have not seen".
export function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(12).toString('base64url'), alg: 'RS256', use: 'sig' };
}

// Every authorization request shows the sign-in form unless remember_sign_in is on: a test that signs
// in twice, or as two people in one browser, sees the form each time, as after a real sign-out.
function signInPolicy(rememberSignIn) {
  const policy = basePolicy();
  if (!rememberSignIn) {
    policy.get('login').checks.add(
      new Check('sign_in_every_time', 'this test provider asks for credentials on every authorization request', (ctx) =>
        ctx.oidc.result?.login ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT,
      ),
    );
  }
  return policy;
}

// Automatic consent: the grant holds every scope and claim the request asked for. A sign-in just
// made gets a new grant; a remembered session tops up its own.
async function grantEverythingAsked(ctx) {
  const { oidc } = ctx;
  const clientId = oidc.client.clientId;
  const grantId = oidc.result?.login ? undefined : oidc.session.grantIdFor(clientId);
  let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (!grant) {
    grant = new oidc.provider.Grant({ accountId: oidc.account.accountId, clientId });
  }
  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
  if (oidc.requestParamClaims.size) {
    grant.addOIDCClaims([...oidc.requestParamClaims]);
  }
  await grant.save();
  return grant;
}

export function buildProvider({ issuer, config, accounts, signingKeys, cookieKeys, log }) {
  const { profile, client, remember_sign_in: rememberSignIn } = config;
  const provider = new Provider(issuer, {
    adapter: MemoryAdapter,
    jwks: { keys: signingKeys },
    cookies: { keys: cookieKeys },
    clients: [
      {
        client_id: client.client_id,
        client_secret: client.client_secret,
        redirect_uris: client.redirect_uris,
        post_logout_redirect_uris: client.post_logout_redirect_uris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        // oidc-provider accepts the secret in the body or in a Basic header for either method.
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
      },
    ],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    responseTypes: ['code'],
    pkce: { required: () => true, methods: ['S256'] },
    scopes: Object.keys(PROFILES[profile].scopes),
    claims: PROFILES[profile].scopes,
    // The claims go in the ID token as well as in userinfo, as both real providers do.
    conformIdTokenClaims: false,
    findAccount: accounts.find,
    loadExistingGrant: grantEverythingAsked,
    interactions: {
      policy: signInPolicy(rememberSignIn),
      url: (ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      // Neither Keystone nor CIS2 offers pushed authorization requests; a client must not come to need them.
      pushedAuthorizationRequests: { enabled: false },
    },
    enabledJWA: { idTokenSigningAlgValues: ['RS256'], userinfoSigningAlgValues: ['RS256'] },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 120,
      Grant: 3600,
      IdToken: 3600,
      Interaction: 900,
      Session: 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
  });

  for (const event of ['server_error', 'authorization.error', 'grant.error', 'userinfo.error']) {
    provider.on(event, (ctx, error) => log(`${event}: ${error?.name}: ${error?.message} ${error?.error_description ?? ''}`));
  }
  return provider;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function errorPage(out) {
  const details = Object.entries(out)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head>`
    + `<body><main><h1>Error</h1><dl>${details}</dl></main></body></html>`;
}

export { escapeHtml };
