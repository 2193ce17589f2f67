"""Ingestion: load → normalise → structure → chunks → embeddings → index.

Each step is one module, in the order the data flows:
``load`` (files to clean text with page and block hints), ``structure`` (header metadata and
section tree), ``chunks`` (passages that follow the structure), ``pipeline`` (llama-index
documents, nodes and transformations: sparse terms, embeddings, the store adapter, dedup).
"""
