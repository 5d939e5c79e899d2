"""/van-ban/: incoming and outgoing documents, dossiers, registers, statistics, search."""

app_name = "documents"
urlpatterns: list = []  # each feature adds its own: [*incoming.urlpatterns, *outgoing.urlpatterns, ...]
