"""The parts of the test SAML identity provider; tests use tests/idp/saml_idp.py, not these modules directly."""
