"""/cham-diem/: criteria sets, periods, self-assessments, appraisal, results and ranking."""

from congvu.scoring.appraisal import views as appraisal
from congvu.scoring.assessments import views as assessments
from congvu.scoring.criteria import views as criteria
from congvu.scoring.periods import views as periods
from congvu.scoring.results import views as results

app_name = "scoring"
urlpatterns = [
    *criteria.urlpatterns,
    *periods.urlpatterns,
    *assessments.urlpatterns,
    *appraisal.urlpatterns,
    *results.urlpatterns,
]
