"""Donor reference forms (issue 10): document types declared in ``doctype.yml``, not coded.

- :mod:`.declaration` reads and checks a form's fields (label, source, required, format);
- :mod:`.expressions` evaluates a field's ``source`` in a sandbox;
- :mod:`.formats` turns values into the text a funder's form wants;
- :mod:`.build` fills the form for a selection (the template context), noting what is missing;
- :mod:`.completeness` is ``donorkit check --for FORM``.
"""
