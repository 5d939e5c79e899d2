"""/chi-dao/: directives and their tasks, the agencies' lists, the review queue, the reports."""

from congvu.directives.entry import views as entry
from congvu.directives.stats import views as stats
from congvu.directives.tasks import views as tasks

app_name = "directives"
urlpatterns = [*entry.urlpatterns, *tasks.urlpatterns, *stats.urlpatterns]
