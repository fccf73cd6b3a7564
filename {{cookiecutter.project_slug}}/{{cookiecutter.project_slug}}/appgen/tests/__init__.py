"""Tests of the appgen app."""
