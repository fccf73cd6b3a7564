"""Template tag libraries of the images app."""
