app_name = "wfh"
urlpatterns: list = []
