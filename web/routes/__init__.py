"""The routers, in the order they are mounted. Each module owns one part of the site."""
ROUTERS: list = []
