"""`make sso-demo`: the demo company signs in through two local identity providers.

Starts, on 127.0.0.1, an OpenID Connect provider "Acme (test)" (oidc-provider) for the
demo's example.com and a SAML provider "Globex (test)" (samlp) for globex.example, gives
HR's single sign-on page the two domains, then serves Tandem on 127.0.0.1:8000 with the
providers configured. Ctrl-C stops the three. docs/sso.md, "Trying it on your machine".
"""

import contextlib
import os
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from people.models import User
from sso import local_idp
from sso.models import EmailDomain

OIDC_PORT, SAML_PORT, SITE_PORT = 9400, 9500, 8000
DEMO_LOGINS = {
    "hr": "hr@example.com",
    "exec": "exec@example.com",
    "mentor": "mentor@example.com",
    "mentee": "mentee@example.com",
}
# Someone the directory does not know yet: her first sign-in creates her account.
NADIA = {
    "email": "nadia.haddad@globex.example",
    "name": "Nadia Haddad",
    "department": "Marketing",
    "job_title": "Social media lead",
    "grade": "4",
    "manager_email": "mentee@example.com",
    "site": "Lyon",
    "country": "FR",
    "languages": ["fr", "ar", "en"],
    "locale": "fr-FR",
}


class Command(BaseCommand):
    help = "Serve the demo with a local OpenID Connect and a local SAML identity provider."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=SITE_PORT, help="Tandem's port")
        parser.add_argument("--oidc-port", type=int, default=OIDC_PORT)
        parser.add_argument("--saml-port", type=int, default=SAML_PORT)

    def handle(self, *args, port: int, oidc_port: int, saml_port: int, **options) -> None:
        reason = local_idp.missing()
        if reason:
            raise CommandError(reason)
        if not User.objects.filter(email="hr@example.com").exists():
            raise CommandError("Load the demo company first: python manage.py seed_demo")
        work = Path(tempfile.mkdtemp(prefix="tandem-sso-demo-"))
        people = local_idp.People(work / "people.json")
        people.write(self._people())
        key, cert = local_idp.make_certificate(work)
        site = f"http://127.0.0.1:{port}"
        with ExitStack() as stack:
            oidc = stack.enter_context(
                local_idp.identity_provider(
                    "oidc.mjs",
                    port=oidc_port,
                    env={
                        "CLIENT_ID": "tandem-demo",
                        "CLIENT_SECRET": "tandem-demo-secret",
                        "REDIRECT_URI": f"{site}/accounts/oidc/acme/login/callback/",
                        "PEOPLE": str(people.path),
                    },
                )
            )
            saml = stack.enter_context(
                local_idp.identity_provider(
                    "saml.mjs",
                    port=saml_port,
                    env={"IDP_KEY": str(key), "IDP_CERT": str(cert), "PEOPLE": str(people.path)},
                )
            )
            EmailDomain.objects.update_or_create(
                domain="example.com", defaults={"provider_id": "acme", "create_accounts": True}
            )
            EmailDomain.objects.update_or_create(
                domain="globex.example", defaults={"provider_id": "globex", "create_accounts": True}
            )
            environment = {
                **os.environ,
                "SSO_PROVIDERS": "acme,globex",
                "SSO_ACME_PROTOCOL": "oidc",
                "SSO_ACME_NAME": "Acme (test)",
                "SSO_ACME_SERVER_URL": oidc,
                "SSO_ACME_CLIENT_ID": "tandem-demo",
                "SSO_ACME_CLIENT_SECRET": "tandem-demo-secret",
                "SSO_ACME_SCOPE": "openid email profile directory",
                "SSO_GLOBEX_PROTOCOL": "saml",
                "SSO_GLOBEX_NAME": "Globex (test)",
                "SSO_GLOBEX_IDP_ENTITY_ID": f"{saml}/saml/metadata",
                "SSO_GLOBEX_IDP_SSO_URL": f"{saml}/saml/sso",
                "SSO_GLOBEX_IDP_CERT": cert.read_text(),
            }
            self.stdout.write(
                f"OpenID Connect provider on {oidc}, SAML provider on {saml}.\n"
                f"Open {site}/accounts/login/: “Sign in with Acme (test)” and type hr, exec, "
                "mentor or mentee (any password); “Sign in with Globex (test)” and type nadia.\n"
            )
            with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C stops the three
                subprocess.run(  # noqa: S603 (our own server)
                    [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"],
                    cwd=settings.BASE_DIR,
                    env=environment,
                    check=False,
                )

    def _people(self) -> dict[str, dict]:
        people = {"nadia": NADIA}
        for login, email in DEMO_LOGINS.items():
            person = User.objects.get(email=email)
            people[login] = {
                "email": person.email,
                "email_verified": True,
                "name": person.name,
                "locale": person.preferred_language,
            }
        return people
