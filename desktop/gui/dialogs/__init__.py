"""Dialogs: consent export, rule packs, preferences, about."""
