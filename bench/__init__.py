"""Server-time benchmark of the dashboards on a synthetic city: ``python -m bench`` (see ``__main__``)."""
