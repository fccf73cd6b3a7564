"""Backups of the whole site: its database and uploaded media in one archive.

`manage.py backup` and `manage.py restore` (`make backup`, `make restore`) use these
modules: `archive` writes and checks the archive file, `database` takes the database
out to a file and puts it back.
"""
