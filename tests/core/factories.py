"""Factories for what every app's tests need from the shared floor: user accounts, and communities
(a Wagtail Site with its core.models.CommunitySettings)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Site

from core.models import CommunitySettings


class UserFactory(factory.django.DjangoModelFactory):
    """UserFactory(username="mishu", group="议事秘书", is_staff=True): an account in one group."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def default_root_page():
    return Site.objects.get(is_default_site=True).root_page


class CommunityFactory(factory.django.DjangoModelFactory):
    """Another community: a Site on its own host over the default site's pages.

    Its CommunitySettings are made the way the application makes them (lazily, CommunitySettings.for_site);
    CommunityFactory(settings__tracking_prefix="QX") sets and saves fields of them at once."""

    class Meta:
        model = Site

    hostname = factory.Sequence(lambda n: f"community{n}.example.org")
    port = 80
    site_name = factory.Sequence(lambda n: f"社区{n}")
    root_page = factory.LazyFunction(default_root_page)
    is_default_site = False

    @factory.post_generation
    def settings(self, create, extracted, **fields):
        fields = {**(extracted or {}), **fields}
        if create and fields:
            settings = CommunitySettings.for_site(self)
            for name, value in fields.items():
                setattr(settings, name, value)
            settings.save()
