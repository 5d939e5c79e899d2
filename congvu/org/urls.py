from congvu.org.views import delegations, units

app_name = "org"
urlpatterns = [*delegations.urlpatterns, *units.urlpatterns]
