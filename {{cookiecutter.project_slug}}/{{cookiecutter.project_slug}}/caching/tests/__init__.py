"""Tests of the caching app."""
