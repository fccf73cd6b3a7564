"""Template tag libraries of the blog app."""
