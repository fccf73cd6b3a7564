"""Tests of the languages app."""
