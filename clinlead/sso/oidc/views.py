"""OpenID Connect sign-in for Keystone and CIS2: allauth's views and adapter, with the ID token always verified
against a cached key set (keys.py). The nonce is checked where the state is at hand (adapter.py)."""

from typing import Any

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404, HttpRequest, HttpResponse

from .. import keys, sign_out
from ..origins import allowing_sign_in_forms


class VerifyingAdapter(OpenIDConnectOAuth2Adapter):  # type: ignore[misc]
    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        try:
            return keys.verify_id_token(
                id_token,
                keys_url=self.openid_config["jwks_uri"],
                issuer=self.openid_config["issuer"],
                audience=app.client_id,
            )
        except (jwt.PyJWTError, keys.UnknownKey) as error:
            raise OAuth2Error(f"the ID token failed its checks: {error}") from error

    def complete_login(self, request: HttpRequest, app: SocialApp, token: Any, **kwargs: Any) -> Any:
        login = super().complete_login(request, app, token, **kwargs)
        sign_out.hold(login, sign_out.from_oidc(app, kwargs["response"].get("id_token")))
        return login


@login_not_required  # type: ignore[misc]
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        # Its page (a GET) is a form that starts the sign-in: it may send the browser to the provider.
        return allowing_sign_in_forms(OAuth2LoginView.adapter_view(VerifyingAdapter(request, provider_id))(request))
    except SocialApp.DoesNotExist as missing:
        raise Http404 from missing


@login_not_required  # type: ignore[misc]
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2CallbackView.adapter_view(VerifyingAdapter(request, provider_id))(request)  # type: ignore[no-any-return]
    except SocialApp.DoesNotExist as missing:
        raise Http404 from missing
