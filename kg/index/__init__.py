"""Per-generation indexes over the store: labels and search, name resolution, caches that follow writes."""
