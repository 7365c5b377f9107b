"""kg: knowledge graphs from news text."""
