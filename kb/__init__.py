"""Knowledge base core: configuration, domain model, text, embeddings, store, retrieval, answers.

`kb` imports neither `ingest` nor `search_api`; only the command-line entry point (`kb.cli`)
ties the three together, importing them lazily.
"""

__version__ = "0.1.0"
