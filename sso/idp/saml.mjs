// A real SAML 2.0 identity provider (auth0's samlp, the engine of the npm saml-idp tool) on
// 127.0.0.1, for the browser tests and `make sso-demo`. Not for production: its sign-in
// page asks only who you are.
//
//   node sso/idp/saml.mjs          PORT, IDP_KEY, IDP_CERT (PEM files), PEOPLE
//
// PEOPLE is a JSON file {"login": {attributes}}, read at every sign-in. The assertion is
// signed (RSA-SHA256), its NameID is the email address (format emailAddress), and its
// attributes are named as Microsoft Entra ID names them where Entra has a name
// (emailaddress, displayname, department, jobtitle, country), plainly otherwise.
import { readFileSync } from 'node:fs';
import express from 'express';
import samlp from 'samlp';

const port = Number(process.env.PORT || 9500);
const issuer = process.env.IDP_ENTITY_ID || `http://127.0.0.1:${port}/saml/metadata`;
const key = readFileSync(process.env.IDP_KEY);
const cert = readFileSync(process.env.IDP_CERT);
const people = () => JSON.parse(readFileSync(process.env.PEOPLE, 'utf8'));
const CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/';
const NAMES = {
  email: `${CLAIMS}emailaddress`,
  name: 'http://schemas.microsoft.com/identity/claims/displayname',
  department: `${CLAIMS}department`,
  job_title: `${CLAIMS}jobtitle`,
  country: `${CLAIMS}country`,
};

function profileMapper(person) {
  return {
    getClaims() {
      const claims = {};
      for (const [field, value] of Object.entries(person)) {
        claims[NAMES[field] || field] = value;
      }
      return claims;
    },
    getNameIdentifier() {
      return {
        nameIdentifier: person.email,
        nameIdentifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      };
    },
  };
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const app = express();
app.use(express.urlencoded({ extended: false }));

// The service provider sends its AuthnRequest here (HTTP-Redirect binding): ask who it is.
app.get('/saml/sso', (req, res) => {
  res.send(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test SAML IdP</title></head>
<body><h1>Test SAML identity provider</h1>
<form method="post" action="/saml/sso">
  <input type="hidden" name="SAMLRequest" value="${escape(req.query.SAMLRequest || '')}">
  <input type="hidden" name="RelayState" value="${escape(req.query.RelayState || '')}">
  <label>Login <input name="login" autofocus></label>
  <button type="submit">Sign in</button>
</form></body></html>`);
});

app.post('/saml/sso', (req, res, next) => {
  const person = people()[req.body.login];
  if (!person) {
    res.status(401).send('Unknown login');
    return;
  }
  // The response goes where the service provider asked (its AssertionConsumerServiceURL),
  // named as Destination and Recipient; a production IdP checks it against its
  // configuration, this test provider trusts the request.
  samlp.parseRequest(req, (error, request) => {
    if (error || !request || !request.assertionConsumerServiceURL) {
      res.status(400).send('No valid SAMLRequest');
      return;
    }
    const acs = request.assertionConsumerServiceURL;
    samlp.auth({
      issuer,
      cert,
      key,
      destination: acs,
      recipient: acs,
      getUserFromRequest: () => person,
      profileMapper,
      signatureAlgorithm: 'rsa-sha256',
      digestAlgorithm: 'sha256',
      lifetimeInSeconds: 300,
      getPostURL: (audience, requestDom, request_, callback) => callback(null, acs),
    })(req, res, next);
  });
});

app.get('/saml/metadata', samlp.metadata({
  issuer,
  cert,
  redirectEndpointPath: '/saml/sso',
  postEndpointPath: '/saml/sso',
}));

app.listen(port, '127.0.0.1', () => {
  console.log(`SAML identity provider listening on http://127.0.0.1:${port}`);
});
