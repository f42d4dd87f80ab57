"""Illustrations drawn for the demo with Pillow, so the project ships no third-party pictures.

Each picture is a simple street scene — sky, residential blocks with lit windows, trees — in the
palette of its news category, made deterministic by a seed so that reloading gives the same file.
"""

import io
import math
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 750
PALETTES = {
    "party": ("#f9d9d2", "#c0392b", "#f4a582"),
    "neighbourhood": ("#d7ecf7", "#2e86ab", "#a3d5ff"),
    "care": ("#fdf1d6", "#e08e0b", "#ffd670"),
    "consultation": ("#e3f1e4", "#2a9d8f", "#9fd8cb"),
    "announcements": ("#ece6f6", "#6c4ab6", "#c8b6e2"),
}
DEFAULT_PALETTE = ("#eeeeee", "#555555", "#bbbbbb")


def _blend(top, bottom, t):
    return tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))


def _hex(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def draw_scene(seed, category=""):
    """A JPEG (bytes) of a residential street scene for `seed` in the colours of `category`."""
    rng = random.Random(seed)
    sky, accent, light = (_hex(c) for c in PALETTES.get(category, DEFAULT_PALETTE))
    picture = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(picture)
    for y in range(HEIGHT):
        draw.line([(0, y), (WIDTH, y)], fill=_blend(sky, (255, 255, 255), y / HEIGHT))
    sun_x = rng.randint(120, WIDTH - 120)
    draw.ellipse([sun_x - 60, 60, sun_x + 60, 180], fill=light)
    ground = int(HEIGHT * 0.78)
    x = -rng.randint(0, 60)
    while x < WIDTH:
        width = rng.randint(130, 220)
        top = rng.randint(int(HEIGHT * 0.22), int(HEIGHT * 0.5))
        shade = _blend(accent, (255, 255, 255), rng.uniform(0.15, 0.55))
        draw.rectangle([x, top, x + width, ground], fill=shade)
        for wy in range(top + 22, ground - 30, 44):
            for wx in range(x + 18, x + width - 30, 38):
                lit = rng.random() < 0.45
                draw.rectangle([wx, wy, wx + 20, wy + 24], fill=light if lit else (250, 250, 245))
        x += width + rng.randint(8, 30)
    draw.rectangle([0, ground, WIDTH, HEIGHT], fill=_blend(accent, (90, 90, 90), 0.6))
    for _ in range(rng.randint(4, 8)):
        tx = rng.randint(20, WIDTH - 20)
        draw.rectangle([tx - 6, ground - 50, tx + 6, ground + 10], fill=(110, 80, 50))
        draw.ellipse([tx - 45, ground - 130, tx + 45, ground - 35], fill=(70, 140, 80))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def draw_seal(size=400):
    """A PNG (bytes) of a round red seal — ring and five-pointed star — on a transparent ground.

    A demo stand-in for a committee's real seal; it carries no text, so it needs no fonts.
    """
    red = (200, 30, 30, 255)
    picture = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    ring = size // 18
    draw.ellipse([ring, ring, size - ring, size - ring], outline=red, width=ring)
    centre, outer, inner = size / 2, size * 0.2, size * 0.08
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((centre + radius * math.cos(angle), centre + radius * math.sin(angle)))
    draw.polygon(points, fill=red)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
