"""One router per endpoint family; :func:`tracewire.api.app.create_app` mounts them all."""
