"""Due Process Clinic: a guided, multilingual, stateless helper for people on China's official lists.

The application factory is :func:`clinic.app.create_app`. This package file imports nothing so
that the pure packages (flow, catalogue, deadlines) can be used without Flask being loaded.
"""
