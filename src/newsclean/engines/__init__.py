"""Ways to run the cleaner over many documents: local worker processes and records for data engines.

Sits on top of the api (with the output schema); never imports cli. Engine adapters import their engine
lazily, so the base install needs none of them.
"""
