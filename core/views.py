from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator

from core.forms import SignInForm
from core.navigation import home_url


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


def home(request):
    """Land each person where their work is."""
    return redirect(home_url(request.user))


def no_role(request):
    return render(request, "core/no_role.html", status=403)


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def locked_out(request, credentials=None, *args, **kwargs):
    return render(request, "registration/locked_out.html", status=429)
