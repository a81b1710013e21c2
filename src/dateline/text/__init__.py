"""Text tools that search, See also, the importers and the articles share: words and
Chinese pairs (``tokens``), what the search index keeps (``indexing``), countries
and the gazetteer of places (``countries``, ``places``). Not an app: no models, and
it imports no other part of Dateline."""
