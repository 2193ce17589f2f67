"""HTTP only: the FastAPI app, its dependencies, auth, the one error shape, routes and the web page."""
