"""A document's files: download (audited, F-5a, F-6l). Addresses, by document kind ("den", "di"),
document and file: ``documents:file_download``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.urls import path
from django.views.decorators.http import require_safe

from congvu.core.screens import stored_file_download
from congvu.documents import services
from congvu.documents.files import selectors


@require_safe
@login_required
def file_download(request: HttpRequest, kind: str, doc_id: int, file_id: int) -> FileResponse:
    doc = selectors.document_of(request.user, kind, doc_id)
    stored = selectors.file_of(doc, file_id)
    services.file_downloaded(doc=doc, stored=stored, actor=request.user)
    return stored_file_download(stored)


urlpatterns = [
    path("tep/<str:kind>/<int:doc_id>/<int:file_id>/", file_download, name="file_download"),
]
