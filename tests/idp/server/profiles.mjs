// The two identity providers clinlead signs people in with, as far as a client can tell them apart:
// which scopes release which claims, and what `sub` is.
import { randomBytes } from 'node:crypto';

// OpenAthens Keystone releases what the user's home organisation's SAML release policy allows, whatever
// the scope, so every claim rides on `openid`. `profile` and `email` are accepted because clients ask
// for them, and release the same claims again.
const KEYSTONE_CLAIMS = [
  'realmName',
  'eduPersonTargetedID',
  'pairwiseID',
  'eduPersonScopedAffiliation',
  'derivedEduPersonAffiliation',
  'derivedEduPersonScope',
  'email',
  'given_name',
  'family_name',
];

const KEYSTONE_SCOPES = {
  openid: ['sub', ...KEYSTONE_CLAIMS],
  profile: ['given_name', 'family_name'],
  email: ['email'],
};

// NHS Care Identity Service 2: the standard scopes, then NHS Identity's own, each releasing its claims.
const CIS2_SCOPES = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'uid'],
  email: ['email'],
  nhsperson: ['nhsid_useruid', 'idassurancelevel', 'name', 'given_name', 'family_name', 'title', 'middle_names', 'initials'],
  associatedorgs: ['nhsid_user_orgs'],
  nationalrbacaccess: ['nhsid_nrbac_roles'],
  professionalmemberships: ['nhsid_professional_memberships'],
  organisationalmemberships: ['nhsid_org_memberships'],
  selectedrole: ['selected_roleid'],
};

// `sub` is the account id oidc-provider signs people in with (it insists on that from 9.x on).
// Keystone's `sub` is not persistent, so a client that keys accounts on it must break: every sign-in
// gets a new random account id. CIS2's `sub` is the person's UUID, the same on every sign-in.
const keystoneAccountId = () => randomBytes(16).toString('hex');
const cis2AccountId = (user) => user.claims.nhsid_useruid;

export const PROFILES = {
  keystone: { scopes: KEYSTONE_SCOPES, newAccountId: keystoneAccountId, requiredClaims: [] },
  cis2: { scopes: CIS2_SCOPES, newAccountId: cis2AccountId, requiredClaims: ['nhsid_useruid'] },
};

export function releasableClaims(profile) {
  return new Set(Object.values(PROFILES[profile].scopes).flat().filter((claim) => claim !== 'sub'));
}

// A typo in a test's claim name would otherwise be released nowhere and fail far from its cause.
export function checkUsers(profile, users) {
  if (!PROFILES[profile]) {
    throw new Error(`unknown profile ${JSON.stringify(profile)}: expected one of ${Object.keys(PROFILES).join(', ')}`);
  }
  const known = releasableClaims(profile);
  const logins = new Set();
  const cis2Ids = new Set();
  for (const user of users) {
    if (typeof user.login !== 'string' || !user.login || typeof user.password !== 'string') {
      throw new Error(`every user needs a non-empty login and a password: ${JSON.stringify(user)}`);
    }
    if (logins.has(user.login)) {
      throw new Error(`two users share the login ${JSON.stringify(user.login)}`);
    }
    logins.add(user.login);
    for (const claim of Object.keys(user.claims)) {
      if (!known.has(claim)) {
        throw new Error(
          `user ${user.login}: the ${profile} profile releases no claim ${JSON.stringify(claim)}; `
            + `it releases ${[...known].sort().join(', ')}`,
        );
      }
    }
    for (const claim of PROFILES[profile].requiredClaims) {
      if (user.claims[claim] === undefined) {
        throw new Error(`user ${user.login}: the ${profile} profile needs the claim ${claim}`);
      }
    }
    // CIS2's sub is nhsid_useruid: two people with one would be one account.
    if (profile === 'cis2' && cis2Ids.has(user.claims.nhsid_useruid)) {
      throw new Error(`two users share the nhsid_useruid ${JSON.stringify(user.claims.nhsid_useruid)}`);
    }
    cis2Ids.add(user.claims.nhsid_useruid);
  }
}

// Who each account id signed in as. Kept for the process's life: a test suite signs in a few hundred
// times at most.
export class Accounts {
  #userOf = new Map();

  constructor(profile) {
    this.profile = profile;
  }

  signIn(user) {
    const accountId = PROFILES[this.profile].newAccountId(user);
    this.#userOf.set(accountId, user);
    return accountId;
  }

  // oidc-provider's findAccount.
  find = async (ctx, accountId) => {
    const user = this.#userOf.get(accountId);
    if (!user) {
      return undefined;
    }
    return {
      accountId,
      async claims() {
        return { ...user.claims, sub: accountId };
      },
    };
  };
}

export function findUser(users, login, password) {
  return users.find((user) => user.login === login && user.password === password);
}
