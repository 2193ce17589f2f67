"""One module per resource: health, search (search and ask), documents."""
