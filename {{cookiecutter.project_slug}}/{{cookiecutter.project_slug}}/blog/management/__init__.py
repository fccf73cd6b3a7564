"""Management package of the blog app."""
