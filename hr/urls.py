from django.urls import path

from . import views_staff, views_work

app_name = "hr"

urlpatterns = [
    path("staff/", views_staff.staff_list, name="staff_list"),
    path("staff/add/", views_staff.staff_add, name="staff_add"),
    path("staff/import/", views_staff.staff_import_view, name="staff_import"),
    path("staff/import/template.xlsx", views_staff.staff_template, name="staff_template"),
    path("staff/<int:pk>/", views_staff.staff_file, name="staff_file"),
    path("staff/<int:pk>/edit/", views_staff.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/deactivate/", views_staff.staff_deactivate_view, name="staff_deactivate"),
    path("staff/<int:pk>/password/", views_staff.staff_password, name="staff_password"),
    path("staff/<int:pk>/certificates/", views_staff.certificate_add_view, name="certificate_add"),
    path("certificates/<int:pk>/remove/", views_staff.certificate_remove_view,
         name="certificate_remove"),
    path("assessments/", views_work.assessments, name="assessments"),
    path("assessments/open/", views_work.assessments_open, name="assessments_open"),
    path("assessments/ranking/", views_work.assessment_ranking, name="assessment_ranking"),
    path("assessments/<int:pk>/", views_work.assessment, name="assessment"),
    path("my/assessments/", views_work.my_assessments, name="my_assessments"),
    path("my/assessments/<int:pk>/acknowledge/", views_work.my_assessment_acknowledge,
         name="my_assessment_acknowledge"),
    path("my/assessments/<int:pk>/dispute/", views_work.my_assessment_dispute,
         name="my_assessment_dispute"),
    path("training/", views_work.trainings, name="trainings"),
    path("training/<int:pk>/", views_work.training, name="training"),
    path("my/training/", views_work.my_trainings, name="my_trainings"),
    path("my/training/<int:pk>/confirm/", views_work.training_confirm, name="training_confirm"),
    path("team/", views_work.activities, name="activities"),
    path("team/<int:pk>/", views_work.activity, name="activity"),
    path("stories/", views_work.stories, name="stories"),
]
