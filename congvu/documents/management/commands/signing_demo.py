"""``congvu signing_demo``: demo certificates, so a fresh installation signs out of the box (DOC-5).

Writes into ``SIGNING_DEMO_DIR`` (``var/signing``): a demo certificate authority (``ca.pem``, its
key ``ca-key.pem`` encrypted with the demo passphrase) and one PKCS#12 per leader — everyone who
holds a head or deputy post now (``<username>.p12``, passphrase ``congvu-demo``). Idempotent: what
exists is kept, only missing files are made (all of them again when the CA had to be made anew). With no ``SIGNING_PKCS12`` configured, each leader
signs with their own file and the demo CA is trusted (``signing.signers``).

Not for production: a real installation uses certificates from a licensed CA (a USB token, a
remote signing service, or the agency's PKCS#12 in ``CONGVU_SIGNING_PKCS12``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from congvu.accounts.models import User
from congvu.documents.signing.signers import DEMO_CA, DEMO_PASSPHRASE
from congvu.org.models import Membership, Position

CA_KEY = "ca-key.pem"
CA_NAME = "Công Vụ – CA chạy thử (không dùng thật)"
CA_YEARS = 10
LEAF_YEARS = 3


def _name(common_name: str, organisation: str = "Công Vụ (chạy thử)") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def _key_usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def demo_ca(directory: Path) -> tuple[Any, x509.Certificate, bool]:
    """The demo CA's key and certificate, made on first use; True when made now."""
    cert_path, key_path = directory / DEMO_CA, directory / CA_KEY
    if cert_path.is_file() and key_path.is_file():
        key = serialization.load_pem_private_key(key_path.read_bytes(), DEMO_PASSPHRASE.encode())
        return key, x509.load_pem_x509_certificate(cert_path.read_bytes()), False
    key = ec.generate_private_key(ec.SECP256R1())
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(CA_NAME))
        .issuer_name(_name(CA_NAME))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signing=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(DEMO_PASSPHRASE.encode()),
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert, True


def demo_pkcs12(ca_key: Any, ca_cert: x509.Certificate, *, user: Any, agency: str, path: Path) -> None:
    """One leader's key and certificate, issued by the demo CA, as a PKCS#12 file."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(user.full_name or user.username, agency))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * LEAF_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signing=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        (user.full_name or user.username).encode(),
        key,
        cert,
        [ca_cert],
        serialization.BestAvailableEncryption(DEMO_PASSPHRASE.encode()),
    )
    path.write_bytes(data)
    path.chmod(0o600)


def leaders() -> list[tuple[Any, str]]:
    """Everyone who holds a head or deputy post now, with the unit of that post."""
    found: dict[int, tuple[Any, str]] = {}
    posts = (
        Membership.objects.current()
        .filter(
            position__level__in=[Position.Level.HEAD, Position.Level.DEPUTY], user__status=User.Status.ACTIVE
        )
        .select_related("user", "unit")
        .order_by("unit__path", "position__sort_order", "user_id")
    )
    for post in posts:
        found.setdefault(post.user_id, (post.user, post.unit.name))
    return list(found.values())


class Command(BaseCommand):
    help = "Tạo CA chạy thử và chứng thư số (PKCS#12) cho từng lãnh đạo, để ký số ngay khi chạy thử."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="Thư mục (mặc định: SIGNING_DEMO_DIR, var/signing).")

    def handle(self, *args, **options):
        directory = Path(options["dir"] or settings.SIGNING_DEMO_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        ca_key, ca_cert, made = demo_ca(directory)
        self.stdout.write(f"{'Đã tạo' if made else 'Đã có'} CA chạy thử: {directory / DEMO_CA}")
        new = kept = 0
        for user, agency in leaders():
            path = directory / f"{user.get_username()}.p12"
            if path.is_file() and not made:  # a new CA re-issues every file: the old ones chain to nothing
                kept += 1
                continue
            demo_pkcs12(ca_key, ca_cert, user=user, agency=agency, path=path)
            new += 1
            self.stdout.write(f"  {path.name}: {user.full_name} ({agency})")
        self.stdout.write(
            f"Chứng thư số của lãnh đạo: {new} tạo mới, {kept} đã có. Mật khẩu các tệp: {DEMO_PASSPHRASE}"
        )
        if settings.SIGNING_PKCS12:
            self.stdout.write(
                "Lưu ý: CONGVU_SIGNING_PKCS12 đang được cấu hình, nên các tệp chạy thử này không được dùng."
            )
