"""The app generator: `manage.py startapp <name>` makes a new app from app_template/.

A development tool: only the local and test settings install this app, so
production neither lists it nor imports it. generator.py holds the code, shared with
the template's bake-time hook (which runs before Django is installed, so it imports
nothing from Django); management/commands/startapp.py is the command.
"""
