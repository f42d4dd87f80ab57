"""Public URLs of the consultation process (README.md, "What is where")."""

from django.urls import path

from consultation.web import feeds, verify, views

app_name = "consultation"
urlpatterns = [
    path("", views.proposal_index, name="index"),
    path("propose/", views.propose, name="propose"),
    path("track/", views.track, name="track"),
    path("verify/", verify.verify, name="verify"),
    path("proposals/<str:number>/", views.proposal_detail, name="proposal"),
    path("proposals/<str:number>/rate/", views.rate_proposal, name="rate"),
    path("sessions/", views.session_index, name="sessions"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/minutes.pdf", views.session_minutes, name="minutes"),
    path("sessions/<int:pk>/minutes-v<int:number>.pdf", views.session_minutes, name="minutes_version"),
    path("calendar.ics", feeds.calendar_ics, name="calendar"),
    path("notices/", views.notice_index, name="notices"),
    path("notices/feed/", feeds.NoticeFeed(), name="notice_feed"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("notices/<int:pk>/notice-v<int:number>.pdf", views.notice_pdf, name="notice_pdf_version"),
]
