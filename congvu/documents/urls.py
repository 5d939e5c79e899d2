"""/van-ban/: incoming and outgoing documents, dossiers, registers, statistics, search."""

from congvu.documents.files import views as files
from congvu.documents.incoming import views as incoming
from congvu.documents.outgoing import views as outgoing
from congvu.documents.registers import views as registers
from congvu.documents.search import views as search
from congvu.documents.signing import views as signing

app_name = "documents"
urlpatterns = [
    *files.urlpatterns,
    *incoming.urlpatterns,
    *signing.urlpatterns,  # before outgoing: "di/<id>/ky/" is not one of outgoing's own actions
    *outgoing.urlpatterns,
    *registers.urlpatterns,
    *search.urlpatterns,
]
