"""Words from the data that the catalogs translate: the regions, solutions, services and clients
common in development work, country labels, and the words code makes rather than templates.

Only marked here (``N_``) so ``pybabel extract`` puts them in the catalogs (babel.cfg); at run time
they are looked up by their English text (:meth:`Localiser.term`). A library adds its own in its
glossary file.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional no-op marker
    return message


GENERATED = (
    N_("Overview"),  # the title of a body's untitled first part
    N_("ongoing"), N_("completed"),
    # library/body.py's links in place of embedded videos
    N_("Video: %(title)s"), N_("Video on %(provider)s"), N_("Video"),
    # forms/language.py: a required value missing from a donor form
    N_("[to be completed: %(what)s]"),
)
COUNTRY_LABELS = (N_("Regional"), N_("Worldwide"), N_("Global"), N_("Multi-country"),
                  N_("Various"))
REGIONS = (
    N_("Africa"), N_("Sub-Saharan Africa"), N_("West Africa"), N_("East Africa"),
    N_("Southern Africa"), N_("Central Africa"), N_("North Africa"),
    N_("Asia and the Pacific"), N_("Asia"), N_("South Asia"), N_("Southeast Asia"),
    N_("East Asia and the Pacific"), N_("Central Asia"), N_("Eastern Europe and Central Asia"),
    N_("Europe and Central Asia"), N_("Europe"), N_("Latin America and the Caribbean"),
    N_("Middle East and North Africa"), N_("North America"), N_("Pacific"),
)
SOLUTIONS = (
    N_("Governance"), N_("Environment and Climate"), N_("Finance and Investment"),
    N_("Agriculture"), N_("Water and Sanitation"), N_("Stability and Crisis Response"),
    N_("Health"), N_("Energy"), N_("Economic Growth"), N_("Education"),
    N_("Gender and Social Inclusion"), N_("Monitoring and Evaluation"), N_("Digital"),
    N_("Trade"), N_("Infrastructure"), N_("Private Sector Development"),
)
SERVICES = (
    N_("Technical assistance"), N_("Capacity building"), N_("Training"), N_("Research"),
    N_("Grants management"), N_("Employment services"), N_("Policy advice"),
)
CLIENTS = (
    N_("World Bank"), N_("European Union"), N_("Asian Development Bank"),
    N_("African Development Bank"), N_("Inter-American Development Bank"),
    N_("US Agency for International Development"), N_("United Nations Development Programme"),
    N_("UK Foreign, Commonwealth & Development Office"), N_("Bill & Melinda Gates Foundation"),
)
