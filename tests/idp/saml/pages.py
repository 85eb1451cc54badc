"""The IdP's HTML pages: plain forms that headless Chromium and a requests.Session can both drive."""

from html import escape

LOGIN_FORM_ACTION = "/idp/login"


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><main>{body}</main></body></html>\n"
    )


def login_page(pending_request: str, sp_entity_id: str, error: str = "") -> str:
    """The sign-in form. pending_request names the AuthnRequest being answered (kept at the IdP)."""
    error_html = f'<p role="alert" id="error">{escape(error)}</p>' if error else ""
    return _page(
        "Sign in - test OpenAthens",
        f"<h1>Sign in</h1><p>to {escape(sp_entity_id)}</p>{error_html}"
        f'<form method="post" action="{LOGIN_FORM_ACTION}">'
        f'<input type="hidden" name="request" value="{escape(pending_request)}">'
        '<label for="login">Username</label> <input id="login" name="login" autocomplete="username"> '
        '<label for="password">Password</label> '
        '<input id="password" name="password" type="password" autocomplete="current-password"> '
        '<button type="submit">Sign in</button></form>',
    )


def post_to_sp_page(acs_url: str, fields: dict[str, str]) -> str:
    """The HTTP-POST binding: a form that sends the SAML message to the SP.

    A script submits it at once; without JavaScript the person presses Continue.
    """
    hidden = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">' for name, value in fields.items()
    )
    return _page(
        "Signing you in",
        f'<form method="post" action="{escape(acs_url)}">{hidden}'
        "<p>Press Continue to go back to the service.</p>"
        '<button type="submit">Continue</button></form>'
        "<script>document.forms[0].submit();</script>",
    )


def message_page(title: str, message: str) -> str:
    return _page(title, f"<h1>{escape(title)}</h1><p>{escape(message)}</p>")
