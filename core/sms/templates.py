"""The messages the site can send, by logical name: their text, the parameters they need and which
of those are secret.

A template here is the site's side of a template approved at the SMS provider: the provider keeps
the same text under its own code (settings.SMS["TEMPLATES"], from the SMS_TEMPLATE_<NAME>
environment variables) and adds the signature (签名, settings.SMS["SIGN_NAME"]) in front. render()
gives exactly what a resident's phone shows, so the console backend and the message log can show
it too. The text is always rendered in the site's language (settings.LANGUAGE_CODE), whatever
language the request that sends it is in: it must match what the provider approved.

Other apps register their own templates (register()); the core registers only the verification
code that core/verification.py sends.
"""

import string
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

MASK = "******"


class TemplateError(ValueError):
    """A programming error: an unknown template, or parameters missing for it."""


@dataclass(frozen=True)
class Template:
    """name: the logical name callers use; label: what the admin's message log calls it; text: the
    message after the signature, with {placeholders}; params: the placeholders in the order of the
    text (Tencent Cloud takes them as an ordered list); secret: params hidden once sent."""

    name: str
    label: str
    text: str
    params: tuple[str, ...]
    secret: tuple[str, ...] = ()

    def problems(self):
        """What is wrong with the template itself (its text and params disagree), for the checks."""
        with translation.override(settings.LANGUAGE_CODE):
            placeholders = {field for _, field, _, _ in string.Formatter().parse(str(self.text)) if field}
        found = []
        if placeholders != set(self.params):
            found.append(f"template {self.name!r}: text has {sorted(placeholders)}, params {list(self.params)}")
        if not set(self.secret) <= set(self.params):
            found.append(f"template {self.name!r}: secret params must be among its params")
        return found

    def clean(self, params):
        """The parameters as the providers take them: every one present, each a string."""
        missing = [name for name in self.params if params.get(name) in (None, "")]
        if missing:
            raise TemplateError(f"template {self.name!r} needs {', '.join(missing)}")
        unknown = sorted(set(params) - set(self.params))
        if unknown:
            raise TemplateError(f"template {self.name!r} takes no {', '.join(unknown)}")
        return {name: str(params[name]) for name in self.params}

    def redact(self, params):
        """`params` with the secret ones replaced by ******, for the log once the message is sent."""
        return {name: MASK if name in self.secret else value for name, value in params.items()}

    def ordered(self, params):
        """The values in the order of the text (Tencent Cloud's TemplateParamSet)."""
        return [str(params[name]) for name in self.params]


_registry = {}


def register(template):
    """Add `template` to the registry (again under the same name replaces it)."""
    _registry[template.name] = template
    return template


def get(name):
    try:
        return _registry[name]
    except KeyError:
        raise TemplateError(f"no SMS template named {name!r}") from None


def find(name):
    """The template `name`, or None."""
    return _registry.get(name)


def all_templates():
    return list(_registry.values())


def choices():
    """(name, label) of every template, for the admin's filter."""
    return [(template.name, template.label) for template in _registry.values()]


def label(name):
    template = _registry.get(name)
    return template.label if template else name


def sign_name():
    return settings.SMS["SIGN_NAME"]


def render(template, params):
    """The text the resident receives: 【签名】 and the template's text with `params` filled in."""
    if isinstance(template, str):
        template = get(template)
    params = template.clean(params)
    with translation.override(settings.LANGUAGE_CODE):
        text = str(template.text)
    return f"【{sign_name()}】" + text.format(**params)


VERIFICATION_CODE = register(
    Template(
        name="verification_code",
        label=_("短信验证码"),
        text=_("您的验证码是{code}，{minutes}分钟内有效。请勿泄露给他人。"),
        params=("code", "minutes"),
        secret=("code",),
    )
)
