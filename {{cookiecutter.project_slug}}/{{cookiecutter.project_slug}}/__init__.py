"""The site's Django apps, one folder each."""
