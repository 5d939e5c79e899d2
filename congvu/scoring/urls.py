"""/cham-diem/: criteria sets, periods, self-assessments, appraisal, results and ranking."""

from congvu.scoring.assessments import views as assessments

app_name = "scoring"
urlpatterns: list = []
# --- each feature package adds its own: [*criteria.urlpatterns, *periods.urlpatterns, ...] ---
urlpatterns += assessments.urlpatterns
