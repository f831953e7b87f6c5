"""Generator of the held-out test sites (see ``tests/heldout/gen.py``).

The sites are built from templates the extraction developers never looked at, so the quality figures
measured on them (``bench/quality.py``) say how the generic extraction does on sites it was not written for.
"""
