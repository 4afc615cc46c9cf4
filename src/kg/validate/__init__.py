"""Validate: SHACL through the `shacl` engine (``shapes``), and kg's verdict on it (``report``)."""
