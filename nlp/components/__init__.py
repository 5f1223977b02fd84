"""The project's own spaCy components (each a configurable ``@Language.factory``).

They are registered through the ``spacy_factories`` entry point in setup.cfg and
by importing this package, so ``spacy.blank("vi")`` can ``add_pipe`` them by name
without a model download.
"""
