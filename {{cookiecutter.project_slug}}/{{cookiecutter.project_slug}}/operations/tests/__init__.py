"""Tests of the operations app."""
