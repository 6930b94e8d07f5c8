"""A form's labels in the document's language, where the funder publishes its form in it.

The EU's PRAG forms exist in French, the World Bank's in French and Spanish: a form declares
``languages:`` in its doctype.yml, and its labels (title, headings, field labels, placeholders)
go through the catalogs like every template label (babel.cfg extracts them). In a language the
funder has no version of its form in, the labels stay in the funder's English wording and the
document carries a warning saying so (its values too: "ongoing", amounts and dates as the
English form writes them; the document's own words around the form stay in its language).
"""

from __future__ import annotations

from collections.abc import Callable

from ..i18n.content import Localiser
from .declaration import FormDecl


def localise_form(decl: FormDecl, doctype: str, localiser: Localiser,
                  warn: Callable[[str], None]) -> tuple[FormDecl, Localiser]:
    """(*decl* with its labels translated, the localiser its values are shown with)."""
    lang = localiser.language
    if lang.is_english:
        return decl, localiser
    if decl.languages and lang.code not in decl.languages:
        warn(f"{doctype}: the funder publishes this form in {', '.join(decl.languages)} only; "
             f"its labels and values are left in the funder's English wording")
        return decl, Localiser.create("en")
    _ = localiser.gettext
    fields = []
    for field in decl.fields:
        label = _(field.label)
        placeholder = _(field.placeholder) if field.placeholder else \
            label[:1].lower() + label[1:]
        fields.append(field.model_copy(update={
            "label": label, "placeholder": placeholder,
            "empty": _(field.empty) if field.empty else "",
            "key": field.library_key,  # what `check --for` names stays the library's key
            "todo": _("[to be completed: %(what)s]"),
        }))
    return decl.model_copy(update={
        "title": _(decl.title), "heading": _(decl.heading), "ref_label": _(decl.ref_label),
        "fields": fields}), localiser
