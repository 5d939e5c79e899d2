from congvu.assignments import views, views_plan, views_reports

app_name = "assignments"
urlpatterns = [*views.urlpatterns, *views_reports.urlpatterns, *views_plan.urlpatterns]
