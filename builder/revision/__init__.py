"""Revising a plan: match a re-import to the existing corpus, report what changed, keep history."""
