"""The blog's manage.py commands."""
