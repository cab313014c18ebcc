"""Command line, settings and errors shared by the scoring, corpus, assistant and UI packages."""
