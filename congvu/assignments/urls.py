"""/cong-viec/: work items, the yearly evaluation and usage reports, the annual work plan."""

from congvu.assignments import views as items
from congvu.assignments.plans import views as plans
from congvu.assignments.reports import views as reports

app_name = "assignments"
urlpatterns = [*items.urlpatterns, *reports.urlpatterns, *plans.urlpatterns]
