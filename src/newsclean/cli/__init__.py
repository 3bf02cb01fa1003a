"""The command line: a thin layer over the library (options from flags, inputs, batches, outputs, errors).

Sits on top: may import anything in the package; nothing in the package imports it.
"""
