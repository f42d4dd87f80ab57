"""The client's address behind proxies (core/clients.py): never a 500, never the attacker's choice."""

import pytest
from django.test import RequestFactory, override_settings

from core.clients import client_ip


def request(remote="10.0.0.1", forwarded=None, **meta):
    extra = {"REMOTE_ADDR": remote, **meta}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_without_proxies_the_client_is_the_peer_whatever_the_headers_say():
    assert client_ip(request("203.0.113.9", forwarded="1.2.3.4")) == "203.0.113.9"


@pytest.mark.parametrize(
    "forwarded, expected",
    [
        ("198.51.100.7", "198.51.100.7"),
        ("1.2.3.4, 198.51.100.7", "198.51.100.7"),  # a forged first hop is ignored
        ("1.2.3.4,198.51.100.7", "198.51.100.7"),
        (" 2001:db8::1 ", "2001:db8::1"),
        (None, "10.0.0.1"),  # no header: the proxy's own address
        ("", "10.0.0.1"),
        ("not-an-address", "10.0.0.1"),
        ("1.2.3.4, garbage", "10.0.0.1"),
        ("999.1.1.1", "10.0.0.1"),
        (",,,", "10.0.0.1"),
    ],
)
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_address_it_saw(forwarded, expected):
    assert client_ip(request(forwarded=forwarded)) == expected


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_second_hop_from_the_right_is_the_client():
    assert client_ip(request(forwarded="6.6.6.6, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"
    assert client_ip(request(forwarded="10.0.0.2")) == "10.0.0.1"  # too short: the proxy


def test_a_missing_peer_address_does_not_raise():
    assert client_ip(request(remote="")) == "0.0.0.0"
