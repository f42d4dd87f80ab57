"""Addresses that moved keep working: the community settings screen now lives under the `core` app."""

import pytest


@pytest.mark.django_db
def test_the_old_settings_address_redirects_to_the_new_one(client):
    response = client.get("/admin/settings/website/communitysettings/2/?tab=contact")

    assert response.status_code == 301
    assert response["Location"] == "/admin/settings/core/communitysettings/2/?tab=contact"


@pytest.mark.django_db
def test_the_settings_screen_opens_at_its_new_address(client, home, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    site_pk = home.get_site().pk

    response = client.get(f"/admin/settings/core/communitysettings/{site_pk}/")

    assert response.status_code == 200
    assert "社区信息" in response.content.decode()
