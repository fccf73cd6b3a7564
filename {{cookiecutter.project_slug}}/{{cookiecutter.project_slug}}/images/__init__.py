"""Images: uploads checked, cleaned, resized on the task worker and served."""
