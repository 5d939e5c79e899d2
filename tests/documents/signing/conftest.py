import pytest

from tests.documents.signing.pki import PASSPHRASE, make_ca, make_pkcs12


@pytest.fixture
def pki(settings, tmp_path):
    """A CA the installation trusts, the chairman Trần Quốc Hùng's PKCS#12 from it (the one
    installation-wide file, ``SIGNING_PKCS12``), and a CA nobody configured."""
    ca = make_ca(tmp_path)
    p12 = make_pkcs12(ca, tmp_path, "Trần Quốc Hùng", "hung.p12")
    settings.SIGNING_PKCS12 = str(p12)
    settings.SIGNING_PASSPHRASE = PASSPHRASE
    settings.SIGNING_TRUST_ROOTS = [str(ca.path)]
    settings.SIGNING_DEMO_DIR = tmp_path / "demo"
    stranger = make_ca(tmp_path, "CA lạ Khác")
    return type("Pki", (), {"ca": ca, "p12": p12, "stranger": stranger, "dir": tmp_path})
