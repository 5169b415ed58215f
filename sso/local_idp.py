"""The local identity providers that the tests and `make sso-demo` run: real processes on 127.0.0.1.

`sso/idp/oidc.mjs` is panva's oidc-provider, `sso/idp/saml.mjs` auth0's samlp; both are
npm packages pinned in package.json and installed by `make node_modules`.
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

IDP_DIR = Path(__file__).resolve().parent / "idp"
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"


def missing() -> str:
    """Why the identity providers cannot run here, or "" when they can."""
    if not shutil.which("node"):
        return "node is missing (apt-get install -y nodejs npm)"
    for package in ("oidc-provider", "samlp", "express"):
        if not (NODE_MODULES / package).is_dir():
            return f"node_modules/{package} is missing (make node_modules)"
    return ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class People:
    """The provider's people and their claims, in a JSON file it reads at every sign-in."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.write({})

    def write(self, people: dict[str, dict]) -> None:
        self.path.write_text(json.dumps(people), encoding="utf-8")


@contextmanager
def identity_provider(
    script: str, *, env: dict[str, str], port: int | None = None, timeout: float = 20
) -> Iterator[str]:
    """Run sso/idp/<script> with node on `port` (a free one by default); yields its base URL."""
    port = port or free_port()
    # Its output goes to a file: a pipe nobody reads would fill up and stop the provider.
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(  # noqa: S603
        [shutil.which("node") or "node", str(IDP_DIR / script)],
        env={**os.environ, **env, "PORT": str(port), "NODE_PATH": str(NODE_MODULES)},
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for(port, process, log, timeout)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_for(port: int, process: subprocess.Popen, log, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            output = log.read()
            raise RuntimeError(f"The identity provider stopped: {output}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"The identity provider did not listen on port {port} in {timeout} s")


def make_certificate(directory: Path, common_name: str = "Tandem test IdP") -> tuple[Path, Path]:
    """A self-signed RSA key and certificate (PEM) for the SAML identity provider to sign with."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = directory / "idp-key.pem", directory / "idp-cert.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path
