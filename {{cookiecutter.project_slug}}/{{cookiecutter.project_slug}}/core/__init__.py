"""Core: what every page needs, and nothing more.

The layout (templates/base.html) with its menu (context_processors.py), the home
page and robots.txt (views.py), the error pages, the stylesheet, and the model base
every app's models share (models.py). The other platform apps each hold one concern
beside it: caching, operations, backups, mail, worker, languages, and appgen in
development; docs/architecture.md shows how they stack.
"""
