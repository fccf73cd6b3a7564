"""The users app: the custom user model and the account pages."""
