"""A fresh self-signed RSA key and certificate, for the IdP (signing) and for SPs that tests configure."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class KeyPair:
    private_key_pem: str
    certificate_pem: str

    @property
    def certificate_base64(self) -> str:
        """The certificate's DER in base64 on one line, as SAML metadata and python3-saml settings carry it."""
        lines = self.certificate_pem.strip().splitlines()
        return "".join(line for line in lines if not line.startswith("-----"))

    def write(self, folder: Path, stem: str) -> tuple[Path, Path]:
        """Writes <stem>.key and <stem>.crt (xmlsec1, which pysaml2 runs, reads files); returns their paths."""
        key_path, cert_path = folder / f"{stem}.key", folder / f"{stem}.crt"
        key_path.write_text(self.private_key_pem)
        key_path.chmod(0o600)
        cert_path.write_text(self.certificate_pem)
        return key_path, cert_path


def generate_key_pair(common_name: str) -> KeyPair:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    # Valid from two days back, so a test that sets the IdP's clock back (clock_offset_seconds) still has
    # a certificate that is valid at the IdP's idea of "now".
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=2))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return KeyPair(
        private_key_pem=key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
    )
