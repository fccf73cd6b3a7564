"""The floor: a view that only names the signed-in user, in front of the site's pages.

A signed-in page can cost no less than this view, which reads the session and the
user as every signed-in page does and renders nothing: the bench reports each
signed-in page as a ratio to it.
"""

from config.urls import urlpatterns as site_urlpatterns
from django.http import HttpResponse
from django.urls import path


def floor(request):
    return HttpResponse(
        f"Signed in as {request.user.get_username()}\n", content_type="text/plain"
    )


# At pages.FLOOR_PATH, which the bench loads.
urlpatterns = [path("bench/floor/", floor), *site_urlpatterns]
