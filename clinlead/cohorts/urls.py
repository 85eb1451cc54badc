from django.urls import path

from . import joining, views

app_name = "cohorts"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("assign/", views.assign, name="assign"),
    path("join/", joining.join, name="join"),
    path("<int:cohort_id>/", views.cohort, name="cohort"),
    path("<int:cohort_id>/members/", views.add_by_email, name="add-by-email"),
    path("<int:cohort_id>/members/upload/", views.add_from_file, name="add-from-file"),
    path("<int:cohort_id>/members/<int:user_id>/remove/", views.remove_member, name="remove-member"),
    path("<int:cohort_id>/delete/", views.delete, name="delete"),
    path("<int:cohort_id>/join-code/", views.join_code, name="join-code"),
    path("<int:cohort_id>/my-membership/", joining.membership, name="membership"),
]
