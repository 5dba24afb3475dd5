app_name = "presence"
urlpatterns: list = []
