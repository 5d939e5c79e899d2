"""/to-chuc/: units, posts and roles; delegations."""

from congvu.org.delegations import views as delegations
from congvu.org.units import views as units

app_name = "org"
urlpatterns = [*delegations.urlpatterns, *units.urlpatterns]
