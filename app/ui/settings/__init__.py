"""The settings window and its pages (General, Model, Presets, Shortcuts)."""
