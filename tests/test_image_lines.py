"""A warning about an image left out names the page and the image's line, whether the image is
in the body (a paragraph, a list item after a heading, the page's own <figure>) or the
front matter's `image:`."""

from __future__ import annotations

import re

import donorkit
from donorkit.library.body import parse_body

PAGE = """---
title: Kenya—Pictures
summary: Pictures that are not there.
start: 2019
end: 2020
client: World Bank
country: Kenya
image: /uploads/hero.jpg
---

Text.

![one](/uploads/missing-one.jpg)

## Results

* A result
* Another ![two](missing-two.png)

<figure><img src="missing-three.png" data-line="999"><figcaption>Three</figcaption></figure>
"""


def _lines(text: str, *needles: str) -> list[int]:
    rows = text.splitlines()
    return [next(i + 1 for i, row in enumerate(rows) if needle in row) for needle in needles]


def test_missing_image_warnings_give_file_and_line(tmp_path):
    (tmp_path / "uploads").mkdir()
    page = tmp_path / "kenya-pics.md"
    page.write_text(PAGE, encoding="utf-8")
    [result] = donorkit.export("case-study", library=tmp_path, formats=["html"],
                               out=tmp_path / "out", assets=tmp_path)
    said = {}
    for warning in result.warnings:
        found = re.search(r"kenya-pics\.md:(\d+): image (\S+) left out", warning)
        if found:
            said[found[2]] = int(found[1])
    hero, one, two, three = _lines(PAGE, "hero.jpg", "missing-one", "missing-two",
                                   "missing-three")
    assert said == {"/uploads/hero.jpg": hero, "/uploads/missing-one.jpg": one,
                    "missing-two.png": two, "missing-three.png": three}
    html = next(p for p in result.files if p.suffix == ".html").read_text(encoding="utf-8")
    assert "data-line" not in html  # the line travels beside the HTML, never in it


def test_image_lines_after_a_heading_are_the_images_own():
    body = parse_body("Intro.\n\n## Results\n\n* one\n* two ![b](b.png)\n", first_line=10)
    assert [(m.url, m.line) for m in body.media] == [("b.png", 15)]
    assert "data-line" not in body.sections[-1].html
