"""The page frame every family page shares."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_header_keeps_the_container_padding_on_phones(client):
    """Bootstrap's .navbar zeroes the side padding of an element that is also the
    .container, so the container must be inside the navbar, not the navbar itself."""
    page = client.get("/").content.decode()
    nav = re.search(r'<nav class="([^"]*)"[^>]*>\s*(?:\{#.*?#\}\s*)?<div class="([^"]*)"', page)
    assert nav is not None
    assert "navbar" in nav.group(1).split() and "container" not in nav.group(1).split()
    assert "container" in nav.group(2).split()
