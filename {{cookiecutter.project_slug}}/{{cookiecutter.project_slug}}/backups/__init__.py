"""Backups: the whole site, its database and uploaded media, in one checked archive.

`manage.py backup` and `manage.py restore` (`make backup`, `make restore`;
deploy/backup.timer runs the first each night) use these modules: `archive` writes
and checks the archive file, `database` takes the database out to a file and puts it
back (through django-dbbackup's connectors). Settings: BACKUP_DIR, BACKUP_KEEP.
"""
