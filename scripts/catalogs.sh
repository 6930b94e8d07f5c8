#!/usr/bin/env bash
# Regional catalogs (pt_BR) are kept by hand and hold only the words said differently there (an
# untranslated entry would hide the language's own translation), so they are compiled, not updated.
# Re-extract the catalogs' messages from the templates, doctype.yml files and code, merge them into
# every language's .po, and compile the .mo files that ship in the wheel (committed; see
# docs/decisions.md). Run after changing a label, then translate the new entries (msgstr "") in
# src/donorkit/i18n/locale/<lang>/LC_MESSAGES/donorkit.po and run this again.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
LOCALE=src/donorkit/i18n/locale
export PYTHONPATH=src  # babel.cfg's doctype extractor lives in donorkit
"$PYBABEL" -q extract -F babel.cfg -k N_ -k _ -k ngettext:1,2 --sort-by-file --no-location \
  --project donorkit --copyright-holder "donorkit developers" -o "$LOCALE/donorkit.pot" . report_templates/_base
for lang in fr es pt; do
  po="$LOCALE/$lang/LC_MESSAGES/donorkit.po"
  if [ -f "$po" ]; then
    "$PYBABEL" -q update -i "$LOCALE/donorkit.pot" -d "$LOCALE" -D donorkit -l "$lang" \
      --no-fuzzy-matching --ignore-obsolete
  else
    "$PYBABEL" -q init -i "$LOCALE/donorkit.pot" -d "$LOCALE" -D donorkit -l "$lang"
  fi
done
"$PYBABEL" -q compile -d "$LOCALE" -D donorkit --statistics
