"""Per-report enrichment: language, sentences, entity mentions, quotes, figures."""
