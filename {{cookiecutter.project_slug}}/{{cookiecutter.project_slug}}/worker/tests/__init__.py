"""Tests of the worker app."""
