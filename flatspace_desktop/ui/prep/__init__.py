"""The data preparation tools in the window: profile and facets, clusters, transforms, dedupe, recipes."""
