"""Tests of the backups app."""
