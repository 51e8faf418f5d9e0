from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("<int:pk>/allocate/", views.allocate, name="allocate"),
    path("<int:pk>/waiting-offer/", views.waiting_offer, name="waiting-offer"),
    path("<int:pk>/contacts/new/", views.contact_new, name="contact-new"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/co-worker/", views.co_worker, name="co-worker"),
]
