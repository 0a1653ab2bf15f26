"""Data preparation: column profiles, clusters of near-identical values, transforms,
deduplication and recipes, as pure functions over streams of values."""
