"""/van-ban/: incoming and outgoing documents, dossiers, registers, statistics, search."""

from congvu.documents.files import views as files

app_name = "documents"
urlpatterns = [*files.urlpatterns]
