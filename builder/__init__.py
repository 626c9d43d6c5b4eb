"""Plan Atlas builder: corpus (YAML) → validated models → Markdown pages → MkDocs site → exports."""
