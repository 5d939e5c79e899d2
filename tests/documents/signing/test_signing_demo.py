"""``congvu signing_demo`` makes a demo CA and one PKCS#12 per leader, idempotently, and with them
a leader signs out of the box — the signature verifies trusted against the demo CA."""

from io import StringIO

from django.core.management import call_command

from congvu.documents.signing import services
from congvu.documents.signing.selectors import file_bytes
from congvu.documents.signing.signers import verify_pdf
from tests.documents.cast import build_documents_cast
from tests.documents.signing.helpers import to_sign


def _run(**options):
    out = StringIO()
    call_command("signing_demo", stdout=out, **options)
    return out.getvalue()


def test_it_makes_a_ca_and_one_file_per_leader_once(province, settings, tmp_path):
    settings.SIGNING_PKCS12 = ""
    settings.SIGNING_DEMO_DIR = tmp_path
    first = _run()
    assert "Đã tạo CA chạy thử" in first and "Mật khẩu các tệp: congvu-demo" in first
    made = sorted(p.name for p in tmp_path.glob("*.p12"))
    for leader in (province.chu_tich, province.pho_chu_tich, province.giam_doc, province.truong_phong):
        assert f"{leader.username}.p12" in made
    assert f"{province.chuyen_vien.username}.p12" not in made  # an officer signs nothing
    ca = (tmp_path / "ca.pem").read_bytes()
    p12 = (tmp_path / f"{province.chu_tich.username}.p12").read_bytes()
    second = _run()
    assert "Đã có CA chạy thử" in second and f"0 tạo mới, {len(made)} đã có" in second
    assert (tmp_path / "ca.pem").read_bytes() == ca
    assert (tmp_path / f"{province.chu_tich.username}.p12").read_bytes() == p12


def test_a_leader_signs_with_the_demo_files(province, settings, tmp_path):
    settings.SIGNING_PKCS12 = ""
    settings.SIGNING_PASSPHRASE = ""
    settings.SIGNING_TRUST_ROOTS = []
    settings.SIGNING_DEMO_DIR = tmp_path
    _run()
    cast = build_documents_cast(province)
    doc = services.document_sign(doc=to_sign(cast), actor=cast.chu_tich)
    [check] = verify_pdf(file_bytes(doc.signed_file))
    assert check.ok and check.signer == "Trần Quốc Hùng"


def test_a_new_leader_gets_a_file_on_the_next_run(province, settings, tmp_path):
    settings.SIGNING_PKCS12 = ""
    settings.SIGNING_DEMO_DIR = tmp_path
    _run()
    (tmp_path / f"{province.giam_doc.username}.p12").unlink()
    again = _run()
    assert f"{province.giam_doc.username}.p12" in again and "1 tạo mới" in again


def test_a_new_ca_issues_every_file_again(province, settings, tmp_path):
    settings.SIGNING_PKCS12 = ""
    settings.SIGNING_DEMO_DIR = tmp_path
    _run()
    before = (tmp_path / f"{province.chu_tich.username}.p12").read_bytes()
    (tmp_path / "ca.pem").unlink()
    again = _run()
    assert "Đã tạo CA chạy thử" in again and ", 0 đã có" in again
    assert (tmp_path / f"{province.chu_tich.username}.p12").read_bytes() != before
