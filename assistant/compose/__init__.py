"""Composers: one per intent, each building an Answer's text only from facts the engine or corpus supplied."""
