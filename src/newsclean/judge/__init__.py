"""The block judge: which extracted blocks are chrome, by rules (data in ``rules/``) and their placement,
and optionally by a learned model over block features (``features.py``, ``model.py``, ``model/``).

Every removal is a ledger entry with its category, rule and evidence. May import the package's core;
never stages, cli, engines, profiles or byline.
"""
