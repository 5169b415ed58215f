// A real OpenID Connect provider (panva's oidc-provider) on 127.0.0.1, for the browser
// tests and `make sso-demo`. Not for production: its sign-in page takes any login and
// any password (oidc-provider's "devInteractions").
//
//   node sso/idp/oidc.mjs            PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, PEOPLE
//
// PEOPLE is a JSON file {"login": {claims}}, read at every sign-in, so that a test can
// change someone's claims between two sign-ins. The claims are the ones Microsoft Entra
// ID, Okta and Google send (email, email_verified, name) and the directory attributes a
// company adds (department, job_title, grade, manager_email, site, country, languages,
// locale); docs/sso.md maps them to Tandem's fields.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT || 9400);
const issuer = `http://127.0.0.1:${port}`;
const people = () => JSON.parse(readFileSync(process.env.PEOPLE, 'utf8'));
const directory = [
  'department', 'job_title', 'grade', 'manager_email', 'site', 'country', 'languages',
];

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID || 'tandem',
    client_secret: process.env.CLIENT_SECRET || 'tandem-secret',
    redirect_uris: (process.env.REDIRECT_URI || '').split(',').filter(Boolean),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  scopes: ['openid', 'email', 'profile', 'directory'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'locale'],
    directory,
  },
  // Claims go into the ID token too, as Entra ID does with optional claims.
  conformIdTokenClaims: false,
  pkce: { required: () => false },
  cookies: { keys: ['tandem-test-provider-only'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const claims = people()[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
