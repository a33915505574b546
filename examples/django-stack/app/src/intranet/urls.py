from django.urls import path

from counter import views

urlpatterns = [
    path("", views.index, name="index"),
    path("enqueue", views.enqueue, name="enqueue"),
    path("count", views.count, name="count"),
    path("healthz", views.healthz, name="healthz"),
]
