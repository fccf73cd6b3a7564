"""Tests of the images app."""
