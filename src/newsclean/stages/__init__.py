"""Stages before the judge: bytes or text in, blocks out (load, pre-clean, extract, plain walk, text dumps).

May import the package's core (models, errors, limits, textutils) and the judge's rules (a text dump's
span reads them); never cli, engines, profiles or byline.
"""
