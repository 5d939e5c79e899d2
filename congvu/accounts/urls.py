"""/tai-khoan/: signing in, the profile, account administration and account requests."""

from congvu.accounts.profile import views as profile
from congvu.accounts.requests import views as requests
from congvu.accounts.signin import views as signin
from congvu.accounts.users import views as users

app_name = "accounts"
urlpatterns = [*signin.urlpatterns, *profile.urlpatterns, *users.urlpatterns, *requests.urlpatterns]
