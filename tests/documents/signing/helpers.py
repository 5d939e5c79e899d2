"""An outgoing document waiting for the chairman's signature, with its PDF attached as main file."""

from congvu.documents import services
from congvu.documents.models import DocumentFile, OutgoingDocument
from tests.documents.cast import outgoing, pdf_bytes

PDF = pdf_bytes("UBND TỈNH BÌNH SƠN", "KẾ HOẠCH tuyển dụng công chức năm 2027")


def to_sign(cast, *, data=PDF, name="ke-hoach-tuyen-dung.pdf", **fields):
    doc = outgoing(cast, status=OutgoingDocument.Status.TO_SIGN, **fields)
    if data is not None:
        services.files_attach(doc=doc, uploads=[(name, data)], actor=doc.drafter, kind=DocumentFile.Kind.MAIN)
    return doc
