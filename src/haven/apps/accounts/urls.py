from django.urls import path

from haven.apps.accounts import staff_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify_view, name="login_verify"),
    path("mfa/", views.mfa_enrol_view, name="mfa_enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("users/", staff_views.user_list_view, name="user_list"),
    path("users/<int:pk>/", staff_views.user_detail_view, name="user_detail"),
    path(
        "users/<int:pk>/sessions/end/",
        staff_views.user_sessions_end_view,
        name="user_sessions_end",
    ),
    path("users/<int:pk>/active/", staff_views.user_active_view, name="user_active"),
]
