"""Tests of the blog app."""
