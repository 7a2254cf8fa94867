"""A tiny example register, installed only by its test (``records/tests/test_example_register.py``):
water-supply points.  It is the whole of what ``docs/adding-a-register.md`` asks a
newcomer to write — a model, a spec, a provider declaration, an AppConfig and URLs —
and the test proves the framework gives it a list, form, import, export, API and provider."""
