app_name = "workforce"

urlpatterns: list[object] = []
