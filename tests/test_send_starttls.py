"""`rituals send --starttls`: the connection is upgraded and the server's certificate is checked.

A throw-away certificate authority signs a certificate for 127.0.0.1; an aiosmtpd server on
loopback requires STARTTLS with it. Trusted (SSL_CERT_FILE names the authority), the invite is
delivered; untrusted, nothing is sent and the user gets one line.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rituals.cli import app

pytestmark = pytest.mark.usefixtures("cli_env")


def certificates(folder: Path) -> tuple[Path, Path, Path]:
    """(authority, server certificate, server key) as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("rituals test CA"))
        .issuer_name(name("rituals test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return paths


class Sink:
    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def tls_server(tmp_path: Path):
    from aiosmtpd.controller import Controller

    authority, cert, key = certificates(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True)
    controller.start()
    try:
        yield sink, f"127.0.0.1:{port}", authority
    finally:
        controller.stop()


def send(sample_db: Path, server: str, *extra: str):
    return CliRunner().invoke(
        app,
        ["--db", str(sample_db), "send", "welcome-lunch", "--smtp", server, "--from", "rituals@example.org", *extra],
    )


def test_starttls_with_a_trusted_certificate_delivers(sample_db, tls_server, monkeypatch) -> None:
    sink, server, authority = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(authority))
    result = send(sample_db, server, "--starttls")
    assert result.exit_code == 0, result.output
    assert sink.envelopes and all(b"text/calendar" in e.content for e in sink.envelopes)


def test_an_untrusted_certificate_sends_nothing_and_says_so_in_one_line(
    sample_db, tls_server, tmp_path, monkeypatch
) -> None:
    sink, server, _authority = tls_server
    empty = tmp_path / "no-authority.pem"
    empty.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "nowhere"))
    result = send(sample_db, server, "--starttls")
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    assert "certificate this machine does not trust" in result.output and "SSL_CERT_FILE" in result.output
    assert not sink.envelopes


def test_without_starttls_a_server_that_requires_it_refuses(sample_db, tls_server) -> None:
    sink, server, _authority = tls_server
    result = send(sample_db, server)
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    assert "530" in result.output and "try --starttls" in result.output and not sink.envelopes
