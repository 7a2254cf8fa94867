from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.scope import assigned_units, home_unit, role_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {
        "role": role_of(request.user),
        "units": assigned_units(request.user),
        "home_unit": home_unit(request.user),
        "breadcrumbs": [],
    })
