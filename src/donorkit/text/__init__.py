"""Text formats donorkit reads, below every stage that uses them: YAML mappings with the line of
every key (front matter, specs, manifests), Markdown and HTML hygiene, and file names.

Nothing here knows about projects, brands or documents, so the library loader, the settings loader
and the renderer can all use it without depending on one another.
"""
