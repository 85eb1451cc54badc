"""clinlead: an e-learning hub for clinical leadership."""
