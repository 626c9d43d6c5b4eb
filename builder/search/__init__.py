"""Index stage and staff search: a Whoosh index of provisions, indicators, projects and terms."""
