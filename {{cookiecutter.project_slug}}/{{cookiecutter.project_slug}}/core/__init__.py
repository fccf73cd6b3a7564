"""The core app: layout, home page, error pages and pieces shared by every app."""
