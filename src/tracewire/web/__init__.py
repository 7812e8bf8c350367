"""The analyst's web page: static files shipped in the package, served by ``tracewire serve``.

:mod:`tracewire.web.routes` serves ``/ui/`` (the page) and its assets; the page itself
(``static/``: ``index.html``, ``app.js``, ``graph.js``, ``app.css``) is plain HTML, CSS
and JavaScript modules with no build step and nothing fetched from elsewhere; it calls
the service's JSON API with the user's key.
"""
