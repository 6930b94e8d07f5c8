"""Front-matter keys that Jekyll (and the themes and plugins most sites use) gives a meaning.

A project page kept for a Jekyll website carries them; they are the site's business, not stray
keys, so `check --strict` passes on a clean site. They stay in ``Project.extra``.
"""

from __future__ import annotations

#: https://jekyllrb.com/docs/front-matter/ and the keys of jekyll-redirect-from, jekyll-seo-tag,
#: jekyll-feed, jekyll-sitemap and Minima / Minimal Mistakes.
JEKYLL_KEYS = frozenset({
    "layout", "permalink", "published", "redirect_from", "redirect_to", "tags", "tag",
    "categories", "category", "excerpt", "excerpt_separator", "author", "authors", "lang",
    "description", "image", "sitemap", "hidden", "last_modified_at", "seo", "header",
    "toc", "toc_label", "toc_sticky", "sidebar", "classes", "comments", "share", "related",
    "read_time", "order", "weight", "nav_order", "collection", "output",
})
