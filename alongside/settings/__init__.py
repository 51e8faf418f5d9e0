"""Settings per environment: base (shared), local (demo on one machine), test, production."""
