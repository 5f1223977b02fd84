"""kiemsat: harvest, understand and serve the news of Vietnam's people's procuracies.

This package is the spine shared by the stages (``crawler``, ``nlp``,
``search_api``): the article model of the extraction contract, the store that
is the system of record, the settings, and the ``kiemsat`` command line.
"""

__version__ = "0.1.0"
