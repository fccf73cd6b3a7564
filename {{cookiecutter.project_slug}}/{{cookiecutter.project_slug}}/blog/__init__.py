"""The example blog app: posts and comments, from model to template."""
