"""The local web app: pages, JSON API, saved cases."""
